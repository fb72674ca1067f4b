/** A stream of the file's bytes, as n8n's binary store hands it out. */
export interface ByteStream extends AsyncIterable<unknown> {
	destroy(error?: Error): void;
}

/** The bytes to upload, whether they sit in memory or in n8n's binary data store. */
export interface FileSource {
	size: number;
	/** A fresh stream over the whole file. */
	openStream(): Promise<ByteStream>;
	/** Set when the bytes are already in memory (inline base64 binary). */
	buffer?: Buffer;
}

export class SourceSizeMismatchError extends Error {}

function asBuffer(chunk: unknown): Buffer {
	return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
}

export function bufferSource(buffer: Buffer): FileSource {
	return {
		size: buffer.length,
		buffer,
		openStream: async () => {
			throw new Error('an in-memory file is read from its buffer');
		},
	};
}

/**
 * Copies the whole file into `target` (exactly `source.size` bytes), calling `onBytes` on each
 * piece. The stream is closed on every path, so no file handle outlives the call.
 */
export async function readWholeInto(source: FileSource, target: Buffer, onBytes: (bytes: Buffer) => void): Promise<void> {
	if (source.buffer) {
		source.buffer.copy(target);
		onBytes(source.buffer);
		return;
	}
	const stream = await source.openStream();
	let offset = 0;
	try {
		for await (const chunk of stream) {
			const bytes = asBuffer(chunk);
			if (offset + bytes.length > target.length) {
				throw new SourceSizeMismatchError(`The binary data holds more than the ${source.size} bytes its metadata says`);
			}
			bytes.copy(target, offset);
			onBytes(bytes);
			offset += bytes.length;
		}
	} finally {
		stream.destroy();
	}
	if (offset !== source.size) {
		throw new SourceSizeMismatchError(`The binary data holds ${offset} bytes but its metadata says ${source.size}`);
	}
}

/**
 * Yields the file in blocks of exactly `blockSize` bytes (the last one shorter), holding at most
 * one block in memory for a streamed source and copying nothing for an in-memory one. Closing
 * the generator early (an error, a break) closes the stream.
 */
export async function* readBlocks(source: FileSource, blockSize: number): AsyncGenerator<Buffer> {
	if (source.buffer) {
		for (let offset = 0; offset < source.buffer.length; offset += blockSize) {
			yield source.buffer.subarray(offset, offset + blockSize);
		}
		return;
	}
	const stream = await source.openStream();
	let pending: Buffer[] = [];
	let pendingBytes = 0;
	try {
		for await (const chunk of stream) {
			let rest = asBuffer(chunk);
			while (pendingBytes + rest.length >= blockSize) {
				const take = blockSize - pendingBytes;
				pending.push(rest.subarray(0, take));
				yield Buffer.concat(pending, blockSize);
				rest = rest.subarray(take);
				pending = [];
				pendingBytes = 0;
			}
			if (rest.length > 0) {
				pending.push(rest);
				pendingBytes += rest.length;
			}
		}
		if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
	} finally {
		stream.destroy();
	}
}
