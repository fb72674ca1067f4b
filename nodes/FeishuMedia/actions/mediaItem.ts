import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from '../protocol/retryPolicy';
import { UPLOAD_ALL_MAX_BYTES, type UploadTarget } from '../protocol/uploadTarget';
import { callFeishu, type ExecutionScope, type ItemBudget } from '../transport/feishuClient';
import { uploadInBlocks } from '../upload/blockUpload';
import type { FeishuCaller } from '../upload/caller';
import type { FileSource } from '../upload/fileSource';
import { uploadAll } from '../upload/uploadAll';
import { readItemFile } from './upload/itemFile';

const MAX_FILE_NAME_LENGTH = 250;

/** The file an item carries, checked as Upload checks it, for the operations that upload on the way. */
export interface MediaItem {
	source: FileSource;
	fileName: string;
	mimeType: string | undefined;
	budget: ItemBudget;
}

/** Options > Max Retries and Timeout, as Upload reads them. */
export function itemBudget(options: IDataObject): ItemBudget {
	const maxRetries =
		options.maxRetries === undefined ? DEFAULT_MAX_RETRIES : Number(options.maxRetries);
	const timeout = Number(options.timeout);
	return {
		maxRetries:
			Number.isFinite(maxRetries) && maxRetries >= 0 ? Math.floor(maxRetries) : DEFAULT_MAX_RETRIES,
		timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS,
		startedAt: Date.now(),
	};
}

export async function readMediaItem(
	fx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): Promise<MediaItem> {
	const binaryPropertyName = String(
		fx.getNodeParameter('binaryPropertyName', itemIndex, 'data'),
	).trim();
	const file = await readItemFile(fx, itemIndex, binaryPropertyName);
	const fileName = String(options.fileName || file.fileName || '');
	const fail = (message: string, description: string) =>
		new NodeOperationError(fx.getNode(), `Item ${itemIndex + 1}: ${message}`, {
			itemIndex,
			description,
		});
	if (fileName.trim() === '')
		throw fail('the file name is empty', 'The binary has no file name; set Options > File Name.');
	const length = [...fileName].length;
	if (length > MAX_FILE_NAME_LENGTH) {
		throw fail(
			`the file name is ${length} characters long; Feishu allows at most ${MAX_FILE_NAME_LENGTH}`,
			'Set a shorter name in Options > File Name.',
		);
	}
	const mimeType = fx.getInputData()[itemIndex].binary?.[binaryPropertyName]?.mimeType;
	return { source: file.source, fileName, mimeType, budget: itemBudget(options) };
}

/** Uploads the item's file to `target`: one request up to 20 MiB, blocks above. Answers the file_token. */
export async function uploadMedia(
	scope: ExecutionScope,
	item: MediaItem,
	target: UploadTarget,
): Promise<string> {
	const call: FeishuCaller = async (endpoint, payload) =>
		await callFeishu(scope, item.budget, endpoint, payload);
	if (item.source.size > UPLOAD_ALL_MAX_BYTES)
		return (await uploadInBlocks(call, scope.logger, target, item.source)).fileToken;
	return (await uploadAll(call, target, item.source)).fileToken;
}
