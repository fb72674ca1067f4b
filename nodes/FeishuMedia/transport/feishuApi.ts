import { paceSignalOf } from '../protocol/paceSignal';
import { AppRateLimiter, LimiterCancelledError, type LimiterClock } from '../protocol/rateLimiter';
import {
	FeishuApiFailure,
	TransportError,
	handlingOf,
	unwrapFeishuAnswer,
} from '../protocol/failures';
import { attempt, settle } from '../protocol/settle';
import { exchange, storedTokenDue } from './exchange';
import type { AttemptNotes, ExecutionScope, ItemBudget } from './feishuClient';
import { rateLimiterFor } from './limiters';
import { newLedger, nextRetryDelay, waitToRetry } from './readRetries';
import { CancelledError, pause } from './waits';

/**
 * Feishu limits each API family on its own, per app (docs/feishu-protocol.md, "Limits"): the
 * media endpoints 5/s with no two at once (the upload limiter, limiters.ts), docx block writes
 * and reads 3/s, Base record and field calls 20/s (record update allows 50/s, record get and
 * field list 20/s: the lowest one counts), import tasks 100/min.
 */
export type LimitBucket = 'media' | 'docx' | 'bitable' | 'importTask';

const BUCKET_RATES: Record<
	Exclude<LimitBucket, 'media'>,
	{ requests: number; windowMs: number }
> = {
	docx: { requests: 3, windowMs: 1000 },
	bitable: { requests: 20, windowMs: 1000 },
	importTask: { requests: 100, windowMs: 60_000 },
};

export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One Feishu Open API call besides the media uploads. */
export interface FeishuApiRequest {
	method: ApiMethod;
	/** From /open-apis/…, path parameters already encoded. */
	path: string;
	query?: Record<string, string | number | undefined>;
	json?: Record<string, unknown>;
	bucket: LimitBucket;
	/** Names the call in errors and logs, e.g. "docx create block". */
	label: string;
	/**
	 * Whether a retry after a lost answer is safe (the call is idempotent, or carries Feishu's
	 * client_token). When false, a lost answer is not retried: the call may have taken effect.
	 */
	retrySafe: boolean;
}

const clock: LimiterClock = { now: () => Date.now(), wait: pause };
const limiters = new Map<string, AppRateLimiter>();
let pacingOff = false;

function limiterFor(scope: ExecutionScope, bucket: LimitBucket): AppRateLimiter {
	if (bucket === 'media') return rateLimiterFor(scope.baseUrl, scope.appId);
	const key = `${scope.baseUrl}|${scope.appId}|${bucket}`;
	let limiter = limiters.get(key);
	if (!limiter) {
		const { requests, windowMs } = BUCKET_RATES[bucket];
		limiter = new AppRateLimiter(pacingOff ? 0 : requests, clock, windowMs);
		limiters.set(key, limiter);
	}
	return limiter;
}

/** Test seam, like setRequestsPerSecondForTesting: true turns the non-media pacing off. */
export function setApiPacingOffForTesting(off: boolean): void {
	pacingOff = off;
	limiters.clear();
}

export function apiUrl(baseUrl: string, request: Pick<FeishuApiRequest, 'path' | 'query'>): string {
	const query = new URLSearchParams();
	for (const [name, value] of Object.entries(request.query ?? {})) {
		if (value !== undefined) query.set(name, String(value));
	}
	const text = query.toString();
	return `${baseUrl}${request.path}${text ? `?${text}` : ''}`;
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
 * One Open API call, made reliable like a media upload: it waits its turn in its bucket's
 * limiter (which slows down on Feishu's limit answers, as the media limiter does), renews the token once on 99991661/99991663, and retries the retryable classes with
 * backoff within the item's budget. Answers `data` of Feishu's envelope.
 */
export async function callFeishuApi(
	scope: ExecutionScope,
	budget: ItemBudget,
	request: FeishuApiRequest,
): Promise<Record<string, unknown>> {
	if (scope.unreachable) throw scope.unreachable;
	const limiter = limiterFor(scope, request.bucket);
	const url = apiUrl(scope.baseUrl, request);
	const body = request.json === undefined ? undefined : JSON.stringify(request.json);
	const contentType = body === undefined ? undefined : 'application/json; charset=utf-8';
	const ledger = newLedger();
	let renewToken = false;
	let tokenRenewed = false;
	let answerLost = false;
	for (;;) {
		if (!renewToken && !tokenRenewed && (await storedTokenDue(scope)))
			renewToken = tokenRenewed = true;
		const exchangeRequest = {
			method: request.method,
			url,
			body,
			contentType,
			timeoutMs: budget.timeoutMs,
			renewToken,
			signal: scope.signal,
		};
		const outcome = await settle(
			limiter.run(async () => await exchange(scope, exchangeRequest), scope.signal, paceSignalOf),
		);
		renewToken = false;
		const unwrapped = outcome.ok
			? attempt(() => unwrapFeishuAnswer(request.label, outcome.value))
			: outcome;
		if (unwrapped.ok) return (unwrapped.value.data as Record<string, unknown> | undefined) ?? {};
		const { error } = unwrapped;
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
				`Feishu ${request.label}: token rejected (${describe(error)}); fetching a new one`,
			);
			continue;
		}
		const unsafe = answerLost && !request.retrySafe;
		const delay = unsafe ? undefined : nextRetryDelay(error, ledger, budget);
		if (delay !== undefined) {
			await waitToRetry(scope, ledger, budget, delay, `${request.label}: ${describe(error)}`);
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
