import type {
	IDataObject,
	INode,
	INodeExecutionData,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import type { FeishuApiFailure } from '../protocol/failures';

/** A failed item's details: the message, what to do, Feishu's code and log id. */
export function errorItemJson(
	error: NodeApiError | NodeOperationError,
	failure: FeishuApiFailure | undefined,
): IDataObject {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (failure?.code !== undefined) json.feishu_code = failure.code;
	if (failure?.logId !== undefined) json.log_id = failure.logId;
	return json;
}

/**
 * The item a failure becomes under "continue on fail". n8n sends an item to the error output only
 * when its json is `{ error }` alone (it then merges the input item's json in), and it replaces the
 * json of any item carrying `item.error` by the bare message. So: with "Continue (using error
 * output)" the details travel inside `json.error`, as n8n's HTTP Request node does; with
 * "Continue (regular output)" they stay flat, as before.
 */
export function failedItem(
	node: INode,
	error: NodeApiError | NodeOperationError,
	failure: FeishuApiFailure | undefined,
	itemIndex: number,
): INodeExecutionData {
	const details = errorItemJson(error, failure);
	if (node.onError === 'continueErrorOutput') {
		const { error: message, ...rest } = details;
		return { json: { error: { message, ...rest } }, pairedItem: { item: itemIndex } };
	}
	return { json: details, pairedItem: { item: itemIndex } };
}
