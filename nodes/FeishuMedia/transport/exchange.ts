import type { IAdditionalCredentialOptions, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { MAX_ANSWER_BYTES } from '../protocol/endpoints';
import { TransportError, type FeishuAnswer } from '../protocol/failures';
import { discard, readAnswer, type StreamedResponse } from './answer';
import { classifyRequestError } from './requestErrors';
import { CancelledError, Deadline } from './waits';

export const CREDENTIAL_TYPE = 'feishuMediaApi';

export interface ExchangeRequest {
	method: 'GET' | 'POST';
	url: string;
	body?: Buffer | string;
	contentType?: string;
	/** The whole exchange, answer included, ends within this. */
	timeoutMs: number;
	/** Fetch a new tenant token first (Feishu rejected the stored one). */
	renewToken: boolean;
	signal?: AbortSignal;
}

/**
 * The credential as stored, minus its token. n8n renews an expirable credential only when the
 * token is empty or after an HTTP 401, and Feishu reports a dead token with HTTP 400: handing n8n
 * an empty token makes it run preAuthentication and store the new token, n8n's own way.
 */
async function withoutToken(fx: IExecuteFunctions): Promise<IAdditionalCredentialOptions> {
	const data = await fx.getCredentials(CREDENTIAL_TYPE);
	const ref = fx.getNode().credentials?.[CREDENTIAL_TYPE];
	return {
		credentialsDecrypted: {
			id: ref?.id ?? '',
			name: ref?.name ?? '',
			type: CREDENTIAL_TYPE,
			data: { ...data, tenantAccessToken: '' },
		},
	};
}

/** Whether the stored token is near the end of its life (preAuthentication noted when). */
export async function storedTokenDue(fx: IExecuteFunctions): Promise<boolean> {
	const data = await fx.getCredentials(CREDENTIAL_TYPE);
	const renewAt = Number(data.tenantTokenRenewAt);
	return Boolean(data.tenantAccessToken) && renewAt > 0 && renewAt <= Date.now();
}

/** One HTTP exchange with Feishu through n8n's request helper: proxies, cancellation and auth are n8n's. */
export async function exchange(fx: IExecuteFunctions, request: ExchangeRequest): Promise<FeishuAnswer> {
	const host = new URL(request.url).host;
	const options: IHttpRequestOptions = {
		method: request.method,
		url: request.url,
		headers: request.contentType ? { 'Content-Type': request.contentType } : {},
		body: request.body,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		encoding: 'stream',
		json: false,
		// n8n's timeout only watches for silence; the Deadline below bounds the whole exchange.
		timeout: request.timeoutMs,
	};
	const deadline = new Deadline(request.timeoutMs);
	try {
		const credentialOptions = request.renewToken ? await withoutToken(fx) : undefined;
		const pending = fx.helpers.httpRequestWithAuthentication.call(fx, CREDENTIAL_TYPE, options, credentialOptions) as Promise<StreamedResponse>;
		const outcome = await Promise.race([
			pending.then(
				(response) => ({ response }),
				(error: unknown) => ({ error }),
			),
			deadline.passed.then(() => ({ late: true as const })),
		]);
		if ('late' in outcome) {
			// The answer may still come; its socket is closed then, unread.
			pending.then(discard, () => undefined);
			throw new TransportError(`${host} did not answer within ${request.timeoutMs} ms`, 'timeout', 'ETIMEDOUT');
		}
		if ('error' in outcome) {
			if (request.signal?.aborted) throw new CancelledError();
			throw classifyRequestError(outcome.error, host);
		}
		return await readAnswer(outcome.response, host, MAX_ANSWER_BYTES, deadline, request.signal);
	} finally {
		deadline.cancel();
	}
}
