import type { ICredentialsDecrypted, ICredentialTestFunctions } from 'n8n-workflow';

import { feishuApiCredentialTest } from '../nodes/FeishuMedia/methods/credentialTest';
import { newApp, startFakeFeishu, type FakeFeishu } from './harness/fake';
import type { TestCredentials } from './harness/runNode';

let fake: FakeFeishu;
beforeAll(async () => {
	fake = await startFakeFeishu();
});
afterAll(async () => await fake.close());

async function testCredential(data: TestCredentials) {
	const credential = { id: '1', name: 'Feishu', type: 'feishuApi', data } as unknown as ICredentialsDecrypted;
	return await feishuApiCredentialTest.call({} as ICredentialTestFunctions, credential);
}

describe('the credential dialog\'s Test button', () => {
	test('working app id and secret', async () => {
		await expect(testCredential(newApp(fake))).resolves.toEqual({ status: 'OK', message: 'Connection successful: the App ID and App Secret work' });
	});

	test('wrong secret, unknown app and unreachable host are three different messages', async () => {
		const app = newApp(fake);
		const wrongSecret = await testCredential({ ...app, appSecret: 'wrong' });
		const unknownApp = await testCredential({ ...app, appId: 'cli_unknown' });
		const unreachable = await testCredential({ ...app, baseUrl: 'http://127.0.0.1:9' });
		expect(wrongSecret).toEqual({ status: 'Error', message: expect.stringMatching(/^The App Secret is wrong for this App ID/) });
		expect(unknownApp).toEqual({ status: 'Error', message: expect.stringMatching(/^Feishu does not know the App ID "cli_unknown"/) });
		expect(unreachable).toEqual({ status: 'Error', message: expect.stringMatching(/^Cannot reach http:\/\/127.0.0.1:9: connection refused by 127.0.0.1:9\./) });
		for (const result of [wrongSecret, unknownApp, unreachable]) expect(result.message).not.toContain(app.appSecret);
	});

	test('plain http to a remote host is refused without a request', async () => {
		const before = fake.stats().requests.length;
		const result = await testCredential({ ...newApp(fake), baseUrl: 'http://feishu.example.com' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/plain http:\/\/ for "feishu.example.com"/);
		expect(fake.stats().requests.length).toBe(before);
	});
});
