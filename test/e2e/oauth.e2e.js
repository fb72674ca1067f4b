'use strict';

// Issue 12 in real n8n, without a browser: an owner through n8n's REST API, a Feishu Media OAuth2
// API credential created there and connected by following the authorization URL n8n hands out to
// the fake Feishu and back to n8n's callback; then uploads as that user with `n8n execute`, a user
// token that dies mid-run (one refresh, the rotated refresh token stored by n8n), and a revoked
// refresh token that ends in the "reconnect" error item. Run on each n8n version by everyCheck.js.

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { startN8nServer } = require('../../scripts/lib/n8nServer');
const { cli } = require('../../scripts/lib/n8nRun');
const { sha256 } = require('../../scripts/lib/sampleFiles');
const { describeN8n } = require('./describeN8n');
const flows = require('./oauthWorkflows');

const FILE_COUNT = 10;
const EXPIRE_AFTER_UPLOADS = 5;
const FAKE_USER = 'ou_fake_user_0001';

/** The credential as n8n stores it, decrypted by n8n's own export command (never printed). */
async function storedCredentialData(instance, credentialId) {
	const file = path.join(instance.rootDir, `credential-${credentialId}.json`);
	const result = await cli(instance, [
		'export:credentials',
		`--id=${credentialId}`,
		'--decrypted',
		`--output=${file}`,
	]);
	if (result.code !== 0)
		throw new Error(`n8n export:credentials failed (${result.code}): ${result.stderr.slice(-800)}`);
	const [credential] = JSON.parse(fs.readFileSync(file, 'utf8'));
	fs.rmSync(file, { force: true });
	return credential.data;
}

/**
 * "Connect my account" done by hand: n8n's authorization URL, the redirect URL in it registered
 * in the (fake) Feishu console, the consent page followed to n8n's callback with the owner's login.
 */
async function connectThroughN8n(server, fake, credentialId, appId) {
	const authorizationUrl = await server.rest(
		'GET',
		`/rest/oauth2-credential/auth?id=${encodeURIComponent(credentialId)}`,
	);
	const authorization = new URL(authorizationUrl);
	const redirectUri = authorization.searchParams.get('redirect_uri');
	fake.addRedirectUri(appId, redirectUri);
	const consent = await fetch(authorization, { redirect: 'manual' });
	if (consent.status !== 302)
		throw new Error(`the authorization page answered ${consent.status}, not a redirect`);
	const callback = new URL(consent.headers.get('location'));
	await server.rest('GET', `${callback.pathname}${callback.search}`);
	return { authorization, callback, redirectUri };
}

function writeUserFiles(filesDir) {
	const dir = path.join(filesDir, 'user');
	fs.mkdirSync(dir, { recursive: true });
	const files = {};
	for (let index = 1; index <= FILE_COUNT; index++) {
		const name = `user-file-${String(index).padStart(2, '0')}.bin`;
		const content = crypto.randomBytes(2000 + index * 100);
		fs.writeFileSync(path.join(dir, name), content);
		files[name] = sha256(content);
	}
	return files;
}

const appOf = () => require(path.join(__dirname, '..', '..', 'fake-feishu')).DEFAULT_APP;

function describeOAuth(major) {
	let credentialRef;
	let connection;
	let sources;
	describeN8n(
		major,
		'Feishu Media as a user (OAuth2)',
		async (session) => {
			sources = writeUserFiles(session.instance.filesDir);
			const app = appOf();
			const server = await startN8nServer(session.instance);
			try {
				await server.setupOwnerAndLogin();
				const created = await server.rest('POST', '/rest/credentials', {
					name: 'Feishu user (e2e)',
					type: 'feishuMediaOAuth2Api',
					data: {
						platform: 'custom',
						baseUrl: session.fake.baseUrl,
						clientId: app.appId,
						clientSecret: app.appSecret,
					},
				});
				credentialRef = { id: String(created.id), name: created.name };
				connection = await connectThroughN8n(server, session.fake, credentialRef.id, app.appId);
				// n8n's REST API tells a connected credential by a redacted oauthTokenData.
				connection.restView = await server.rest(
					'GET',
					`/rest/credentials/${credentialRef.id}?includeData=true`,
				);
			} finally {
				await server.close();
			}
			const workflows = {
				all: flows.uploadAll(session.instance.filesDir, credentialRef),
				one: flows.uploadOne(session.instance.filesDir, credentialRef),
			};
			await session.importExamples([], Object.values(workflows));
			return workflows;
		},
		(ctx) => {
			test('n8n hands out Feishu authorization with PKCE, and its callback stores the tokens', async () => {
				const query = connection.authorization.searchParams;
				expect(connection.authorization.pathname).toBe('/open-apis/authen/v1/authorize');
				expect([
					query.get('client_id'),
					query.get('response_type'),
					query.get('code_challenge_method'),
				]).toEqual([appOf().appId, 'code', 'S256']);
				expect(query.get('scope').split(' ')).toEqual(
					expect.arrayContaining(['docs:document.media:upload', 'offline_access']),
				);
				expect(connection.redirectUri).toMatch(/\/rest\/oauth2-credential\/callback$/);
				expect(connection.callback.searchParams.get('code')).toMatch(/\S/);
				expect(connection.restView.data.oauthTokenData).toBeTruthy();
				const stored = await storedCredentialData(ctx.session.instance, credentialRef.id);
				expect(stored.oauthTokenData.access_token).toMatch(/^u-/);
				expect(stored.oauthTokenData.refresh_token).toMatch(/^ur-/);
				// The code was exchanged once, with the verifier (the fake checks it against the challenge).
				const exchanges = ctx.session.fake
					.stats()
					.requests.filter((request) => request.endpoint === 'oauth_token');
				expect(exchanges.map((request) => request.code)).toEqual([0]);
			});

			test(`${FILE_COUNT} files up as the user; the token expires after ${EXPIRE_AFTER_UPLOADS}: one refresh, the rotated refresh token stored`, async () => {
				const before = await storedCredentialData(ctx.session.instance, credentialRef.id);
				ctx.session.fake.configureOAuth({ expireUserTokensAfter: EXPIRE_AFTER_UPLOADS });
				const result = await ctx.execute('all');
				const read = result.output(flows.READ_NODE);
				const uploaded = result.output(flows.UPLOAD_NODE);
				expect(uploaded).toHaveLength(FILE_COUNT);
				uploaded.forEach((item, index) => {
					expect(item.json).toMatchObject({
						identity: 'user',
						upload_mode: 'upload_all',
						file_name: read[index].json.fileName,
					});
					const stored = ctx.session.fake.files.get(item.json.file_token);
					expect(stored).toMatchObject({
						identity: 'user',
						openId: FAKE_USER,
						appId: appOf().appId,
					});
					expect(stored.sha256).toBe(sources[read[index].json.fileName]);
				});
				const calls = result.fake.requests.map((request) => `${request.endpoint}:${request.code}`);
				expect(calls.filter((call) => call.startsWith('oauth_token'))).toEqual(['oauth_token:0']);
				expect(calls.filter((call) => call === 'upload_all:99991677')).toHaveLength(1);
				expect(calls.filter((call) => call === 'upload_all:0')).toHaveLength(FILE_COUNT);
				const after = await storedCredentialData(ctx.session.instance, credentialRef.id);
				expect(after.oauthTokenData.refresh_token).toMatch(/^ur-/);
				expect(after.oauthTokenData.refresh_token).not.toBe(before.oauthTokenData.refresh_token);
				expect(after.oauthTokenData.access_token).not.toBe(before.oauthTokenData.access_token);
				// Single-use refresh tokens: the first is spent; n8n holds the live one (the next run uses it).
				expect(ctx.session.fake.oauthState().refreshTokens.map((token) => token.used)).toEqual([
					true,
					false,
				]);
				ctx.session.fake.expireUserTokens();
				const again = await ctx.execute('one');
				expect(again.output(flows.UPLOAD_NODE)[0].json).toMatchObject({ identity: 'user' });
				expect(
					again.fake.requests
						.filter((request) => request.endpoint === 'oauth_token')
						.map((request) => request.code),
				).toEqual([0]);
				ctx.recordRun(`${FILE_COUNT} files up as a user, one token refresh`, result);
			});

			test('a revoked refresh token ends in an error item that says to reconnect the credential', async () => {
				ctx.session.fake.revokeRefreshTokens();
				const filesBefore = ctx.session.fake.files.size;
				const result = await ctx.execute('one');
				const [item] = result.output(flows.UPLOAD_NODE);
				expect(item.json.error).toMatch(/reconnect the credential/);
				expect(item.json.file_token).toBeUndefined();
				expect(ctx.session.fake.files.size).toBe(filesBefore);
				const refreshes = result.fake.requests.filter(
					(request) => request.endpoint === 'oauth_token',
				);
				expect(refreshes.map((request) => request.code)).toEqual([20064]);
			});
		},
	);
}

module.exports = { describeOAuth };
