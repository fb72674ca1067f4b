import { createHash } from 'crypto';

import { unwrapFeishuResponse } from './feishuFailure';
import { jsonBody, sendRequest } from './httpClient';

export interface AppIdentity {
	baseUrl: string;
	appId: string;
	appSecret: string;
}

interface CachedToken {
	token: string;
	/** From here on the token is renewed before use. */
	renewAt: number;
}

export const TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token/internal';

/**
 * Renew this long before expiry, so a long block upload never starts with a dying token; a quarter
 * of the lifetime for short-lived tokens, so they are still reused rather than fetched per request.
 */
const RENEW_MARGIN_MS = 5 * 60_000;

function renewMarginMs(lifetimeMs: number): number {
	return Math.min(RENEW_MARGIN_MS, lifetimeMs / 4);
}

// Process-wide: shared by items, executions and both node instances of the same app.
const cache = new Map<string, CachedToken>();
const inFlight = new Map<string, Promise<CachedToken>>();

function cacheKey(app: AppIdentity): string {
	// The secret is part of the key (hashed, never kept in clear) so a corrected secret is used at once.
	const secretHash = createHash('sha256').update(app.appSecret).digest('hex').slice(0, 16);
	return `${app.baseUrl}|${app.appId}|${secretHash}`;
}

/** Asks Feishu for a tenant token. Throws FeishuApiFailure (10014, 10003 …) or TransportError. */
export async function requestTenantToken(app: AppIdentity): Promise<{ token: string; expiresInSeconds: number }> {
	const response = await sendRequest(
		'POST',
		`${app.baseUrl}${TOKEN_PATH}`,
		{},
		jsonBody({ app_id: app.appId, app_secret: app.appSecret }),
		30_000,
	);
	const body = unwrapFeishuResponse('tenant_access_token', response);
	const token = body.tenant_access_token;
	const expire = Number(body.expire);
	if (typeof token !== 'string' || token === '') {
		throw new Error('Feishu answered the token request without a tenant_access_token');
	}
	return { token, expiresInSeconds: Number.isFinite(expire) && expire > 0 ? expire : 7200 };
}

export async function getTenantToken(app: AppIdentity): Promise<string> {
	const key = cacheKey(app);
	const cached = cache.get(key);
	if (cached && cached.renewAt > Date.now()) return cached.token;
	let pending = inFlight.get(key);
	if (!pending) {
		// One fetch per app at a time: a 100-item run or parallel executions share it.
		pending = requestTenantToken(app)
			.then(({ token, expiresInSeconds }) => {
				const lifetimeMs = expiresInSeconds * 1000;
				const entry = { token, renewAt: Date.now() + lifetimeMs - renewMarginMs(lifetimeMs) };
				cache.set(key, entry);
				return entry;
			})
			.finally(() => inFlight.delete(key));
		inFlight.set(key, pending);
	}
	return (await pending).token;
}

/** Forget a token Feishu rejected (unless another caller already replaced it). */
export function invalidateTenantToken(app: AppIdentity, rejectedToken: string): void {
	const key = cacheKey(app);
	if (cache.get(key)?.token === rejectedToken) cache.delete(key);
}
