import FormData from 'form-data';
import type { Readable } from 'stream';

import type { RequestBody } from './httpClient';

export interface FilePart {
	/** A fresh stream of exactly `size` bytes, or the bytes themselves. */
	content: Readable | Buffer;
	size: number;
	fileName: string;
}

/**
 * Builds a multipart body whose length is known up front, so the file is streamed rather than
 * buffered. Called again for every attempt: a sent stream cannot be replayed.
 */
export function buildMultipartBody(fields: Record<string, string>, file: FilePart): RequestBody {
	const form = new FormData();
	for (const [name, value] of Object.entries(fields)) form.append(name, value);
	form.append('file', file.content, {
		filename: file.fileName,
		contentType: 'application/octet-stream',
		knownLength: file.size,
	});
	const source = file.content;
	return {
		stream: form as unknown as Readable,
		headers: { ...form.getHeaders(), 'Content-Length': form.getLengthSync() },
		dispose: () => {
			if (!Buffer.isBuffer(source)) source.destroy();
		},
	};
}
