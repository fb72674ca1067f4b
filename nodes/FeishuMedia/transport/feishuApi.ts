import { unwrapFeishuAnswer } from '../protocol/failures';
import type { MultipartBody } from '../protocol/multipart';
import { paceSignalOf } from '../protocol/paceSignal';
import { AppRateLimiter, type LimiterClock } from '../protocol/rateLimiter';
import { exchange } from './exchange';
import type { ExecutionScope, ItemBudget } from './feishuClient';
import { rateLimiterFor } from './limiters';
import { withRetries } from './retries';
import { pause } from './waits';

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

/** One Feishu Open API call. */
export interface FeishuApiRequest {
	method: ApiMethod;
	/** From /open-apis/…, path parameters already encoded. */
	path: string;
	query?: Record<string, string | number | undefined>;
	json?: Record<string, unknown>;
	/** A finished multipart body (the media uploads), sent anew on every attempt. */
	multipart?: MultipartBody;
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

function bodyOf(request: FeishuApiRequest): { body?: Buffer | string; contentType?: string } {
	if (request.multipart)
		return { body: request.multipart.body, contentType: request.multipart.contentType };
	if (request.json === undefined) return {};
	return { body: JSON.stringify(request.json), contentType: 'application/json; charset=utf-8' };
}

/**
 * One Open API call, made reliable (withRetries): it waits its turn in its bucket's limiter, which
 * slows down on Feishu's limit answers, renews the token when due or refused, and retries the
 * retryable classes within the item's budgets. Answers `data` of Feishu's envelope.
 */
export async function callFeishuApi(
	scope: ExecutionScope,
	budget: ItemBudget,
	request: FeishuApiRequest,
): Promise<Record<string, unknown>> {
	const url = apiUrl(scope.baseUrl, request);
	const { body, contentType } = bodyOf(request);
	return await withRetries(scope, budget, {
		label: request.label,
		limiter: limiterFor(scope, request.bucket),
		send: async (renewToken) =>
			await exchange(scope, {
				method: request.method,
				url,
				body,
				contentType,
				timeoutMs: budget.timeoutMs,
				renewToken,
				signal: scope.signal,
			}),
		// Only the media limit (5/s, shared by queue-mode workers) paces itself from breaches: the
		// docx, Base and import-task windows keep their fixed rate, and their breaches are retried.
		judge: request.bucket === 'media' ? paceSignalOf : undefined,
		accept: (answer) =>
			(unwrapFeishuAnswer(request.label, answer).data as Record<string, unknown> | undefined) ?? {},
		retrySafe: request.retrySafe,
	});
}
