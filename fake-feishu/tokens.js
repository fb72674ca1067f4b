'use strict';
// Apps, tenant access tokens and the Authorization header check.
const crypto = require('crypto');

class TokenStore {
	/**
	 * @param {object} opts { ttlSeconds, refreshWindowSeconds }: a token is handed out again while
	 * more than refreshWindowSeconds remain (Feishu: 30 min), else a new one is minted.
	 */
	constructor({ ttlSeconds = 7200, refreshWindowSeconds = 1800 } = {}) {
		this.ttlMs = ttlSeconds * 1000;
		this.refreshWindowMs = refreshWindowSeconds * 1000;
		this.apps = new Map(); // appId -> appSecret
		this.current = new Map(); // appId -> token record last handed out
		this.tokens = new Map(); // token -> { appId, expiresAt, revoked }
	}

	addApp(appId, appSecret) {
		if (typeof appId !== 'string' || !appId || typeof appSecret !== 'string' || !appSecret) {
			throw new TypeError('addApp(appId, appSecret) needs two non-empty strings');
		}
		this.apps.set(appId, appSecret);
	}

	hasApp(appId) {
		return this.apps.has(appId);
	}

	/** -> { code } on refusal, else { token, expire (seconds left), minted (bool) }. */
	request(appId, appSecret) {
		if (!this.apps.has(appId)) return { code: 10003 };
		if (this.apps.get(appId) !== appSecret) return { code: 10014 };
		const now = Date.now();
		const cur = this.current.get(appId);
		if (cur && !cur.revoked && cur.expiresAt - now > this.refreshWindowMs) {
			return { token: cur.token, expire: Math.floor((cur.expiresAt - now) / 1000), minted: false };
		}
		// Under the refresh window (or none yet): a new token; the old one stays valid until it expires.
		const record = {
			token: `t-${crypto.randomBytes(20).toString('hex')}`,
			appId,
			expiresAt: now + this.ttlMs,
			revoked: false,
		};
		this.tokens.set(record.token, record);
		this.current.set(appId, record);
		return { token: record.token, expire: Math.floor(this.ttlMs / 1000), minted: true };
	}

	/** Every issued token stops working; the token endpoint then mints fresh ones. */
	revokeAll() {
		for (const record of this.tokens.values()) record.revoked = true;
		this.current.clear();
	}

	/**
	 * Check an Authorization header value -> { appId } when valid, else { code } (Feishu answers
	 * all of these with HTTP 400, not 401), plus appId when a revoked or expired token names it.
	 */
	authenticate(header) {
		const match = typeof header === 'string' ? /^Bearer (\S+)$/.exec(header) : null;
		if (!match) return { code: 99991661 };
		const token = match[1];
		// User tokens come from the OAuth store (oauth.js): 99991668 unknown, 99991677 expired.
		if (token.startsWith('u-'))
			return this.userTokens ? this.userTokens.authenticate(token) : { code: 99991668 };
		if (!token.startsWith('t-')) return { code: 99991671 };
		const record = this.tokens.get(token);
		if (!record) return { code: 99991663 };
		if (record.revoked || record.expiresAt <= Date.now())
			return { code: 99991663, appId: record.appId };
		return { appId: record.appId };
	}
}

module.exports = { TokenStore };
