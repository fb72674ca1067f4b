'use strict';
// Feishu's OAuth 2.0 for user identity (docs/feishu-protocol.md, "OAuth 2.0 (user identity)"):
// authorization codes, user access tokens (u-…) and single-use refresh tokens (ur-…).
const crypto = require('crypto');

const CODE_TTL_MS = 5 * 60 * 1000;
const DEFAULT_USER = Object.freeze({ openId: 'ou_fake_user_0001', name: 'Fake User' });

const randomToken = (prefix) => `${prefix}${crypto.randomBytes(20).toString('hex')}`;

/** RFC 7636: S256 is BASE64URL(SHA256(verifier)), plain is the verifier itself. */
function challengeOf(verifier, method) {
	if (method === 'plain') return verifier;
	return crypto.createHash('sha256').update(verifier).digest('base64url');
}

class OAuthStore {
	/**
	 * @param {object} opts { userTokenTtlSeconds, refreshTokenTtlSeconds }
	 * @param {(appId: string) => string | undefined} secretOf the app secret, from the tenant token store
	 */
	constructor(
		{ userTokenTtlSeconds = 7200, refreshTokenTtlSeconds = 30 * 24 * 3600 } = {},
		secretOf,
	) {
		this.userTtlMs = userTokenTtlSeconds * 1000;
		this.refreshTtlMs = refreshTokenTtlSeconds * 1000;
		this.secretOf = secretOf;
		this.redirectUris = new Map(); // appId -> Set of registered redirect URLs (the console's list)
		this.user = { ...DEFAULT_USER };
		this.deny = false; // the user presses "Deny" on the consent page
		this.codes = new Map(); // code -> { appId, redirectUri, scope, openId, challenge, method, expiresAt, used }
		this.accessTokens = new Map(); // u-… -> { appId, openId, expiresAt, revoked }
		this.refreshTokens = new Map(); // ur-… -> { appId, openId, scope, expiresAt, used, revoked }
		this.expireAfterUses = null; // every live user token expires after this many authenticated uses
		this.uses = 0;
	}

	addRedirectUri(appId, uri) {
		if (typeof appId !== 'string' || !appId || typeof uri !== 'string' || !uri) {
			throw new TypeError('addRedirectUri(appId, uri) needs two non-empty strings');
		}
		if (!this.redirectUris.has(appId)) this.redirectUris.set(appId, new Set());
		this.redirectUris.get(appId).add(uri);
	}

	configure({ deny, user, expireUserTokensAfter } = {}) {
		if (deny !== undefined) this.deny = Boolean(deny);
		if (user !== undefined) this.user = { ...DEFAULT_USER, ...user };
		if (expireUserTokensAfter !== undefined) {
			this.expireAfterUses = expireUserTokensAfter === null ? null : Number(expireUserTokensAfter);
			this.uses = 0;
		}
	}

	/**
	 * The authorization page: -> { error } for a request Feishu shows an error page for (no redirect),
	 * else { redirect } with code and state, or error=access_denied when the user denies.
	 */
	authorize(query) {
		const appId = query.client_id;
		if (!appId || this.secretOf(appId) === undefined) return { error: 'unknown client_id' };
		if (query.response_type !== 'code') return { error: 'response_type must be code' };
		const redirectUri = query.redirect_uri;
		if (!redirectUri || !this.redirectUris.get(appId)?.has(redirectUri)) {
			return { error: "redirect_uri is not one of the app's registered redirect URLs" };
		}
		const method = query.code_challenge_method || (query.code_challenge ? 'plain' : undefined);
		if (method && !['S256', 'plain'].includes(method))
			return { error: 'code_challenge_method must be S256 or plain' };
		const target = new URL(redirectUri);
		if (query.state !== undefined) target.searchParams.set('state', query.state);
		if (this.deny) {
			target.searchParams.set('error', 'access_denied');
			return { redirect: target.toString() };
		}
		const code = randomToken('');
		this.codes.set(code, {
			appId,
			redirectUri,
			scope: typeof query.scope === 'string' ? query.scope : '',
			openId: this.user.openId,
			challenge: query.code_challenge,
			method,
			expiresAt: Date.now() + CODE_TTL_MS,
			used: false,
		});
		target.searchParams.set('code', code);
		return { redirect: target.toString() };
	}

	/** -> the client's app id, or a failure when the id is unknown or the secret does not match. */
	checkClient(clientId, clientSecret) {
		const secret = this.secretOf(clientId);
		if (secret === undefined || secret !== clientSecret) return { code: 20002 };
		return { appId: clientId };
	}

	issue(appId, openId, scope) {
		const now = Date.now();
		const accessToken = randomToken('u-');
		this.accessTokens.set(accessToken, {
			appId,
			openId,
			expiresAt: now + this.userTtlMs,
			revoked: false,
		});
		const answer = {
			access_token: accessToken,
			expires_in: Math.floor(this.userTtlMs / 1000),
			token_type: 'Bearer',
			scope,
		};
		// Feishu hands out a refresh token only when offline_access was granted.
		if (scope.split(' ').includes('offline_access')) {
			const refreshToken = randomToken('ur-');
			this.refreshTokens.set(refreshToken, {
				appId,
				openId,
				scope,
				expiresAt: now + this.refreshTtlMs,
				used: false,
				revoked: false,
			});
			answer.refresh_token = refreshToken;
			answer.refresh_token_expires_in = Math.floor(this.refreshTtlMs / 1000);
		}
		return answer;
	}

	/** grant_type=authorization_code -> { answer } or { code } (a Feishu OAuth error code). */
	exchangeCode(appId, { code, redirect_uri: redirectUri, code_verifier: verifier }) {
		if (!code) return { code: 20001 };
		const record = this.codes.get(code);
		if (!record || record.appId !== appId) return { code: 20003 };
		if (record.used) return { code: 20065 };
		if (record.expiresAt <= Date.now()) return { code: 20004 };
		if (redirectUri !== record.redirectUri) return { code: 20071 };
		if (
			record.challenge !== undefined &&
			(typeof verifier !== 'string' || challengeOf(verifier, record.method) !== record.challenge)
		) {
			return { code: 20049 };
		}
		record.used = true;
		return { answer: this.issue(appId, record.openId, record.scope) };
	}

	/** grant_type=refresh_token: a refresh token works once; the answer carries its successor. */
	refresh(appId, { refresh_token: refreshToken }) {
		if (!refreshToken) return { code: 20001 };
		const record = this.refreshTokens.get(refreshToken);
		if (!record || record.appId !== appId) return { code: 20026 };
		if (record.revoked) return { code: 20064 };
		if (record.used) return { code: 20073 };
		if (record.expiresAt <= Date.now()) return { code: 20037 };
		record.used = true;
		return { answer: this.issue(appId, record.openId, record.scope) };
	}

	/** A user token on an API request -> { appId, openId } or { code } (99991668 invalid, 99991677 expired). */
	authenticate(token) {
		const record = this.accessTokens.get(token);
		if (!record || record.revoked) return { code: 99991668 };
		if (record.expiresAt <= Date.now()) return { code: 99991677, appId: record.appId };
		if (this.expireAfterUses !== null) {
			this.uses += 1;
			// This request is already in; the next one with any of today's tokens is not.
			if (this.uses >= this.expireAfterUses) {
				this.expireAfterUses = null;
				this.expireAccessTokens();
			}
		}
		return { appId: record.appId, openId: record.openId };
	}

	expireAccessTokens() {
		for (const record of this.accessTokens.values())
			record.expiresAt = Math.min(record.expiresAt, Date.now());
	}

	/** The user revoked the app (or an admin did): every refresh and access token stops working. */
	revokeRefreshTokens() {
		for (const record of this.refreshTokens.values()) record.revoked = true;
		for (const record of this.accessTokens.values()) record.revoked = true;
	}

	/** For tests: the refresh tokens issued so far, in order, with their state. */
	snapshot() {
		return {
			refreshTokens: [...this.refreshTokens.values()].map(({ appId, openId, used, revoked }) => ({
				appId,
				openId,
				used,
				revoked,
			})),
			accessTokensIssued: this.accessTokens.size,
		};
	}
}

module.exports = { OAuthStore, DEFAULT_USER, challengeOf };
