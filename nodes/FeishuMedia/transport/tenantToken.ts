import type { IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';

import { resolveBaseUrl } from '../protocol/baseUrl';
import { MAX_ANSWER_BYTES, TOKEN_PATH } from '../protocol/endpoints';
import { TransportError } from '../protocol/failures';
import { TokenRequestError, tenantTokenOf } from '../protocol/token';
import { discard, readAnswer, type StreamedResponse } from './answer';
import { classifyRequestError } from './requestErrors';
import { Deadline } from './waits';

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
	if (recentFailures.size > MAX_REMEMBERED) recentFailures.delete(recentFailures.keys().next().value as string);
	return error;
}

export function recallTokenFailure(message: string): Error | undefined {
	return recentFailures.get(message);
}

/** What preAuthentication stores in the credential. */
export interface TenantTokenFields {
	tenantAccessToken: string;
	/** Epoch ms after which the node renews the token before using it. */
	tenantTokenRenewAt: number;
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
	try {
		return await requestToken(httpRequest, credentials);
	} catch (error) {
		throw error instanceof Error ? remember(error) : error;
	}
}

async function requestToken(
	httpRequest: IHttpRequestHelper['helpers']['httpRequest'],
	credentials: Record<string, unknown>,
): Promise<TenantTokenFields> {
	const appId = String(credentials.appId ?? '').trim();
	const appSecret = String(credentials.appSecret ?? '');
	if (!appId || !appSecret) throw new TokenRequestError('The Feishu Media API credential needs both the App ID and the App Secret');
	const baseUrl = resolveBaseUrl(credentials);
	const url = `${baseUrl}${TOKEN_PATH}`;
	const host = new URL(url).host;
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
	const deadline = new Deadline(TOKEN_TIMEOUT_MS);
	try {
		const pending = httpRequest(options) as Promise<StreamedResponse>;
		const outcome = await Promise.race([
			pending.then(
				(response) => ({ response }),
				(error: unknown) => ({ error }),
			),
			deadline.passed.then(() => ({ late: true as const })),
		]);
		if ('late' in outcome) {
			pending.then(discard, () => undefined);
			throw new TransportError(`${host} did not answer within ${TOKEN_TIMEOUT_MS} ms`, 'timeout', 'ETIMEDOUT');
		}
		if ('error' in outcome) throw classifyRequestError(outcome.error, host);
		const { token, expiresInSeconds } = tenantTokenOf(await readAnswer(outcome.response, host, MAX_ANSWER_BYTES, deadline), appId);
		const lifetimeMs = expiresInSeconds * 1000;
		return { tenantAccessToken: token, tenantTokenRenewAt: Date.now() + lifetimeMs - Math.min(RENEW_MARGIN_MS, lifetimeMs / 4) };
	} catch (error) {
		if (error instanceof TransportError) {
			throw new TokenRequestError(
				`Cannot reach ${baseUrl}: ${error.message}. Check the platform or Base URL and this n8n's network access (proxy, firewall)`,
				undefined,
				error,
			);
		}
		throw error;
	} finally {
		deadline.cancel();
	}
}
