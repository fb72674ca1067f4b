import { Adler32, checksumText } from '../protocol/adler32';
import { MultipartFrame } from '../protocol/multipart';
import { targetFields, type UploadTarget } from '../protocol/uploadTarget';
import type { FeishuCaller } from './caller';
import { readWholeInto, type FileSource } from './fileSource';

/**
 * Single-request upload (files up to 20 MiB). The file is read once, straight into the request
 * body, and its checksum computed on the way; every attempt resends that same body.
 */
export async function uploadAll(
	call: FeishuCaller,
	target: UploadTarget,
	source: FileSource,
): Promise<{ fileToken: string }> {
	const fields = { ...targetFields(target), size: String(source.size) };
	const frame = new MultipartFrame(fields, target.fileName, source.size);
	const adler = new Adler32();
	await readWholeInto(source, frame.fileArea(source.size), (bytes) => adler.update(bytes));
	const data = await call('upload_all', {
		multipart: frame.complete(fields, checksumText(adler.digest()), source.size),
	});
	return { fileToken: requireFileToken(data, 'upload_all') };
}

export class MissingFileTokenError extends Error {}

export function requireFileToken(data: Record<string, unknown>, endpoint: string): string {
	const token = data.file_token;
	if (typeof token !== 'string' || token === '') {
		throw new MissingFileTokenError(`Feishu's ${endpoint} answer has no file_token`);
	}
	return token;
}
