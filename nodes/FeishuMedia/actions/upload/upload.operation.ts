import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { callFeishu, type ExecutionScope } from '../../transport/feishuClient';
import { uploadInBlocks } from '../../upload/blockUpload';
import type { FeishuCaller } from '../../upload/caller';
import { uploadAll } from '../../upload/uploadAll';
import { eachItem } from '../perItem';
import { buildUploadRequest } from './uploadRequest';

export { uploadDescription as description } from './upload.description';

async function uploadItem(
	context: IExecuteFunctions,
	itemIndex: number,
	scope: ExecutionScope,
): Promise<IDataObject> {
	const request = await buildUploadRequest(context, itemIndex);
	const call: FeishuCaller = async (endpoint, payload) =>
		await callFeishu(scope, request.budget, endpoint, payload);
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
	return await eachItem(this, async (itemIndex, scope) => ({
		json: await uploadItem(this, itemIndex, scope),
	}));
}
