import { buf as adler32Buffer } from 'adler-32';
import type { Readable } from 'stream';

/** Feishu wants Adler-32 as an unsigned decimal string; the library returns a signed 32-bit int. */
export function formatChecksum(signedAdler32: number): string {
	return String(signedAdler32 >>> 0);
}

export function checksumOfBuffer(bytes: Uint8Array): string {
	return formatChecksum(adler32Buffer(bytes));
}

/** Folds a stream into one Adler-32 without holding more than one chunk in memory. */
export async function checksumOfStream(stream: Readable): Promise<{ checksum: string; size: number }> {
	let running: number | undefined;
	let size = 0;
	for await (const chunk of stream) {
		const bytes = chunk as Buffer;
		running = adler32Buffer(bytes, running);
		size += bytes.length;
	}
	return { checksum: formatChecksum(running ?? 1), size };
}
