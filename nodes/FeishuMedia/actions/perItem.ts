import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import { feishuFailureOf, toNodeError } from '../helpers/nodeError';
import type { ExecutionScope } from '../transport/feishuClient';
import { CancelledError } from '../transport/waits';
import { openExecutionScope } from './appSettings';
import { failedItem } from './errorItem';

export type ItemWork = (itemIndex: number, scope: ExecutionScope) => Promise<IDataObject>;
/** Adds what the operation knows (e.g. which scope it needs) to an item's error. */
export type ErrorNote = (error: NodeApiError | NodeOperationError, cause: unknown) => void;

/**
 * Runs `work` for each item in turn, in input order, as Upload does: a failed item becomes an
 * error item under "continue on fail" (actions/errorItem.ts), a stopped execution ends the loop.
 */
export async function eachItem(
	fx: IExecuteFunctions,
	work: ItemWork,
	note?: ErrorNote,
): Promise<INodeExecutionData[]> {
	const items = fx.getInputData();
	const results: INodeExecutionData[] = [];
	// The credential is the same for every item: read it once, but let a bad one fail per item.
	const scope = await openExecutionScope(fx).catch((error: unknown) => error as Error);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			if (scope instanceof Error) throw scope;
			if (scope.signal?.aborted) throw new CancelledError();
			results.push({ json: await work(itemIndex, scope), pairedItem: { item: itemIndex } });
		} catch (error) {
			const nodeError = toNodeError(fx.getNode(), error, itemIndex);
			note?.(nodeError, error);
			if (!fx.continueOnFail() || error instanceof CancelledError) throw nodeError;
			results.push(failedItem(fx.getNode(), nodeError, feishuFailureOf(error), itemIndex));
		}
	}
	return results;
}
