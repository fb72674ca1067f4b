import { describeFeishuCode, type FeishuCodeHandling } from './feishuErrorCodes';
import { TransportError, type HttpResponse } from './httpClient';

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
		super(code === undefined ? `HTTP ${httpStatus} from ${endpoint}` : `Feishu code ${code} from ${endpoint}: ${feishuMessage}`);
	}

	get handling(): FeishuCodeHandling {
		if (this.code !== undefined) return describeFeishuCode(this.code).handling;
		// No Feishu envelope: a gateway or server failure. 5xx and 429 pass, the rest will not.
		return this.httpStatus >= 500 || this.httpStatus === 429 ? 'retry' : 'fail';
	}
}

function headerText(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

/** Decides by Feishu's `code`, never by HTTP status alone: retryable codes arrive with HTTP 200. */
export function unwrapFeishuResponse(endpoint: string, response: HttpResponse): Record<string, unknown> {
	const code = response.json?.code;
	if (typeof code === 'number' && code === 0 && response.status < 400) return response.json ?? {};
	const error = response.json?.error as { log_id?: string } | undefined;
	const logId = error?.log_id ?? headerText(response.headers['x-tt-logid']);
	const resetSeconds = Number(headerText(response.headers['x-ogw-ratelimit-reset']));
	const retryAfterMs = Number.isFinite(resetSeconds) && resetSeconds > 0 ? resetSeconds * 1000 : undefined;
	const message =
		typeof response.json?.msg === 'string'
			? response.json.msg
			: (response.textSnippet ?? '').replace(/\s+/g, ' ').trim().slice(0, 120);
	throw new FeishuApiFailure(
		endpoint,
		response.status,
		typeof code === 'number' ? code : undefined,
		message,
		logId,
		retryAfterMs,
	);
}

export function handlingOf(error: unknown): FeishuCodeHandling {
	if (error instanceof FeishuApiFailure) return error.handling;
	if (error instanceof TransportError) return error.kind === 'dns' ? 'fail' : 'retry';
	return 'fail';
}
