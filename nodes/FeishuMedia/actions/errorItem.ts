import type { IDataObject, NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { FeishuApiFailure } from '../protocol/failures';

/** A failed item's json under "continue on fail": the message, what to do, Feishu's code and log id. */
export function errorItemJson(error: NodeApiError | NodeOperationError, failure: FeishuApiFailure | undefined): IDataObject {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (failure?.code !== undefined) json.feishu_code = failure.code;
	if (failure?.logId !== undefined) json.log_id = failure.logId;
	return json;
}
