import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { fetchTemporaryUrls } from '../../download/temporaryUrls';
import { feishuFailureOf } from '../../helpers/nodeError';
import { toReadNodeError } from '../../helpers/readNodeError';
import { TMP_URLS_PER_CALL, TMP_URL_LIFETIME_HOURS, inGroups } from '../../protocol/mediaRead';
import { CancelledError } from '../../transport/waits';
import { openExecutionScope } from '../appSettings';
import { failedItem } from '../errorItem';
import { readParameters, type ReadParameters } from '../readParameters';

export { getTemporaryUrlsDescription as description } from './getTemporaryUrls.description';

type Outcome = { url: string } | { error: unknown };

/** Items that share an Extra can share a call: item indexes grouped by Extra, in input order. */
function byExtra(requests: Map<number, ReadParameters>): number[][] {
	const groups = new Map<string, number[]>();
	for (const [itemIndex, request] of requests) {
		const key = request.extra ?? '';
		groups.set(key, [...(groups.get(key) ?? []), itemIndex]);
	}
	return [...groups.values()];
}

/**
 * Every item's file_token -> a temporary link, 5 tokens per batch_get_tmp_download_url call. The
 * output keeps the input's order and pairing; a token Feishu did not return, or a call that failed,
 * fails only its own items (continue on fail).
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const outcomes = new Map<number, Outcome>();
	const requests = new Map<number, ReadParameters>();
	const scope = await openExecutionScope(this).catch((error: unknown) => error as Error);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			if (scope instanceof Error) throw scope;
			requests.set(itemIndex, readParameters(this, itemIndex));
		} catch (error) {
			// Without continue on fail, a bad item stops the node before any request is made.
			if (!this.continueOnFail()) throw toReadNodeError(this.getNode(), error, itemIndex);
			outcomes.set(itemIndex, { error });
		}
	}
	if (!(scope instanceof Error)) {
		for (const group of byExtra(requests)) {
			for (const batch of inGroups(group, TMP_URLS_PER_CALL)) {
				if (scope.signal?.aborted)
					throw toReadNodeError(this.getNode(), new CancelledError(), batch[0]);
				const first = requests.get(batch[0]) as ReadParameters;
				const tokens = batch.map(
					(itemIndex) => (requests.get(itemIndex) as ReadParameters).fileToken,
				);
				try {
					const urls = await fetchTemporaryUrls(scope, first.budget, tokens, first.extra);
					for (const [position, itemIndex] of batch.entries()) {
						const url = urls.get(tokens[position]);
						outcomes.set(
							itemIndex,
							url !== undefined
								? { url }
								: { error: notReturned(this, tokens[position], itemIndex) },
						);
					}
				} catch (error) {
					if (error instanceof CancelledError)
						throw toReadNodeError(this.getNode(), error, batch[0]);
					for (const itemIndex of batch) outcomes.set(itemIndex, { error });
				}
				const failed = batch.find((itemIndex) => 'error' in (outcomes.get(itemIndex) as Outcome));
				if (failed !== undefined && !this.continueOnFail()) {
					throw toReadNodeError(
						this.getNode(),
						(outcomes.get(failed) as { error: unknown }).error,
						failed,
					);
				}
			}
		}
	}
	const results: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const outcome = outcomes.get(itemIndex) as Outcome;
		if ('url' in outcome) {
			const fileToken = (requests.get(itemIndex) as ReadParameters).fileToken;
			results.push({
				json: { file_token: fileToken, tmp_download_url: outcome.url },
				pairedItem: { item: itemIndex },
			});
			continue;
		}
		const nodeError = toReadNodeError(this.getNode(), outcome.error, itemIndex);
		if (!this.continueOnFail()) throw nodeError;
		results.push(failedItem(this.getNode(), nodeError, feishuFailureOf(outcome.error), itemIndex));
	}
	return results;
}

function notReturned(
	fx: IExecuteFunctions,
	fileToken: string,
	itemIndex: number,
): NodeOperationError {
	return new NodeOperationError(
		fx.getNode(),
		`Feishu gave no temporary link for file token ${fileToken}`,
		{
			itemIndex,
			description: `Feishu answers only for tokens the app may download: check that the token exists and that the app can read the document that holds it (a Base attachment under advanced permissions needs Extra). Links live ${TMP_URL_LIFETIME_HOURS} hours.`,
		},
	);
}
