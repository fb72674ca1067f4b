import { Readable } from 'stream';

/** The bytes to upload, whether they sit in memory or in n8n's binary data store. */
export interface FileSource {
	size: number;
	/** A fresh stream over the whole file; callable as often as needed (each retry reads anew). */
	openStream(): Promise<Readable>;
	/** Set when the bytes are already in memory (inline base64 binary). */
	buffer?: Buffer;
}

export function bufferSource(buffer: Buffer): FileSource {
	return { size: buffer.length, buffer, openStream: async () => Readable.from([buffer]) };
}

/**
 * Yields the file in blocks of exactly `blockSize` bytes (the last one shorter), holding at most
 * one block in memory for a streamed source and copying nothing for an in-memory one.
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
			let rest = chunk as Buffer;
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
