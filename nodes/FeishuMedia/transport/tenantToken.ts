import type { IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';

import { resolveBaseUrl } from '../protocol/baseUrl';
import { MAX_ANSWER_BYTES, TENANT_ACCESS_PATH } from '../protocol/endpoints';
import { TransportError } from '../protocol/failures';
import { TokenRequestError, tenantTokenOf } from '../protocol/token';
import { settle } from '../protocol/settle';
import { boundedRequest } from './boundedRequest';

const TOKEN_TIMEOUT_MS = 30_000;

/** Renew this long before expiry, or at three quarters of a short token's life. */
const RENEW_MARGIN_MS = 5 * 60_000;

// n8n wraps what preAuthentication throws in a NodeApiError that keeps only the message; the node
// looks its own error up here by that message, to tell the user Feishu's code and log id.
const recentFailures = new Map<string, Error>();
const MAX_REMEMBERED = 32;

function remember(error: Error): Error {
	recentFailures.delete(error.message);
	recentFailures.set(error.message, error);
	if (recentFailures.size > MAX_REMEMBERED)
		recentFailures.delete(recentFailures.keys().next().value as string);
	return error;
}

export function recallTokenFailure(message: string): Error | undefined {
	return recentFailures.get(message);
}

/** What preAuthentication stores in the credential. */
export interface TenantTokenFields {
	tenantAccessToken: string;
	/** Epoch ms after which the node renews the token before using it. */
	tenantAccessRenewAt: number;
}

/**
 * Exchanges the app id and secret for a tenant access token (the credential's preAuthentication,
 * also what its Test button runs). The answer is bounded like every other; the message of any
 * failure says what to fix and never holds the secret.
 */
export async function fetchTenantToken(
	httpRequest: IHttpRequestHelper['helpers']['httpRequest'],
	credentials: Record<string, unknown>,
): Promise<TenantTokenFields> {
	const outcome = await settle(requestToken(httpRequest, credentials));
	if (outcome.ok) return outcome.value;
	const { error } = outcome;
	throw error instanceof Error ? remember(error) : error;
}

async function requestToken(
	httpRequest: IHttpRequestHelper['helpers']['httpRequest'],
	credentials: Record<string, unknown>,
): Promise<TenantTokenFields> {
	const appId = String(credentials.appId ?? '').trim();
	const appSecret = String(credentials.appSecret ?? '');
	if (!appId || !appSecret)
		throw new TokenRequestError(
			'The Feishu Media API credential needs both the App ID and the App Secret',
		);
	const baseUrl = resolveBaseUrl(credentials);
	const url = `${baseUrl}${TENANT_ACCESS_PATH}`;
	const options: IHttpRequestOptions = {
		method: 'POST',
		url,
		headers: { 'Content-Type': 'application/json; charset=utf-8' },
		body: JSON.stringify({ app_id: appId, app_secret: appSecret }),
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		encoding: 'stream',
		json: false,
		timeout: TOKEN_TIMEOUT_MS,
	};
	const answer = await settle(
		boundedRequest(
			async () => await httpRequest(options),
			new URL(url).host,
			TOKEN_TIMEOUT_MS,
			MAX_ANSWER_BYTES,
		),
	);
	if (!answer.ok) {
		const { error } = answer;
		if (error instanceof TransportError) {
			throw new TokenRequestError(
				`Cannot reach ${baseUrl}: ${error.message}. Check the platform or Base URL and this n8n's network access (proxy, firewall)`,
				undefined,
				error,
			);
		}
		throw error;
	}
	const { token, expiresInSeconds } = tenantTokenOf(answer.value, appId);
	const lifetimeMs = expiresInSeconds * 1000;
	return {
		tenantAccessToken: token,
		tenantAccessRenewAt: Date.now() + lifetimeMs - Math.min(RENEW_MARGIN_MS, lifetimeMs / 4),
	};
}
