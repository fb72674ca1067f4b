import { checksumOfBuffer, checksumOfStream } from './checksum';
import { callUploadEndpoint, type FeishuClientSettings } from './feishuClient';
import type { FileSource } from './fileSource';
import { buildMultipartBody } from './multipartBody';
import { targetFields, type UploadTarget } from './uploadTarget';

export class SourceSizeMismatchError extends Error {}

/**
 * Single-request upload (files up to 20 MiB). A streamed source is read twice: once for the
 * checksum, once into the request body, so memory stays bounded at any size.
 */
export async function uploadAll(
	settings: FeishuClientSettings,
	target: UploadTarget,
	source: FileSource,
): Promise<{ fileToken: string }> {
	let checksum: string;
	if (source.buffer) {
		checksum = await checksumOfBuffer(source.buffer);
	} else {
		const measured = await checksumOfStream(await source.openStream());
		if (measured.size !== source.size) {
			throw new SourceSizeMismatchError(
				`The binary data holds ${measured.size} bytes but its metadata says ${source.size}`,
			);
		}
		checksum = measured.checksum;
	}
	const fields = { ...targetFields(target), size: String(source.size), checksum };
	const data = await callUploadEndpoint(settings, 'upload_all', async () =>
		buildMultipartBody(fields, {
			content: source.buffer ?? (await source.openStream()),
			size: source.size,
			fileName: target.fileName,
		}),
	);
	return { fileToken: requireFileToken(data, 'upload_all') };
}

export function requireFileToken(data: Record<string, unknown>, endpoint: string): string {
	const token = data.file_token;
	if (typeof token !== 'string' || token === '') {
		throw new Error(`Feishu's ${endpoint} answer has no file_token`);
	}
	return token;
}
