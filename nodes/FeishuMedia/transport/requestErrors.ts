import { BaseUrlError } from '../protocol/baseUrl';
import { FeishuApiFailure, TransportError, type TransportFailureKind } from '../protocol/failures';
import { TokenRequestError } from '../protocol/token';
import { recallTokenFailure } from './tenantToken';
import { CancelledError } from './waits';

// Plain words, not errno names: n8n replaces any error message containing "ECONNREFUSED" & co.
// with a generic sentence of its own, which would hide the host.
const SOCKET_FAILURES: Record<string, [string, TransportFailureKind]> = {
	ECONNREFUSED: ['connection refused', 'unreachable'],
	EHOSTUNREACH: ['host unreachable', 'unreachable'],
	ENETUNREACH: ['network unreachable', 'unreachable'],
	ECONNRESET: ['connection reset', 'dropped'],
	EPIPE: ['connection closed while sending', 'dropped'],
	ERR_STREAM_PREMATURE_CLOSE: ['connection closed early', 'dropped'],
	ETIMEDOUT: ['no answer in time', 'timeout'],
	ECONNABORTED: ['no answer in time', 'timeout'],
	ENOTFOUND: ['the host name cannot be resolved', 'dns'],
	EAI_AGAIN: ['the host name cannot be resolved', 'dns'],
};

const OURS = [TransportError, FeishuApiFailure, TokenRequestError, BaseUrlError, CancelledError];

const ERRNO = new RegExp(`\\b(${Object.keys(SOCKET_FAILURES).join('|')})\\b`);

function socketFailure(code: string, host: string): TransportError {
	const [words, kind] = SOCKET_FAILURES[code];
	return new TransportError(`${words} by ${host}`, kind, code);
}

/** The texts an error carries: its message, and the original messages n8n's NodeApiError keeps. */
function textsOf(error: object): string[] {
	const { message, messages } = error as { message?: unknown; messages?: unknown };
	return [message, ...(Array.isArray(messages) ? messages : [])].filter(
		(text): text is string => typeof text === 'string',
	);
}

/**
 * n8n's helpers wrap whatever went wrong in a NodeApiError that keeps neither the original error
 * nor its errno code, only its message(s): an error our credential's preAuthentication threw is
 * recognised by its message, a socket failure by the errno name in the original message.
 */
export function classifyRequestError(error: unknown, host: string): Error {
	if (!error || typeof error !== 'object')
		return new TransportError(`the request to ${host} failed`, 'other');
	if (OURS.some((type) => error instanceof type)) return error as Error;
	const { code } = error as { code?: unknown };
	if (code === 'ERR_CANCELED') return new CancelledError();
	if (typeof code === 'string' && SOCKET_FAILURES[code]) return socketFailure(code, host);
	for (const text of textsOf(error)) {
		const recalled = recallTokenFailure(text);
		// An unreachable token endpoint is the same failure as an unreachable upload endpoint.
		if (recalled)
			return recalled instanceof TokenRequestError && recalled.transport
				? recalled.transport
				: recalled;
		const errno = ERRNO.exec(text);
		if (errno) return socketFailure(errno[1], host);
		if (/socket hang up/i.test(text))
			return new TransportError(`connection closed by ${host}`, 'dropped', 'ECONNRESET');
		if (/^timeout of \d+ms exceeded/.test(text)) return socketFailure('ETIMEDOUT', host);
		if (/^canceled$/.test(text)) return new CancelledError();
	}
	return new TransportError(`the request to ${host} failed`, 'other');
}
