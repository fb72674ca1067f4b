import { MEDIA_PATH } from '../protocol/endpoints';
import { FeishuApiFailure, unwrapFeishuAnswer } from '../protocol/failures';
import { tmpUrlsQuery } from '../protocol/mediaRead';
import { exchange } from '../transport/exchange';
import type { ExecutionScope, ItemBudget } from '../transport/feishuClient';
import { withReadRetries } from '../transport/readRetries';
import { newLedger } from '../transport/retries';

/**
 * One batch_get_tmp_download_url call for up to 5 tokens -> file_token -> tmp_download_url. A
 * token Feishu left out of its answer is simply absent from the map: the caller decides what
 * that means for its item.
 */
export async function fetchTemporaryUrls(
	scope: ExecutionScope,
	budget: ItemBudget,
	fileTokens: string[],
	extra: string | undefined,
): Promise<Map<string, string>> {
	const distinct = [...new Set(fileTokens)];
	const url = `${scope.baseUrl}${MEDIA_PATH}batch_get_tmp_download_url?${tmpUrlsQuery(distinct, extra)}`;
	const envelope = await withReadRetries(
		scope,
		budget,
		newLedger(),
		'batch_get_tmp_download_url',
		async (renewToken) => {
			const answer = await exchange(scope, {
				method: 'GET',
				url,
				timeoutMs: budget.timeoutMs,
				renewToken,
				signal: scope.signal,
			});
			return unwrapFeishuAnswer('batch_get_tmp_download_url', answer);
		},
	);
	const data = envelope.data as { tmp_download_urls?: unknown } | undefined;
	const list = data?.tmp_download_urls;
	if (!Array.isArray(list)) {
		throw new FeishuApiFailure(
			'batch_get_tmp_download_url',
			200,
			undefined,
			'the answer has no tmp_download_urls list',
			undefined,
		);
	}
	const urls = new Map<string, string>();
	for (const entry of list as Array<{ file_token?: unknown; tmp_download_url?: unknown }>) {
		if (
			typeof entry?.file_token === 'string' &&
			typeof entry.tmp_download_url === 'string' &&
			distinct.includes(entry.file_token)
		) {
			urls.set(entry.file_token, entry.tmp_download_url);
		}
	}
	return urls;
}
