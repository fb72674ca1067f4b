import type {
	IAdditionalCredentialOptions,
	IExecuteFunctions,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { MAX_ANSWER_BYTES } from '../protocol/endpoints';
import type { FeishuAnswer } from '../protocol/failures';
import { boundedRequest } from './boundedRequest';
import { refreshUserToken } from './userToken';

/** Who the node acts as: the app (tenant token) or a user who connected the OAuth2 credential. */
export type Identity = 'tenant' | 'user';

export interface CredentialChoice {
	type: 'feishuMediaApi' | 'feishuMediaOAuth2Api';
	identity: Identity;
}

/** The node's Authentication parameter decides the credential, here and nowhere else. */
export function credentialFor(authentication: unknown): CredentialChoice {
	return authentication === 'oAuth2'
		? { type: 'feishuMediaOAuth2Api', identity: 'user' }
		: { type: 'feishuMediaApi', identity: 'tenant' };
}

/** What a request needs to authenticate: the execution and the credential it uses. */
export interface AuthScope {
	fx: IExecuteFunctions;
	credential: CredentialChoice;
}

export interface ExchangeRequest {
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	url: string;
	body?: Buffer | string;
	contentType?: string;
	/** The whole exchange, answer included, ends within this. */
	timeoutMs: number;
	/** Fetch a new token first (Feishu rejected the stored one). */
	renewToken: boolean;
	signal?: AbortSignal;
}

/**
 * The credential as stored, minus its token. n8n renews an expirable credential only when the
 * token is empty or after an HTTP 401, and Feishu reports a dead token with HTTP 400: handing n8n
 * an empty token makes it run preAuthentication and store the new token, n8n's own way.
 */
async function withoutToken(
	fx: IExecuteFunctions,
	type: string,
): Promise<IAdditionalCredentialOptions> {
	const data = await fx.getCredentials(type);
	const ref = fx.getNode().credentials?.[type];
	return {
		credentialsDecrypted: {
			id: ref?.id ?? '',
			name: ref?.name ?? '',
			type,
			data: { ...data, tenantAccessToken: '' },
		},
	};
}

/**
 * The credential options for a request that must not use the stored token: the tenant token is
 * emptied (see withoutToken); a user token is refreshed through n8n's OAuth2 helper first, which
 * stores the new token and the rotated refresh token, and the request then reads them as usual.
 */
async function renewedCredential(
	scope: AuthScope,
): Promise<IAdditionalCredentialOptions | undefined> {
	if (scope.credential.identity === 'tenant')
		return await withoutToken(scope.fx, scope.credential.type);
	await refreshUserToken(scope.fx, scope.credential.type);
	return undefined;
}

/** Whether the stored token is near the end of its life (preAuthentication noted when). */
export async function storedTokenDue(scope: AuthScope): Promise<boolean> {
	// A user token is renewed when Feishu refuses it (n8n keeps its expiry, not the node).
	if (scope.credential.identity === 'user') return false;
	const data = await scope.fx.getCredentials(scope.credential.type);
	const renewAt = Number(data.tenantAccessRenewAt);
	return Boolean(data.tenantAccessToken) && renewAt > 0 && renewAt <= Date.now();
}

/** A request as the node hands it to n8n's helper. */
export interface AuthenticatedRequest {
	method: ExchangeRequest['method'];
	url: string;
	headers: Record<string, string>;
	body?: Buffer | string;
	/** n8n's own timeout: it only watches for silence, so the caller keeps a Deadline too. */
	timeoutMs: number;
	renewToken: boolean;
}

/**
 * Readies one request through n8n's request helper, the token renewed first when asked, and
 * hands back what sends it: proxies, cancellation and auth are n8n's. The response comes whole,
 * whatever its status (the node judges Feishu's answers itself), its body an unread stream that
 * the caller reads within its own bounds.
 */
export async function authenticatedSend(
	scope: AuthScope,
	request: AuthenticatedRequest,
): Promise<() => Promise<unknown>> {
	const { fx } = scope;
	const options: IHttpRequestOptions = {
		method: request.method,
		url: request.url,
		headers: request.headers,
		body: request.body,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		encoding: 'stream',
		json: false,
		timeout: request.timeoutMs,
	};
	const credentialOptions = request.renewToken ? await renewedCredential(scope) : undefined;
	return async () =>
		await fx.helpers.httpRequestWithAuthentication.call(
			fx,
			scope.credential.type,
			options,
			credentialOptions,
		);
}

/** One HTTP exchange with Feishu, its answer read whole (at most MAX_ANSWER_BYTES) within the timeout. */
export async function exchange(scope: AuthScope, request: ExchangeRequest): Promise<FeishuAnswer> {
	const send = await authenticatedSend(scope, {
		method: request.method,
		url: request.url,
		headers: request.contentType ? { 'Content-Type': request.contentType } : {},
		body: request.body,
		timeoutMs: request.timeoutMs,
		renewToken: request.renewToken,
	});
	return await boundedRequest(
		send,
		new URL(request.url).host,
		request.timeoutMs,
		MAX_ANSWER_BYTES,
		request.signal,
	);
}
