import { describeFeishuCode, type FeishuCodeHandling } from './errorCodes';

export type HeaderValue = string | string[] | number | undefined;

/** What came back from one HTTP exchange, already bounded in size. */
export interface FeishuAnswer {
	status: number;
	headers: Record<string, HeaderValue>;
	/** Parsed JSON object, or undefined when the body was not one. */
	json?: Record<string, unknown>;
	/** The first characters of a non-JSON body, for error messages. */
	textSnippet?: string;
}

/** Feishu (or its gateway) answered, and the answer was not a success. Carries no secrets. */
export class FeishuApiFailure extends Error {
	constructor(
		readonly endpoint: string,
		readonly httpStatus: number,
		readonly code: number | undefined,
		readonly feishuMessage: string,
		readonly logId: string | undefined,
		/** From x-ogw-ratelimit-reset: how long the gateway wants us to wait. */
		readonly retryAfterMs?: number,
	) {
		super(
			code === undefined
				? `HTTP ${httpStatus} from ${endpoint}`
				: `Feishu code ${code} from ${endpoint}: ${feishuMessage}`,
		);
	}

	get handling(): FeishuCodeHandling {
		if (this.code !== undefined) return describeFeishuCode(this.code).handling;
		// No Feishu envelope: a gateway or server failure. 5xx and 429 pass, the rest will not.
		return this.httpStatus >= 500 || this.httpStatus === 429 ? 'retry' : 'fail';
	}
}

export type TransportFailureKind =
	| 'timeout'
	| 'unreachable'
	| 'dns'
	| 'dropped'
	| 'tooLarge'
	| 'badToken'
	| 'other';

/**
 * A failure below Feishu's answer: no usable reply came back. Its message is safe to show (no
 * headers, no body). `unreachable` and `dns` mean the request never reached the server.
 */
export class TransportError extends Error {
	constructor(
		message: string,
		readonly kind: TransportFailureKind,
		readonly causeCode?: string,
	) {
		super(message);
	}

	/** Whether the request may have reached Feishu (its answer, not the request, was lost). */
	get outcomeUnknown(): boolean {
		return this.kind === 'timeout' || this.kind === 'dropped';
	}
}

function headerText(value: HeaderValue): string | undefined {
	const first = Array.isArray(value) ? value[0] : value;
	return first === undefined ? undefined : String(first);
}

/** Decides by Feishu's `code`, never by HTTP status alone: retryable codes arrive with HTTP 200. */
export function unwrapFeishuAnswer(
	endpoint: string,
	answer: FeishuAnswer,
): Record<string, unknown> {
	const code = answer.json?.code;
	if (code === 0 && answer.status < 400) return answer.json ?? {};
	const error = answer.json?.error as { log_id?: unknown } | undefined;
	const logId =
		typeof error?.log_id === 'string' ? error.log_id : headerText(answer.headers['x-tt-logid']);
	const resetSeconds = Number(headerText(answer.headers['x-ogw-ratelimit-reset']));
	const retryAfterMs =
		Number.isFinite(resetSeconds) && resetSeconds > 0 ? resetSeconds * 1000 : undefined;
	const message =
		typeof answer.json?.msg === 'string'
			? answer.json.msg.slice(0, 300)
			: (answer.textSnippet ?? '').replace(/\s+/g, ' ').trim().slice(0, 120);
	throw new FeishuApiFailure(
		endpoint,
		answer.status,
		typeof code === 'number' ? code : undefined,
		message,
		logId,
		retryAfterMs,
	);
}

export function handlingOf(error: unknown): FeishuCodeHandling {
	if (error instanceof FeishuApiFailure) return error.handling;
	if (error instanceof TransportError) {
		return error.kind === 'timeout' || error.kind === 'dropped' || error.kind === 'unreachable'
			? 'retry'
			: 'fail';
	}
	return 'fail';
}
