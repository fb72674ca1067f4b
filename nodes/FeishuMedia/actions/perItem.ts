import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import { feishuFailureOf, toNodeError } from '../helpers/nodeError';
import type { ExecutionScope } from '../transport/feishuClient';
import { CancelledError } from '../transport/waits';
import { openExecutionScope } from './appSettings';
import { failedItem } from './errorItem';

/** What one item's work hands back; pairing is added here. */
export interface ItemOutput {
	json: IDataObject;
	binary?: IBinaryKeyData;
}

export type ItemWork = (itemIndex: number, scope: ExecutionScope) => Promise<ItemOutput>;

type NodeFailure = NodeApiError | NodeOperationError;

/** Adds what the operation knows (e.g. which scope it needs) to an item's error. */
export type ErrorNote = (error: NodeFailure, cause: unknown) => void;

/** How an operation words its failures; each part defaults to the node's common one. */
export interface FailureHandling {
	toError?: (node: INode, error: unknown, itemIndex: number) => NodeFailure;
	note?: ErrorNote;
	toFailedItem?: (
		node: INode,
		error: NodeFailure,
		cause: unknown,
		itemIndex: number,
	) => INodeExecutionData;
}

function commonFailedItem(
	node: INode,
	error: NodeFailure,
	cause: unknown,
	itemIndex: number,
): INodeExecutionData {
	return failedItem(node, error, feishuFailureOf(cause), itemIndex);
}

/**
 * Runs `work` for each item in turn, in input order: a failed item becomes an error item under
 * "continue on fail" (actions/errorItem.ts) and the others still run; a stopped execution ends
 * the loop. Every item ends with its result or its error.
 */
export async function eachItem(
	fx: IExecuteFunctions,
	work: ItemWork,
	handling: FailureHandling = {},
): Promise<INodeExecutionData[]> {
	const { toError = toNodeError, note, toFailedItem = commonFailedItem } = handling;
	const items = fx.getInputData();
	const results: INodeExecutionData[] = [];
	// The credential is the same for every item: read it once, but let a bad one fail per item.
	const scope = await openExecutionScope(fx).catch((error: unknown) => error as Error);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			if (scope instanceof Error) throw scope;
			if (scope.signal?.aborted) throw new CancelledError();
			results.push({ ...(await work(itemIndex, scope)), pairedItem: { item: itemIndex } });
		} catch (error) {
			const nodeError = toError(fx.getNode(), error, itemIndex);
			note?.(nodeError, error);
			// A stopped execution ends here: its remaining items are not "failed items".
			if (!fx.continueOnFail() || error instanceof CancelledError) throw nodeError;
			results.push(toFailedItem(fx.getNode(), nodeError, error, itemIndex));
		}
	}
	return results;
}
