import { FeishuApiFailure, TransportError, handlingOf } from '../protocol/failures';
import {
	LimiterCancelledError,
	type AppRateLimiter,
	type PaceSignal,
} from '../protocol/rateLimiter';
import {
	ITEM_RETRY_BUDGET_MS,
	MAX_GATEWAY_WAIT_MS,
	UNREACHABLE_BUDGET_MS,
	backoffDelayMs,
} from '../protocol/retryPolicy';
import { attempt, settle } from '../protocol/settle';
import { storedTokenDue } from './exchange';
import type { AttemptNotes, ExecutionScope, ItemBudget } from './feishuClient';
import { CancelledError, pause } from './waits';

/** The retries of one item so far: a resumed download spends from the same budget as its first request. */
export interface RetryLedger {
	retriesUsed: number;
	firstFailureAt: number;
}

export function newLedger(): RetryLedger {
	return { retriesUsed: 0, firstFailureAt: 0 };
}

/** The gateway asked for a longer pause than the node is willing to hold an item for. */
export class GatewayWaitTooLongError extends Error {
	constructor(
		readonly failure: FeishuApiFailure,
		readonly waitMs: number,
	) {
		super(`Feishu's gateway asked to wait ${Math.round(waitMs / 1000)} s before the next request`);
	}
}

/** An error for the log: Feishu's code and log id, never a request's headers or body. */
function describeForLog(error: unknown): string {
	if (error instanceof FeishuApiFailure) {
		return error.code === undefined
			? `HTTP ${error.httpStatus}`
			: `code ${error.code} (HTTP ${error.httpStatus}, log id ${error.logId ?? 'none'})`;
	}
	return error instanceof Error ? error.message : String(error);
}

/**
 * Whether `error` may be retried within the item's budgets, and after how long (retryPolicy). A
 * gateway asking for a longer pause than the node holds an item for becomes
 * GatewayWaitTooLongError, whatever retries are left, so the user reads the wait. An unreachable
 * host gets UNREACHABLE_BUDGET_MS from its first failure, the coming wait included.
 */
export function nextRetryDelay(
	error: unknown,
	ledger: RetryLedger,
	budget: ItemBudget,
): number | undefined {
	if (handlingOf(error) !== 'retry') return undefined;
	const retryAfterMs = error instanceof FeishuApiFailure ? error.retryAfterMs : undefined;
	if (
		error instanceof FeishuApiFailure &&
		retryAfterMs !== undefined &&
		retryAfterMs > MAX_GATEWAY_WAIT_MS
	) {
		throw new GatewayWaitTooLongError(error, retryAfterMs);
	}
	if (ledger.retriesUsed >= budget.maxRetries) return undefined;
	const now = Date.now();
	ledger.firstFailureAt ||= now;
	const delayMs = backoffDelayMs(ledger.retriesUsed, retryAfterMs);
	if (error instanceof TransportError && error.kind === 'unreachable') {
		if (now + delayMs - ledger.firstFailureAt > UNREACHABLE_BUDGET_MS) return undefined;
	} else if (now - budget.startedAt >= ITEM_RETRY_BUDGET_MS) return undefined;
	return delayMs;
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
 * One Feishu request as the retry loop sees it. What differs between the calls is said here; the
 * rules (token, retries, budgets, cancellation) are the loop's.
 */
export interface RetriedCall<A, T> {
	/** Names the call in logs, e.g. "upload_all" or "docx create block". */
	label: string;
	/** The app's limiter for this family of endpoints; one attempt holds its slot while it is sent. */
	limiter: AppRateLimiter;
	/** One attempt; `renewToken` asks for a new token first (Feishu rejected the stored one). */
	send: (renewToken: boolean) => Promise<A>;
	/** What an answer tells the limiter's pace; without it (reads) the pace stays as it is. */
	judge?: (answer: A) => PaceSignal;
	/** The answer's result, or Feishu's failure thrown; judged after the slot is freed. */
	accept: (answer: A) => T;
	/**
	 * Whether a retry after a lost answer is safe (the call is idempotent, or carries Feishu's
	 * client_token). When false, a lost answer is not retried: the call may have taken effect.
	 */
	retrySafe: boolean;
	/** The item's retries so far, when it makes more than one call from the same budget. */
	ledger?: RetryLedger;
}

/**
 * The node's one retry loop. Each attempt waits its turn in the app's limiter; the token is
 * renewed ahead of expiry, and once when Feishu rejects it with 99991661/99991663 (HTTP 400, so
 * n8n's own renewal never fires); the retryable classes are retried with backoff within the
 * item's budgets. A failure that ends the item carries AttemptNotes, and an unreachable host is
 * remembered so that the execution's later items fail at once.
 */
export async function withRetries<A, T>(
	scope: ExecutionScope,
	budget: ItemBudget,
	call: RetriedCall<A, T>,
): Promise<T> {
	if (scope.unreachable) throw scope.unreachable;
	const ledger = call.ledger ?? newLedger();
	let renewToken = false;
	let tokenRenewed = false;
	let answerLost = false;
	for (;;) {
		// Renewed ahead of expiry, so a long block upload never meets a dying token.
		if (!renewToken && !tokenRenewed && (await storedTokenDue(scope)))
			renewToken = tokenRenewed = true;
		const renew = renewToken;
		const sent = await settle(
			call.limiter.run(async () => await call.send(renew), scope.signal, call.judge),
		);
		renewToken = false;
		const outcome = sent.ok ? attempt(() => call.accept(sent.value)) : sent;
		if (outcome.ok) return outcome.value;
		const { error } = outcome;
		if (
			error instanceof CancelledError ||
			error instanceof LimiterCancelledError ||
			scope.signal?.aborted
		)
			throw new CancelledError();
		if (error instanceof TransportError && error.outcomeUnknown) answerLost = true;
		if (handlingOf(error) === 'refresh' && !tokenRenewed) {
			tokenRenewed = renewToken = true;
			scope.logger?.debug(
				`Feishu ${call.label}: token rejected (${describeForLog(error)}); fetching a new one`,
			);
			continue;
		}
		const delay = answerLost && !call.retrySafe ? undefined : nextRetryDelay(error, ledger, budget);
		if (delay !== undefined) {
			await waitToRetry(scope, ledger, budget, delay, `${call.label}: ${describeForLog(error)}`);
			continue;
		}
		if (error instanceof TransportError && (error.kind === 'unreachable' || error.kind === 'dns'))
			scope.unreachable = error;
		if (error instanceof Error)
			Object.assign(error, {
				attempts: ledger.retriesUsed + 1,
				earlierAnswerLost: answerLost,
			} satisfies AttemptNotes);
		throw error;
	}
}
