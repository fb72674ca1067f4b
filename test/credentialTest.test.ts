import { FeishuMediaApi } from '../credentials/FeishuMediaApi.credentials';
import { newApp } from '../scripts/lib/harness/fake';
import { httpRequest } from '../scripts/lib/harness/n8nHelpers';
import type { TestCredentials } from '../scripts/lib/harness/runNode';
import { fakeForFile } from './support/fakeForFile';

// n8n's credential Test runs the credential's preAuthentication first and shows the message of
// whatever it throws; the same call fetches the token for every execution.
const credentialType = new FeishuMediaApi();

const fake = fakeForFile();

async function preAuthenticate(data: TestCredentials) {
	return await credentialType.preAuthentication.call({ helpers: { httpRequest } } as never, {
		...data,
	});
}

async function messageOf(data: TestCredentials): Promise<string> {
	try {
		await preAuthenticate(data);
	} catch (error) {
		expect(error).not.toHaveProperty('code'); // n8n's tester would show a code instead of the message
		return (error as Error).message;
	}
	throw new Error('preAuthentication succeeded');
}

describe("the credential's token fetch (and its Test button)", () => {
	test('working app id and secret give a token the fake accepts', async () => {
		const app = newApp(fake);
		const { tenantAccessToken } = await preAuthenticate(app);
		expect(tenantAccessToken).toMatch(/^t-/);
		expect(fake.stats().tokensIssued).toContain(tenantAccessToken);
	});

	test('wrong secret, unknown app and unreachable host are three different messages', async () => {
		const app = newApp(fake);
		const wrongSecret = await messageOf({ ...app, appSecret: 'wrong' });
		const unknownApp = await messageOf({ ...app, appId: 'cli_unknown' });
		const unreachable = await messageOf({ ...app, baseUrl: 'http://127.0.0.1:9' });
		expect(wrongSecret).toMatch(/^The App Secret is wrong for this App ID \(Feishu code 10014\)/);
		expect(unknownApp).toMatch(
			/^Feishu does not know the App ID "cli_unknown" \(Feishu code 10003\)/,
		);
		expect(unreachable).toMatch(
			/^Cannot reach http:\/\/127.0.0.1:9: connection refused by 127.0.0.1:9\./,
		);
		for (const message of [wrongSecret, unknownApp, unreachable])
			expect(message).not.toContain(app.appSecret);
	});

	test('plain http to a remote host is refused without a request', async () => {
		const before = fake.stats().requests.length;
		const message = await messageOf({ ...newApp(fake), baseUrl: 'http://feishu.example.com' });
		expect(message).toMatch(/plain http:\/\/ for "feishu.example.com"/);
		expect(fake.stats().requests.length).toBe(before);
	});

	test('an app id or secret left empty is named before any request', async () => {
		const before = fake.stats().requests.length;
		expect(await messageOf({ ...newApp(fake), appSecret: '' })).toMatch(
			/needs both the App ID and the App Secret/,
		);
		expect(fake.stats().requests.length).toBe(before);
	});
});
