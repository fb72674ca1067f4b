import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';

import { feishuFailureOf, toNodeError } from '../../helpers/nodeError';
import { FeishuApiFailure } from '../../protocol/failures';
import { describeJobStatus } from '../../protocol/importTask';
import { failedItem } from '../errorItem';
import type { FailureHandling } from '../perItem';
import {
	ImportJobFailedError,
	ImportOutcomeUnknownError,
	ImportStillRunningError,
} from './importJob';

/** The ticket (and job status) a failure knows of, so a later run can look the job up. */
export function importDetailsOf(error: unknown): IDataObject {
	if (error instanceof ImportJobFailedError)
		return { ticket: error.ticket, job_status: error.jobStatus };
	if (error instanceof ImportStillRunningError) {
		const details: IDataObject = { ticket: error.ticket, job_status: error.lastStatus };
		if (error.fileName !== null) details.file_name = error.fileName;
		return details;
	}
	return {};
}

/** A missing scope on the import task calls: the upload's wording would name the wrong scopes. */
function missingImportScope(
	node: INode,
	error: unknown,
	itemIndex: number,
): NodeApiError | undefined {
	if (!(error instanceof FeishuApiFailure) || !error.endpoint.startsWith('import_tasks'))
		return undefined;
	if (error.code !== 99991672 && error.code !== 1061073) return undefined;
	return new NodeApiError(
		node,
		{
			code: error.code,
			msg: error.feishuMessage,
			log_id: error.logId ?? null,
			http_status: error.httpStatus,
			endpoint: error.endpoint,
		},
		{
			itemIndex,
			httpCode: String(error.httpStatus),
			message: `The app lacks the scope for import tasks (Feishu code ${error.code})`,
			description: `In the developer console, add the scope docs:document:import (or drive:drive), then publish a new app version. Feishu said "${error.feishuMessage}" on ${error.endpoint}, log id ${error.logId ?? 'none'}.`,
		},
	);
}

/** Import failures in the user's words; anything else as every operation reports it. */
export function importNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof ImportJobFailedError) {
		const info = describeJobStatus(error.jobStatus);
		const said = error.jobErrorMsg ? ` Feishu said "${error.jobErrorMsg}".` : '';
		return new NodeOperationError(node, `Item ${itemIndex + 1}: ${error.message}`, {
			itemIndex,
			description: `${info.action}${said} Ticket ${error.ticket}.`,
		});
	}
	if (error instanceof ImportStillRunningError) {
		return new NodeOperationError(node, `Item ${itemIndex + 1}: ${error.message}`, {
			itemIndex,
			description: `Feishu has not finished yet; nothing is lost. Run Get Import Result with Ticket ${error.ticket} later, or raise Options > Max Wait.`,
		});
	}
	if (error instanceof ImportOutcomeUnknownError) {
		return new NodeOperationError(node, `Item ${itemIndex + 1}: ${error.message}`, {
			itemIndex,
			description:
				'Look in the target folder for the new document before running the item again: a second run would import the file twice.',
		});
	}
	return missingImportScope(node, error, itemIndex) ?? toNodeError(node, error, itemIndex);
}

/** A failed item (both Continue settings) with the ticket beside the message, where one exists. */
export function failedImportItem(
	node: INode,
	error: unknown,
	itemIndex: number,
): INodeExecutionData {
	const item = failedItem(
		node,
		importNodeError(node, error, itemIndex),
		feishuFailureOf(error),
		itemIndex,
	);
	const details = importDetailsOf(error);
	const inside = item.json.error;
	if (inside !== null && typeof inside === 'object') Object.assign(inside, details);
	else Object.assign(item.json, details);
	return item;
}

/** Import's own wording and error item (with the ticket), for actions/perItem.ts. */
export const IMPORT_FAILURES: FailureHandling = {
	toError: importNodeError,
	toFailedItem: (node, _error, cause, itemIndex) => failedImportItem(node, cause, itemIndex),
};
