import type { ExecutionScope, ItemBudget } from './feishuClient';
import { rateLimiterFor } from './limiters';
import { withRetries, type RetryLedger } from './retries';

/**
 * One read request made reliable like an upload request (withRetries): it waits its turn in the
 * app's media limiter only until its answer's headers are in, so a download's body does not hold
 * the app's slot, and a read's answer may be a file, so it does not set the limiter's pace.
 * `send` makes one attempt and throws FeishuApiFailure / TransportError on failure.
 */
export async function withReadRetries<T>(
	scope: ExecutionScope,
	budget: ItemBudget,
	ledger: RetryLedger,
	label: string,
	send: (renewToken: boolean) => Promise<T>,
): Promise<T> {
	return await withRetries(scope, budget, {
		label,
		limiter: rateLimiterFor(scope.baseUrl, scope.appId),
		send,
		accept: (answer) => answer,
		// A read changes nothing: a lost answer is simply asked for again.
		retrySafe: true,
		ledger,
	});
}
