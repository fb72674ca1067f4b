import type { IAdditionalCredentialOptions, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { MAX_ANSWER_BYTES } from '../protocol/endpoints';
import type { FeishuAnswer } from '../protocol/failures';
import { boundedRequest } from './boundedRequest';

export const CREDENTIAL_TYPE = 'feishuMediaApi';

export interface ExchangeRequest {
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
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
	const options: IHttpRequestOptions = {
		method: request.method,
		url: request.url,
		headers: request.contentType ? { 'Content-Type': request.contentType } : {},
		body: request.body,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		encoding: 'stream',
		json: false,
		timeout: request.timeoutMs,
	};
	const credentialOptions = request.renewToken ? await withoutToken(fx) : undefined;
	return await boundedRequest(
		async () => await fx.helpers.httpRequestWithAuthentication.call(fx, CREDENTIAL_TYPE, options, credentialOptions),
		new URL(request.url).host,
		request.timeoutMs,
		MAX_ANSWER_BYTES,
		request.signal,
	);
}
