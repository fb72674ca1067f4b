import { TransportError } from '../protocol/failures';
import { discard, type StreamedResponse } from './answer';
import { authenticatedSend, type AuthScope } from './exchange';
import { classifyRequestError } from './requestErrors';
import { CancelledError, Deadline } from './waits';

export interface ReadRequest {
	url: string;
	headers?: Record<string, string>;
	/** Until the response headers are in; the body is the caller's to watch. */
	timeoutMs: number;
	/** Fetch a new token first (Feishu rejected the stored one). */
	renewToken: boolean;
	signal?: AbortSignal;
}

/**
 * A GET through n8n's request helper that resolves once the response headers are in, with the
 * body unread as a stream: a download's body can be any size, so reading it is up to the caller.
 */
export async function openRead(scope: AuthScope, request: ReadRequest): Promise<StreamedResponse> {
	const host = new URL(request.url).host;
	const send = await authenticatedSend(scope, {
		method: 'GET',
		url: request.url,
		headers: request.headers ?? {},
		timeoutMs: request.timeoutMs,
		renewToken: request.renewToken,
	});
	const deadline = new Deadline(request.timeoutMs);
	const pending = send() as Promise<StreamedResponse>;
	const outcome = await Promise.race([
		pending.then(
			(response) => ({ response }),
			(error: unknown) => ({ error }),
		),
		deadline.passed.then((passed) => (passed ? { late: true as const } : { late: false as const })),
	]);
	deadline.cancel();
	if ('late' in outcome) {
		// The response may still come; its socket is closed then, unread.
		pending.then(discard, () => undefined);
		throw new TransportError(
			`${host} did not answer within ${request.timeoutMs} ms`,
			'timeout',
			'ETIMEDOUT',
		);
	}
	if ('error' in outcome) {
		if (request.signal?.aborted) throw new CancelledError();
		throw classifyRequestError(outcome.error, host);
	}
	return outcome.response;
}

export function headerText(headers: StreamedResponse['headers'], name: string): string | undefined {
	const value = headers[name];
	const first = Array.isArray(value) ? value[0] : value;
	return first === undefined ? undefined : String(first);
}
