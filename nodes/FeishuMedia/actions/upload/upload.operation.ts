import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { feishuFailureOf, toNodeError } from '../../helpers/nodeError';
import { callFeishu, type ExecutionScope } from '../../transport/feishuClient';
import { CancelledError } from '../../transport/waits';
import { uploadInBlocks } from '../../upload/blockUpload';
import type { FeishuCaller } from '../../upload/caller';
import { uploadAll } from '../../upload/uploadAll';
import { openExecutionScope } from '../appSettings';
import { failedItem } from '../errorItem';
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
		// Uploads as a user say so; the app's output stays as it was.
		...(scope.credential.identity === 'user' ? { identity: 'user' } : {}),
	};
	if (request.mode === 'chunked') {
		const { fileToken, blockNum } = await uploadInBlocks(call, scope.logger, target, source);
		return { file_token: fileToken, ...summary, upload_mode: 'chunked', block_num: blockNum };
	}
	const { fileToken } = await uploadAll(call, target, source);
	return { file_token: fileToken, ...summary, upload_mode: 'upload_all' };
}

/**
 * Uploads each item's file in turn. With "continue on fail" a failed item becomes an error item
 * (actions/errorItem.ts) and the other items still go up.
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
			results.push(failedItem(this.getNode(), nodeError, feishuFailureOf(error), itemIndex));
		}
	}
	return results;
}
