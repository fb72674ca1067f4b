// Authentication: User (OAuth2) through the real node, n8n-core's own OAuth2 request and refresh
// code (scripts/lib/harness/n8nHelpers.ts) and the fake Feishu's OAuth endpoints.
import { createHash, randomBytes } from 'crypto';

import { ClientOAuth2 } from '@n8n/client-oauth2';
import type { IDataObject } from 'n8n-workflow';

import { PARENT_NODES, sha256, testBytes } from '../scripts/lib/harness/fake';
import {
	binaryContent,
	runFeishuMedia,
	storedCredential,
	type TestOAuth2Credentials,
} from '../scripts/lib/harness/runNode';
import { fakeForFile } from './support/fakeForFile';

const REDIRECT = 'http://127.0.0.1:5678/rest/oauth2-credential/callback';
const SCOPE =
	'docs:document.media:upload docs:document.media:download docs:document:import docx:document bitable:app offline_access';

const fake = fakeForFile();
let appCounter = 0;

afterEach(() => fake.configureOAuth({ expireUserTokensAfter: null }));

/**
 * "Connect my account" the way n8n's OAuth2 controller does it with the credential's grant type
 * pkce: the authorization URL with an S256 challenge, the consent redirect, the code exchange.
 */
async function connectedCredential(): Promise<TestOAuth2Credentials> {
	appCounter++;
	const clientId = `cli_oauth_user_${process.pid}_${appCounter}`;
	const clientSecret = `oauth-secret-${appCounter}-${randomBytes(4).toString('hex')}`;
	fake.addApp(clientId, clientSecret);
	fake.addRedirectUri(clientId, REDIRECT);
	const credential: TestOAuth2Credentials = {
		platform: 'custom',
		baseUrl: fake.baseUrl,
		clientId,
		clientSecret,
		grantType: 'pkce',
		authUrl: `${fake.baseUrl}/open-apis/authen/v1/authorize`,
		accessTokenUrl: `${fake.baseUrl}/open-apis/authen/v2/oauth/token`,
		scope: SCOPE,
		authentication: 'body',
	};
	const verifier = randomBytes(32).toString('base64url');
	const client = new ClientOAuth2({
		clientId,
		clientSecret,
		accessTokenUri: credential.accessTokenUrl as string,
		authorizationUri: credential.authUrl as string,
		redirectUri: REDIRECT,
		scopes: [SCOPE],
		state: 'state-1',
	});
	const authorizationUrl = client.code.getUri({
		query: {
			code_challenge: createHash('sha256').update(verifier).digest('base64url'),
			code_challenge_method: 'S256',
		},
	});
	const consent = await fetch(authorizationUrl, { redirect: 'manual' });
	expect(consent.status).toBe(302);
	const token = await client.code.getToken(consent.headers.get('location') ?? '', {
		body: { code_verifier: verifier },
	});
	return { ...credential, oauthTokenData: token.data as IDataObject };
}

function uploadParameters(): IDataObject {
	return {
		authentication: 'oAuth2',
		operation: 'upload',
		parentType: 'docx_image',
		parentNode: PARENT_NODES.docx_image[0],
	};
}

function files(count: number): { binary: { data: { content: Buffer; fileName: string } } }[] {
	return Array.from({ length: count }, (_, index) => ({
		binary: { data: { content: testBytes(300 + index, index + 7), fileName: `user-${index}.png` } },
	}));
}

describe('Authentication: User (OAuth2)', () => {
	test('uploads go up as the user: items say identity "user", the fake records the user, nothing is refreshed', async () => {
		const credentials = await connectedCredential();
		const { output, credential } = await runFeishuMedia({
			credentials,
			items: files(3),
			parameters: uploadParameters(),
		});
		expect(output.map((item) => item.json.identity)).toEqual(['user', 'user', 'user']);
		for (const item of output) {
			expect(fake.files.get(item.json.file_token as string)).toMatchObject({
				appId: credentials.clientId,
				identity: 'user',
				openId: 'ou_fake_user_0001',
			});
		}
		expect(credential.oauthUpdates ?? 0).toBe(0);
	});

	test('the user token expires mid-run: one refresh through n8n, the rotated refresh token stored, every file up', async () => {
		const credentials = await connectedCredential();
		const firstRefreshToken = credentials.oauthTokenData?.refresh_token;
		fake.configureOAuth({ expireUserTokensAfter: 2 });
		const { output, credential } = await runFeishuMedia({
			credentials,
			items: files(5),
			parameters: uploadParameters(),
		});
		expect(output.map((item) => typeof item.json.file_token)).toEqual(Array(5).fill('string'));
		expect(credential.oauthUpdates).toBe(1);
		const stored = credential.data.oauthTokenData as IDataObject;
		expect(stored.refresh_token).toEqual(expect.stringMatching(/^ur-/));
		expect(stored.refresh_token).not.toBe(firstRefreshToken);
		expect(stored.access_token).not.toBe(credentials.oauthTokenData?.access_token);
		// Feishu's refresh tokens are single-use: the first is spent, the stored one is the live one.
		expect(
			fake
				.oauthState()
				.refreshTokens.filter((token) => token.appId === credentials.clientId)
				.map((token) => token.used),
		).toEqual([true, false]);
		const refreshes = fake
			.stats()
			.requests.filter(
				(request) =>
					request.endpoint === ('oauth_token' as never) && request.appId === credentials.clientId,
			);
		expect(refreshes.map((request) => request.code)).toEqual([0, 0]); // the code exchange, then the one refresh
	});

	test('a revoked refresh token yields an error item that says to reconnect the credential', async () => {
		const credentials = await connectedCredential();
		fake.revokeRefreshTokens();
		const before = fake.files.size;
		const { output } = await runFeishuMedia({
			credentials,
			items: files(1),
			parameters: uploadParameters(),
			continueOnFail: true,
		});
		expect(
			String((output[0].json.error as IDataObject | undefined)?.message ?? output[0].json.error),
		).toMatch(/reconnect the credential/);
		expect(fake.files.size).toBe(before);
	});

	test('without continue on fail the same run stops with that error', async () => {
		const credentials = await connectedCredential();
		fake.revokeRefreshTokens();
		await expect(
			runFeishuMedia({ credentials, items: files(1), parameters: uploadParameters() }),
		).rejects.toThrow(/reconnect the credential/);
	});

	test('download and temporary links work as the user too, with a refresh when the token dies before them', async () => {
		const credentials = await connectedCredential();
		const content = testBytes(4000, 3);
		const up = await runFeishuMedia({
			credentials,
			items: [{ binary: { data: { content, fileName: 'mine.png' } } }],
			parameters: uploadParameters(),
		});
		const fileToken = up.output[0].json.file_token as string;
		fake.expireUserTokens();
		const down = await runFeishuMedia({
			credentials,
			items: [{}],
			parameters: { authentication: 'oAuth2', operation: 'download', fileToken },
		});
		expect(sha256(binaryContent(down.output[0].binary?.data as never))).toBe(sha256(content));
		fake.expireUserTokens();
		const links = await runFeishuMedia({
			credentials,
			items: [{}],
			parameters: { authentication: 'oAuth2', operation: 'getTemporaryUrls', fileToken },
		});
		expect(links.output[0].json).toEqual({
			file_token: fileToken,
			tmp_download_url: expect.stringMatching(/\/tmp-download\//),
		});
		expect(storedCredential(credentials).oauthUpdates).toBe(2);
	});

	test('a credential never connected fails before any request, saying how to connect it', async () => {
		const credentials = { ...(await connectedCredential()), oauthTokenData: undefined };
		const requestsBefore = fake.stats().requests.length;
		await expect(
			runFeishuMedia({ credentials, items: files(1), parameters: uploadParameters() }),
		).rejects.toThrow(/not connected to a Feishu user/);
		expect(fake.stats().requests.length).toBe(requestsBefore);
	});
});
