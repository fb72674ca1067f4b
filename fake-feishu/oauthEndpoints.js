'use strict';
// The two OAuth 2.0 endpoints: the authorization page (GET, answered for the user at once) and
// the token endpoint (POST, code exchange and refresh). Token errors are RFC 6749 shaped with
// Feishu's numeric code beside: { code, error, error_description }, HTTP 400.
const querystring = require('querystring');

const BODY_LIMIT = 64 * 1024;

// Feishu's codes of the token endpoint, by the RFC 6749 error each is answered with.
const OAUTH_ERRORS = {
	invalid_request: { 20001: 'a required parameter is missing' },
	invalid_client: { 20002: 'client_id or client_secret is wrong' },
	unsupported_grant_type: { 20024: 'grant_type must be authorization_code or refresh_token' },
	invalid_grant: {
		20003: 'authorization code not found',
		20004: 'authorization code expired',
		20065: 'authorization code already used',
		20049: 'code_verifier does not match the code_challenge',
		20071: 'redirect_uri differs from the one of the authorization request',
		20026: 'refresh token not found',
		20037: 'refresh token expired',
		20064: 'refresh token revoked',
		20073: 'refresh token already used',
	},
};

// The same table by Feishu's code: { error, description }.
const OAUTH_ERROR_BY_CODE = new Map(
	Object.entries(OAUTH_ERRORS).flatMap(([error, byCode]) =>
		Object.entries(byCode).map(([code, description]) => [Number(code), { error, description }]),
	),
);

function oauthFail(ex, code) {
	const known = OAUTH_ERROR_BY_CODE.get(code);
	if (!known) throw new Error(`fake Feishu: no OAuth error with code ${code} in OAUTH_ERRORS`);
	return ex.sendJson(
		400,
		{ code, error: known.error, error_description: known.description },
		undefined,
		code,
	);
}

/** The token request's parameters: JSON (Feishu's pages) or form-encoded (RFC 6749, what OAuth libraries send). */
function readParams(req) {
	return new Promise((resolve) => {
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size <= BODY_LIMIT) chunks.push(chunk);
		});
		req.once('close', () => resolve(null));
		req.once('end', () => {
			if (size > BODY_LIMIT) return resolve(null);
			const text = Buffer.concat(chunks).toString('utf8');
			const type = String(req.headers['content-type'] || '').toLowerCase();
			if (type.startsWith('application/x-www-form-urlencoded'))
				return resolve({ ...querystring.parse(text) });
			if (type.startsWith('application/json')) {
				try {
					const value = JSON.parse(text);
					return resolve(
						value && typeof value === 'object' && !Array.isArray(value) ? value : null,
					);
				} catch {
					return resolve(null);
				}
			}
			return resolve(null);
		});
	});
}

/** client_secret_post (id and secret in the body) or client_secret_basic (HTTP Basic). */
function clientOf(req, params) {
	const match = /^Basic\s+(\S+)$/i.exec(String(req.headers.authorization || ''));
	if (match) {
		const decoded = Buffer.from(match[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon > 0) {
			return {
				id: decodeURIComponent(decoded.slice(0, colon)),
				secret: decodeURIComponent(decoded.slice(colon + 1)),
			};
		}
	}
	return { id: params.client_id, secret: params.client_secret };
}

function handleAuthorize(ex, core, url) {
	const query = Object.fromEntries(url.searchParams.entries());
	const result = core.oauth.authorize(query);
	if (result.error) {
		core.debug(ex, `authorize refused: ${result.error}`);
		return ex.sendText(
			400,
			'text/plain; charset=utf-8',
			`Feishu authorization error: ${result.error}`,
		);
	}
	return ex.sendJson(302, { redirect: result.redirect }, { location: result.redirect }, null);
}

async function handleOAuthToken(ex, core) {
	const params = await readParams(ex.req);
	if (!params) return oauthFail(ex, 20001);
	const client = clientOf(ex.req, params);
	if (!client.id || !client.secret) return oauthFail(ex, 20001);
	const checked = core.oauth.checkClient(String(client.id), String(client.secret));
	if (checked.code) return oauthFail(ex, checked.code);
	ex.appId = checked.appId;
	let result;
	if (params.grant_type === 'authorization_code')
		result = core.oauth.exchangeCode(checked.appId, params);
	else if (params.grant_type === 'refresh_token')
		result = core.oauth.refresh(checked.appId, params);
	else result = { code: params.grant_type ? 20024 : 20001 };
	if (result.code) return oauthFail(ex, result.code);
	return ex.sendJson(200, { code: 0, ...result.answer }, undefined, 0);
}

module.exports = { handleAuthorize, handleOAuthToken, OAUTH_ERRORS };
