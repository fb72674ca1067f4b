import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from '../protocol/retryPolicy';
import type { ItemBudget } from '../transport/feishuClient';

/**
 * Options > Max Retries and Timeout as the item's budget, from now. A value the editor would not
 * let through (an expression may) falls back to its default rather than retrying without end.
 */
export function itemBudget(options: IDataObject): ItemBudget {
	const maxRetries = Number(options.maxRetries ?? DEFAULT_MAX_RETRIES);
	const timeout = Number(options.timeout ?? DEFAULT_TIMEOUT_MS);
	return {
		maxRetries:
			Number.isFinite(maxRetries) && maxRetries >= 0 ? Math.floor(maxRetries) : DEFAULT_MAX_RETRIES,
		timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS,
		startedAt: Date.now(),
	};
}
