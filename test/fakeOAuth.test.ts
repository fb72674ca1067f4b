// The fake Feishu's OAuth 2.0 (user identity): authorization page, code exchange errors, refresh
// rotation, user tokens on the media endpoints. Real HTTP against a listening fake.
import { createHash } from 'crypto';

import { buf as referenceAdler32 } from 'adler-32';

import { PARENT_NODES, startFakeFeishu, type FakeFeishu } from '../scripts/lib/harness/fake';

const APP = { appId: 'cli_oauth_test_0001', appSecret: 'oauth-test-secret-0001' };
const REDIRECT = 'http://127.0.0.1:5678/rest/oauth2-credential/callback';
const TOKEN_PATH = '/open-apis/authen/v2/oauth/token';
const SCOPE = 'docs:document.media:upload offline_access';

let fake: FakeFeishu;

beforeAll(async () => {
	fake = await startFakeFeishu({
		apps: [APP],
		redirectUris: [{ appId: APP.appId, uri: REDIRECT }],
	});
});
afterAll(async () => await fake.close());
afterEach(() => fake.configureOAuth({ deny: false, expireUserTokensAfter: null }));

interface Answer {
	status: number;
	json: Record<string, unknown>;
	location: string | null;
}

async function send(path: string, init: RequestInit = {}): Promise<Answer> {
	const response = await fetch(fake.baseUrl + path, { redirect: 'manual', ...init });
	const text = await response.text();
	let json: Record<string, unknown> = {};
	try {
		json = JSON.parse(text) as Record<string, unknown>;
	} catch {
		json = { text };
	}
	return { status: response.status, json, location: response.headers.get('location') };
}

function authorizeQuery(extra: Record<string, string> = {}): string {
	const query = new URLSearchParams({
		client_id: APP.appId,
		redirect_uri: REDIRECT,
		response_type: 'code',
		state: 'st-1',
		scope: SCOPE,
		...extra,
	});
	return `/open-apis/authen/v1/authorize?${query.toString()}`;
}

/** Follows the authorization page like a browser whose user consents; -> the code. */
async function authorize(extra: Record<string, string> = {}): Promise<string> {
	const answer = await send(authorizeQuery(extra));
	expect(answer.status).toBe(302);
	const target = new URL(answer.location ?? '');
	expect(target.searchParams.get('state')).toBe('st-1');
	return target.searchParams.get('code') ?? '';
}

async function token(body: Record<string, string>, form = false): Promise<Answer> {
	return await send(TOKEN_PATH, {
		method: 'POST',
		headers: {
			'content-type': form
				? 'application/x-www-form-urlencoded'
				: 'application/json; charset=utf-8',
		},
		body: form ? new URLSearchParams(body).toString() : JSON.stringify(body),
	});
}

function codeGrant(code: string, extra: Record<string, string> = {}): Record<string, string> {
	return {
		grant_type: 'authorization_code',
		client_id: APP.appId,
		client_secret: APP.appSecret,
		code,
		redirect_uri: REDIRECT,
		...extra,
	};
}

function refreshGrant(refreshToken: string): Record<string, string> {
	return {
		grant_type: 'refresh_token',
		client_id: APP.appId,
		client_secret: APP.appSecret,
		refresh_token: refreshToken,
	};
}

async function connectedUser(): Promise<{ accessToken: string; refreshToken: string }> {
	const answer = await token(codeGrant(await authorize()));
	expect(answer.status).toBe(200);
	return {
		accessToken: String(answer.json.access_token),
		refreshToken: String(answer.json.refresh_token),
	};
}

async function uploadAs(accessToken: string, content: Buffer): Promise<Answer> {
	const form = new FormData();
	form.append('file_name', 'as-user.bin');
	form.append('parent_type', 'docx_image');
	form.append('parent_node', PARENT_NODES.docx_image[0]);
	form.append('size', String(content.length));
	form.append('checksum', String(referenceAdler32(content, 1) >>> 0));
	form.append('file', new Blob([content]), 'as-user.bin');
	return await send('/open-apis/drive/v1/medias/upload_all', {
		method: 'POST',
		headers: { authorization: `Bearer ${accessToken}` },
		body: form,
	});
}

describe('authorization page', () => {
	test('consent redirects to the registered redirect URL with a code and the state', async () => {
		expect(await authorize()).toMatch(/^[0-9a-f]{40}$/);
	});

	test('the user denies: access_denied and the state come back, no code', async () => {
		fake.configureOAuth({ deny: true });
		const answer = await send(authorizeQuery());
		const target = new URL(answer.location ?? '');
		expect([
			answer.status,
			target.searchParams.get('error'),
			target.searchParams.get('state'),
			target.searchParams.get('code'),
		]).toEqual([302, 'access_denied', 'st-1', null]);
	});

	test('an unregistered redirect URL or an unknown app gets an error page, never a redirect', async () => {
		const wrongRedirect = await send(
			authorizeQuery({ redirect_uri: 'http://127.0.0.1:1/elsewhere' }),
		);
		const unknownApp = await send(authorizeQuery({ client_id: 'cli_nobody' }));
		expect([
			wrongRedirect.status,
			wrongRedirect.location,
			unknownApp.status,
			unknownApp.location,
		]).toEqual([400, null, 400, null]);
	});
});

describe('code exchange', () => {
	test('a good code gives a u- token, a ur- refresh token and their lifetimes', async () => {
		const answer = await token(codeGrant(await authorize()));
		expect(answer.status).toBe(200);
		expect(answer.json).toMatchObject({
			code: 0,
			token_type: 'Bearer',
			expires_in: 7200,
			scope: SCOPE,
		});
		expect(String(answer.json.access_token)).toMatch(/^u-/);
		expect(String(answer.json.refresh_token)).toMatch(/^ur-/);
	});

	test('form-encoded with HTTP Basic client authentication (what OAuth libraries send) works too', async () => {
		const code = await authorize();
		const answer = await send(TOKEN_PATH, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				authorization: `Basic ${Buffer.from(`${APP.appId}:${APP.appSecret}`).toString('base64')}`,
			},
			body: new URLSearchParams({
				grant_type: 'authorization_code',
				code,
				redirect_uri: REDIRECT,
			}).toString(),
		});
		expect([answer.status, answer.json.code]).toEqual([200, 0]);
	});

	test.each([
		['a bad code', async () => codeGrant('not-a-code'), 20003],
		[
			'a wrong redirect URI',
			async () => codeGrant(await authorize(), { redirect_uri: 'http://127.0.0.1:5678/other' }),
			20071,
		],
		['a wrong secret', async () => codeGrant(await authorize(), { client_secret: 'wrong' }), 20002],
		[
			'a missing code',
			async () => ({
				grant_type: 'authorization_code',
				client_id: APP.appId,
				client_secret: APP.appSecret,
			}),
			20001,
		],
		[
			'an unknown grant type',
			async () => ({ ...codeGrant(await authorize()), grant_type: 'password' }),
			20024,
		],
	])('%s is refused with its own code', async (_what, body, code) => {
		const answer = await token(await body());
		expect([answer.status, answer.json.code, typeof answer.json.error]).toEqual([
			400,
			code,
			'string',
		]);
		expect(answer.json.access_token).toBeUndefined();
	});

	test('a code works once: the second exchange is 20065', async () => {
		const code = await authorize();
		expect((await token(codeGrant(code))).status).toBe(200);
		const again = await token(codeGrant(code));
		expect([again.status, again.json.code, again.json.error]).toEqual([
			400,
			20065,
			'invalid_grant',
		]);
	});

	test('PKCE: the S256 challenge must match the verifier', async () => {
		const verifier = 'v'.repeat(43);
		const challenge = createHash('sha256').update(verifier).digest('base64url');
		const pkce = { code_challenge: challenge, code_challenge_method: 'S256' };
		const wrong = await token(codeGrant(await authorize(pkce), { code_verifier: 'w'.repeat(43) }));
		const missing = await token(codeGrant(await authorize(pkce)));
		const right = await token(codeGrant(await authorize(pkce), { code_verifier: verifier }), true);
		expect([wrong.json.code, missing.json.code, right.json.code]).toEqual([20049, 20049, 0]);
	});

	test('without offline_access no refresh token is issued', async () => {
		const answer = await token(codeGrant(await authorize({ scope: 'docs:document.media:upload' })));
		expect(answer.json.code).toBe(0);
		expect(answer.json.refresh_token).toBeUndefined();
	});
});

describe('refresh with rotation', () => {
	test('each refresh token works once and its answer carries the next one', async () => {
		const first = await connectedUser();
		const second = await token(refreshGrant(first.refreshToken));
		expect(second.status).toBe(200);
		expect(second.json.refresh_token).not.toBe(first.refreshToken);
		expect(second.json.access_token).not.toBe(first.accessToken);
		const reused = await token(refreshGrant(first.refreshToken));
		expect([reused.status, reused.json.code, reused.json.error]).toEqual([
			400,
			20073,
			'invalid_grant',
		]);
		const third = await token(refreshGrant(String(second.json.refresh_token)), true);
		expect(third.json.code).toBe(0);
	});

	test('a revoked refresh token is 20064, an unknown one 20026', async () => {
		const user = await connectedUser();
		fake.revokeRefreshTokens();
		expect((await token(refreshGrant(user.refreshToken))).json.code).toBe(20064);
		expect((await token(refreshGrant('ur-unknown'))).json.code).toBe(20026);
	});
});

describe('user tokens on the media endpoints', () => {
	test("an upload with a user token is recorded as the user's", async () => {
		const user = await connectedUser();
		const answer = await uploadAs(user.accessToken, Buffer.from('user bytes'));
		expect(answer.json.code).toBe(0);
		const stored = fake.files.get(String((answer.json.data as Record<string, unknown>).file_token));
		expect(stored).toMatchObject({
			appId: APP.appId,
			identity: 'user',
			openId: 'ou_fake_user_0001',
		});
	});

	test('an expired user token is 99991677, an unknown one 99991668, both HTTP 400', async () => {
		const user = await connectedUser();
		fake.expireUserTokens();
		const expired = await uploadAs(user.accessToken, Buffer.from('x'));
		const unknown = await uploadAs('u-unknown', Buffer.from('x'));
		expect([expired.status, expired.json.code, unknown.status, unknown.json.code]).toEqual([
			400, 99991677, 400, 99991668,
		]);
	});

	test('expireUserTokensAfter: the Nth use still passes, the next one meets an expired token', async () => {
		const user = await connectedUser();
		fake.configureOAuth({ expireUserTokensAfter: 2 });
		const codes = [];
		for (let index = 0; index < 3; index++)
			codes.push((await uploadAs(user.accessToken, Buffer.from(`n${index}`))).json.code);
		expect(codes).toEqual([0, 0, 99991677]);
	});
});
