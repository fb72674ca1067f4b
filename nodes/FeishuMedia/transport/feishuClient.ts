import type { IExecuteFunctions } from 'n8n-workflow';

import { MEDIA_PATH, type UploadEndpoint } from '../protocol/endpoints';
import {
	FeishuApiFailure,
	TransportError,
	handlingOf,
	unwrapFeishuAnswer,
} from '../protocol/failures';
import type { MultipartBody } from '../protocol/multipart';
import { paceSignalOf } from '../protocol/paceSignal';
import { LimiterCancelledError } from '../protocol/rateLimiter';
import { attempt, settle } from '../protocol/settle';
import {
	ITEM_RETRY_BUDGET_MS,
	MAX_GATEWAY_WAIT_MS,
	UNREACHABLE_BUDGET_MS,
	backoffDelayMs,
} from '../protocol/retryPolicy';
import { exchange, storedTokenDue, type CredentialChoice } from './exchange';
import { rateLimiterFor } from './limiters';
import { CancelledError, pause } from './waits';

export interface ClientLogger {
	warn(message: string): void;
	debug(message: string): void;
}

/** What one execution of the node shares across its items. */
export interface ExecutionScope {
	fx: IExecuteFunctions;
	/** The credential (and so the identity: app or user) every request of the execution uses. */
	credential: CredentialChoice;
	baseUrl: string;
	appId: string;
	logger?: ClientLogger;
	signal?: AbortSignal;
	/** Set once Feishu proved unreachable: later items fail at once with the same error. */
	unreachable?: Error;
}

/** The per-item knobs (node options) and when the item started. */
export interface ItemBudget {
	maxRetries: number;
	timeoutMs: number;
	startedAt: number;
}

export type RequestPayload = { json: Record<string, unknown> } | { multipart: MultipartBody };

/** How hard the node tried, for the user's error message. */
export interface AttemptNotes {
	attempts?: number;
	/** An earlier attempt's answer was lost: the request may have taken effect. */
	earlierAnswerLost?: boolean;
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

function describeForLog(error: unknown): string {
	if (error instanceof FeishuApiFailure) {
		return error.code === undefined
			? `HTTP ${error.httpStatus}`
			: `code ${error.code} (HTTP ${error.httpStatus}, log id ${error.logId ?? 'none'})`;
	}
	return error instanceof Error ? error.message : String(error);
}

function bodyOf(payload: RequestPayload): { body: Buffer | string; contentType: string } {
	if ('multipart' in payload)
		return { body: payload.multipart.body, contentType: payload.multipart.contentType };
	return { body: JSON.stringify(payload.json), contentType: 'application/json; charset=utf-8' };
}

/** Whether another attempt after `delayMs` fits the item's budgets; unreachable hosts get only a short one. */
function mayRetry(
	error: unknown,
	retriesUsed: number,
	budget: ItemBudget,
	firstFailureAt: number,
	delayMs: number,
): boolean {
	if (handlingOf(error) !== 'retry' || retriesUsed >= budget.maxRetries) return false;
	const now = Date.now();
	if (error instanceof TransportError && error.kind === 'unreachable')
		return now + delayMs - firstFailureAt <= UNREACHABLE_BUDGET_MS;
	return now - budget.startedAt < ITEM_RETRY_BUDGET_MS;
}

/**
 * One media API call, made reliable: waits its turn in the app's rate limiter, renews the token
 * once on 99991661/99991663 (HTTP 400, so n8n's own renewal never fires), and retries the
 * retryable classes with backoff. The body is a finished Buffer, so every attempt sends it anew.
 */
export async function callFeishu(
	scope: ExecutionScope,
	budget: ItemBudget,
	endpoint: UploadEndpoint,
	payload: RequestPayload,
): Promise<Record<string, unknown>> {
	if (scope.unreachable) throw scope.unreachable;
	const limiter = rateLimiterFor(scope.baseUrl, scope.appId);
	const { body, contentType } = bodyOf(payload);
	const url = `${scope.baseUrl}${MEDIA_PATH}${endpoint}`;
	let retriesUsed = 0;
	let renewToken = false;
	let tokenRenewed = false;
	let answerLost = false;
	let firstFailureAt = 0;
	for (;;) {
		// Renewed ahead of expiry, so a long block upload never meets a dying token.
		if (!renewToken && !tokenRenewed && (await storedTokenDue(scope)))
			renewToken = tokenRenewed = true;
		const request = {
			method: 'POST' as const,
			url,
			body,
			contentType,
			timeoutMs: budget.timeoutMs,
			renewToken,
			signal: scope.signal,
		};
		const outcome = await settle(
			limiter.run(async () => await exchange(scope, request), scope.signal, paceSignalOf),
		);
		renewToken = false;
		const unwrapped = outcome.ok
			? attempt(() => unwrapFeishuAnswer(endpoint, outcome.value))
			: outcome;
		if (unwrapped.ok) return (unwrapped.value.data as Record<string, unknown> | undefined) ?? {};
		const { error } = unwrapped;
		if (
			error instanceof CancelledError ||
			error instanceof LimiterCancelledError ||
			scope.signal?.aborted
		)
			throw new CancelledError();
		firstFailureAt ||= Date.now();
		if (error instanceof TransportError && error.outcomeUnknown) answerLost = true;
		if (handlingOf(error) === 'refresh' && !tokenRenewed) {
			tokenRenewed = true;
			renewToken = true;
			scope.logger?.debug(
				`Feishu ${endpoint}: token rejected (${describeForLog(error)}); fetching a new one`,
			);
			continue;
		}
		const retryAfterMs = error instanceof FeishuApiFailure ? error.retryAfterMs : undefined;
		if (
			error instanceof FeishuApiFailure &&
			retryAfterMs !== undefined &&
			retryAfterMs > MAX_GATEWAY_WAIT_MS &&
			handlingOf(error) === 'retry'
		) {
			throw new GatewayWaitTooLongError(error, retryAfterMs);
		}
		const delay = backoffDelayMs(retriesUsed, retryAfterMs);
		if (mayRetry(error, retriesUsed, budget, firstFailureAt, delay)) {
			retriesUsed++;
			scope.logger?.warn(
				`Feishu ${endpoint}: ${describeForLog(error)}; retry ${retriesUsed} of ${budget.maxRetries} in ${Math.round(delay)} ms`,
			);
			await pause(delay, scope.signal);
			continue;
		}
		if (error instanceof TransportError && (error.kind === 'unreachable' || error.kind === 'dns'))
			scope.unreachable = error;
		if (error instanceof Error)
			Object.assign(error, {
				attempts: retriesUsed + 1,
				earlierAnswerLost: answerLost,
			} satisfies AttemptNotes);
		throw error;
	}
}
