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
export async function readWholeInto(
	source: FileSource,
	target: Buffer,
	onBytes: (bytes: Buffer) => void,
): Promise<void> {
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
				throw new SourceSizeMismatchError(
					`The binary data holds more than the ${source.size} bytes its metadata says`,
				);
			}
			bytes.copy(target, offset);
			onBytes(bytes);
			offset += bytes.length;
		}
	} finally {
		stream.destroy();
	}
	if (offset !== source.size) {
		throw new SourceSizeMismatchError(
			`The binary data holds ${offset} bytes but its metadata says ${source.size}`,
		);
	}
}

/**
 * Reads the file block by block into `areaFor(size)` (blocks of exactly `blockSize` bytes, the last
 * one shorter), yielding each block's size once its bytes are in place. Nothing is buffered
 * beyond the caller's area and one stream chunk; closing the generator early (an error, a break)
 * closes the stream.
 */
export async function* readBlocksInto(
	source: FileSource,
	blockSize: number,
	areaFor: (size: number) => Buffer,
): AsyncGenerator<number> {
	const sizeOf = (offset: number) => Math.min(blockSize, source.size - offset);
	if (source.buffer) {
		for (let offset = 0; offset < source.size; offset += blockSize) {
			const size = sizeOf(offset);
			source.buffer.copy(areaFor(size), 0, offset, offset + size);
			yield size;
		}
		return;
	}
	const stream = await source.openStream();
	let offset = 0;
	let area = areaFor(sizeOf(0));
	let filled = 0;
	try {
		for await (const chunk of stream) {
			let rest = asBuffer(chunk);
			while (rest.length > 0) {
				if (offset + filled >= source.size) {
					throw new SourceSizeMismatchError(
						`The binary data holds more than the ${source.size} bytes its metadata says`,
					);
				}
				const take = Math.min(rest.length, area.length - filled);
				rest.copy(area, filled, 0, take);
				rest = rest.subarray(take);
				filled += take;
				if (filled === area.length) {
					yield area.length;
					offset += area.length;
					filled = 0;
					if (offset < source.size) area = areaFor(sizeOf(offset));
				}
			}
		}
	} finally {
		stream.destroy();
	}
	if (offset !== source.size) {
		throw new SourceSizeMismatchError(
			`The binary data holds ${offset + filled} bytes but its metadata says ${source.size}`,
		);
	}
}
