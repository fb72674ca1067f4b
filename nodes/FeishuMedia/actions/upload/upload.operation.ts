import type { IDataObject, IExecuteFunctions, INodeExecutionData, NodeApiError, NodeOperationError } from 'n8n-workflow';

import { uploadInBlocks } from '../../transport/blockUpload';
import type { FeishuClientSettings } from '../../transport/feishuClient';
import type { FeishuApiFailure } from '../../transport/feishuFailure';
import { feishuFailureOf, toNodeError } from '../../transport/nodeError';
import { uploadAll } from '../../transport/uploadAll';
import { loadAppSettings } from '../appSettings';
import { buildUploadRequest } from './uploadRequest';

export { uploadDescription as description } from './upload.description';

async function uploadItem(context: IExecuteFunctions, itemIndex: number, app: Omit<FeishuClientSettings, 'maxRetries'>): Promise<IDataObject> {
	const request = await buildUploadRequest(context, itemIndex);
	const settings = { ...app, maxRetries: request.maxRetries, idleTimeoutMs: request.idleTimeoutMs };
	const { target, source } = request;
	const summary = {
		file_name: target.fileName,
		size: source.size,
		parent_type: target.parentType,
		parent_node: target.parentNode,
	};
	if (request.useBlocks) {
		const { fileToken, blockNum } = await uploadInBlocks(settings, target, source);
		return { file_token: fileToken, ...summary, upload_mode: 'chunked', block_num: blockNum };
	}
	const { fileToken } = await uploadAll(settings, target, source);
	return { file_token: fileToken, ...summary, upload_mode: 'upload_all' };
}

/** The error item of "continue on fail": the message, what to do, and Feishu's code and log id. */
function errorItemJson(error: NodeApiError | NodeOperationError, failure: FeishuApiFailure | undefined): IDataObject {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (failure?.code !== undefined) json.feishu_code = failure.code;
	if (failure?.logId !== undefined) json.log_id = failure.logId;
	return json;
}

/** Uploads each item's file in turn; with "continue on fail" a failed item becomes an error item. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const results: INodeExecutionData[] = [];
	// The credential is the same for every item: read it once, but let a bad one fail per item.
	const app = await loadAppSettings(this).catch((error: unknown) => error as Error);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			if (app instanceof Error) throw app;
			results.push({ json: await uploadItem(this, itemIndex, app), pairedItem: { item: itemIndex } });
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			results.push({ json: errorItemJson(nodeError, feishuFailureOf(error)), pairedItem: { item: itemIndex } });
		}
	}
	return results;
}
