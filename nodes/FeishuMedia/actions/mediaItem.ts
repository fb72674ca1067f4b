import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { UPLOAD_ALL_MAX_BYTES, type UploadTarget } from '../protocol/uploadTarget';
import { callFeishu, type ExecutionScope, type ItemBudget } from '../transport/feishuClient';
import { uploadInBlocks } from '../upload/blockUpload';
import type { FeishuCaller } from '../upload/caller';
import type { FileSource } from '../upload/fileSource';
import { uploadAll } from '../upload/uploadAll';
import { itemBudget } from './itemBudget';
import { readNamedItemFile } from './upload/itemFile';

/** The file an item carries, checked as Upload checks it, for the operations that upload on the way. */
export interface MediaItem {
	source: FileSource;
	fileName: string;
	mimeType: string | undefined;
	budget: ItemBudget;
}

export async function readMediaItem(
	fx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): Promise<MediaItem> {
	const { source, fileName, mimeType } = await readNamedItemFile(fx, itemIndex, options);
	return { source, fileName, mimeType, budget: itemBudget(options) };
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
