import { FeishuApiFailure, TransportError, handlingOf } from '../protocol/failures';
import { LimiterCancelledError } from '../protocol/rateLimiter';
import {
	ITEM_RETRY_BUDGET_MS,
	MAX_GATEWAY_WAIT_MS,
	UNREACHABLE_BUDGET_MS,
	backoffDelayMs,
} from '../protocol/retryPolicy';
import { storedTokenDue } from './exchange';
import {
	GatewayWaitTooLongError,
	type AttemptNotes,
	type ExecutionScope,
	type ItemBudget,
} from './feishuClient';
import { rateLimiterFor } from './limiters';
import { CancelledError, pause } from './waits';

/** The retries of one item so far: a resumed download spends from the same budget as its first request. */
export interface RetryLedger {
	retriesUsed: number;
	firstFailureAt: number;
}

export function newLedger(): RetryLedger {
	return { retriesUsed: 0, firstFailureAt: 0 };
}

function describe(error: unknown): string {
	if (error instanceof FeishuApiFailure) {
		return error.code === undefined
			? `HTTP ${error.httpStatus}`
			: `code ${error.code} (HTTP ${error.httpStatus}, log id ${error.logId ?? 'none'})`;
	}
	return error instanceof Error ? error.message : String(error);
}

/**
 * Whether `error` may be retried within the item's budgets, and after how long; the gateway asking
 * for a longer pause than the node holds an item for becomes GatewayWaitTooLongError. The same
 * rules as callFeishu's for uploads (retryPolicy).
 */
export function nextRetryDelay(
	error: unknown,
	ledger: RetryLedger,
	budget: ItemBudget,
): number | undefined {
	if (handlingOf(error) !== 'retry' || ledger.retriesUsed >= budget.maxRetries) return undefined;
	const retryAfterMs = error instanceof FeishuApiFailure ? error.retryAfterMs : undefined;
	if (
		error instanceof FeishuApiFailure &&
		retryAfterMs !== undefined &&
		retryAfterMs > MAX_GATEWAY_WAIT_MS
	) {
		throw new GatewayWaitTooLongError(error, retryAfterMs);
	}
	const now = Date.now();
	ledger.firstFailureAt ||= now;
	if (error instanceof TransportError && error.kind === 'unreachable') {
		if (now - ledger.firstFailureAt >= UNREACHABLE_BUDGET_MS) return undefined;
	} else if (now - budget.startedAt >= ITEM_RETRY_BUDGET_MS) return undefined;
	return backoffDelayMs(ledger.retriesUsed, retryAfterMs);
}

/** Waits out a retry delay, counting it against the item. */
export async function waitToRetry(
	scope: ExecutionScope,
	ledger: RetryLedger,
	budget: ItemBudget,
	delayMs: number,
	what: string,
): Promise<void> {
	ledger.retriesUsed++;
	scope.logger?.warn(
		`Feishu ${what}; retry ${ledger.retriesUsed} of ${budget.maxRetries} in ${Math.round(delayMs)} ms`,
	);
	await pause(delayMs, scope.signal);
}

/**
 * One read request made reliable like an upload request: it waits its turn in the app's rate
 * limiter (only until its answer's headers are in: a download's body does not hold the app's
 * slot), renews the token once on 99991661/99991663, and retries the retryable classes with
 * backoff. `send` makes one attempt and throws FeishuApiFailure / TransportError on failure.
 */
export async function withReadRetries<T>(
	scope: ExecutionScope,
	budget: ItemBudget,
	ledger: RetryLedger,
	label: string,
	send: (renewToken: boolean) => Promise<T>,
): Promise<T> {
	if (scope.unreachable) throw scope.unreachable;
	const limiter = rateLimiterFor(scope.baseUrl, scope.appId);
	let renewToken = false;
	let tokenRenewed = false;
	for (;;) {
		let error: unknown;
		try {
			if (!renewToken && !tokenRenewed && (await storedTokenDue(scope)))
				renewToken = tokenRenewed = true;
			const renew = renewToken;
			return await limiter.run(async () => await send(renew), scope.signal);
		} catch (caught) {
			error = caught;
		}
		if (
			error instanceof LimiterCancelledError ||
			error instanceof CancelledError ||
			scope.signal?.aborted
		)
			throw new CancelledError();
		renewToken = false;
		if (handlingOf(error) === 'refresh' && !tokenRenewed) {
			tokenRenewed = renewToken = true;
			scope.logger?.debug(
				`Feishu ${label}: token rejected (${describe(error)}); fetching a new one`,
			);
			continue;
		}
		const delay = nextRetryDelay(error, ledger, budget);
		if (delay !== undefined) {
			await waitToRetry(scope, ledger, budget, delay, `${label}: ${describe(error)}`);
			continue;
		}
		if (error instanceof TransportError && (error.kind === 'unreachable' || error.kind === 'dns'))
			scope.unreachable = error;
		if (error instanceof Error)
			Object.assign(error, { attempts: ledger.retriesUsed + 1 } satisfies AttemptNotes);
		throw error;
	}
}
