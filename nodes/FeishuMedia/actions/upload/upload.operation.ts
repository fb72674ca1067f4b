import type { IDataObject, IExecuteFunctions, INodeExecutionData, NodeApiError, NodeOperationError } from 'n8n-workflow';

import { feishuFailureOf, toNodeError } from '../../helpers/nodeError';
import type { FeishuApiFailure } from '../../protocol/failures';
import { callFeishu, type ExecutionScope } from '../../transport/feishuClient';
import { CancelledError } from '../../transport/waits';
import { uploadInBlocks } from '../../upload/blockUpload';
import type { FeishuCaller } from '../../upload/caller';
import { uploadAll } from '../../upload/uploadAll';
import { openExecutionScope } from '../appSettings';
import { buildUploadRequest } from './uploadRequest';

export { uploadDescription as description } from './upload.description';

async function uploadItem(context: IExecuteFunctions, itemIndex: number, scope: ExecutionScope): Promise<IDataObject> {
	const request = await buildUploadRequest(context, itemIndex);
	const budget = { maxRetries: request.maxRetries, timeoutMs: request.timeoutMs, startedAt: Date.now() };
	const call: FeishuCaller = async (endpoint, payload) => await callFeishu(scope, budget, endpoint, payload);
	const { target, source } = request;
	const summary = {
		file_name: target.fileName,
		size: source.size,
		parent_type: target.parentType,
		parent_node: target.parentNode,
	};
	if (request.mode === 'chunked') {
		const { fileToken, blockNum } = await uploadInBlocks(call, scope.logger, target, source);
		return { file_token: fileToken, ...summary, upload_mode: 'chunked', block_num: blockNum };
	}
	const { fileToken } = await uploadAll(call, target, source);
	return { file_token: fileToken, ...summary, upload_mode: 'upload_all' };
}

/** The error item's json: the message, what to do, and Feishu's code and log id. */
function errorItemJson(error: NodeApiError | NodeOperationError, failure: FeishuApiFailure | undefined): IDataObject {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (failure?.code !== undefined) json.feishu_code = failure.code;
	if (failure?.logId !== undefined) json.log_id = failure.logId;
	return json;
}

/**
 * Uploads each item's file in turn. With "continue on fail" a failed item becomes an error item
 * that carries `error`, which is how n8n tells the error output's items from the others.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const results: INodeExecutionData[] = [];
	// The credential is the same for every item: read it once, but let a bad one fail per item.
	const scope = await openExecutionScope(this).catch((error: unknown) => error as Error);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			if (scope instanceof Error) throw scope;
			if (scope.signal?.aborted) throw new CancelledError();
			results.push({ json: await uploadItem(this, itemIndex, scope), pairedItem: { item: itemIndex } });
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, itemIndex);
			// A stopped execution ends here: its remaining items are not "failed items".
			if (!this.continueOnFail() || error instanceof CancelledError) throw nodeError;
			results.push({ json: errorItemJson(nodeError, feishuFailureOf(error)), error: nodeError, pairedItem: { item: itemIndex } });
		}
	}
	return results;
}
