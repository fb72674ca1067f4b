import { NodeApiError, NodeOperationError, type IDataObject } from 'n8n-workflow';

import { closedPort, newApp, PARENT_NODES, requestsTo } from '../scripts/lib/harness/fake';
import { runFeishuMedia, type TestCredentials } from '../scripts/lib/harness/runNode';
import { fakeForFile } from './support/fakeForFile';

const fake = fakeForFile();

const docx = { parentType: 'docx_image', parentNode: PARENT_NODES.docx_image[0] };
const oneFile = [{ binary: { data: { content: Buffer.from('image-bytes'), fileName: 'a.png' } } }];

async function failureOf(
	credentials: TestCredentials,
	parameters: IDataObject = docx,
): Promise<NodeApiError | NodeOperationError> {
	const error = await runFeishuMedia({ credentials, items: oneFile, parameters }).then(
		() => {
			throw new Error('expected the upload to fail');
		},
		(thrown: NodeApiError | NodeOperationError) => thrown,
	);
	return error;
}

describe('Feishu errors become clear node errors', () => {
	test.each([
		[
			1061004,
			'403',
			/The app is not allowed to edit the target document \(Feishu code 1061004\)/,
			/Share the document with the app/,
		],
		[1061101, '400', /storage quota is exceeded \(Feishu code 1061101\)/, /Free up space/],
		[
			99991672,
			'400',
			/lacks an API scope needed for uploads \(Feishu code 99991672\)/,
			/docs:document.media:upload/,
		],
		[1061043, '400', /larger than Feishu allows here \(Feishu code 1061043\)/, /smaller file/],
	])(
		'fatal code %i fails at once with what to do, the code, msg and log id',
		async (code, httpCode, message, action) => {
			const credentials = newApp(fake);
			fake.script({ endpoint: 'upload_all', code, times: 1 });
			const error = await failureOf(credentials);
			expect(error).toBeInstanceOf(NodeApiError);
			expect(error.message).toMatch(message);
			expect((error as NodeApiError).httpCode).toBe(httpCode);
			expect(error.description).toMatch(action);
			expect(error.description).toMatch(
				/Feishu said ".+" on upload_all, HTTP \d{3}, log id [\w-]+\./,
			);
			expect(requestsTo(fake, credentials.appId, 'upload_all')).toHaveLength(1);
		},
	);

	test('an unknown parent node (1061044) names Parent Node', async () => {
		const error = await failureOf(newApp(fake), {
			parentType: 'docx_image',
			parentNode: 'doxcnDoesNotExist',
		});
		expect(error.message).toBe('The parent node does not exist (Feishu code 1061044)');
		expect(error.description).toMatch(/Check Parent Node/);
		expect((error as NodeApiError).httpCode).toBe('400');
	});

	test('retryable codes at HTTP 200 are retried until they pass', async () => {
		const credentials = newApp(fake);
		fake.script({ endpoint: 'upload_all', code: 1061045, times: 1 });
		fake.script({ endpoint: 'upload_all', code: 1061001, times: 1 });
		const { output, logs } = await runFeishuMedia({
			credentials,
			items: oneFile,
			parameters: docx,
		});
		expect(output[0].json.file_token).toEqual(expect.any(String));
		expect(
			requestsTo(fake, credentials.appId, 'upload_all').map((request) => request.code),
		).toEqual([1061045, 1061001, 0]);
		expect(logs.filter((line) => line.startsWith('warn: Feishu upload_all: code'))).toHaveLength(2);
	});

	test('a retryable code that never clears fails after Max Retries with the count', async () => {
		const credentials = newApp(fake);
		fake.script({ endpoint: 'upload_all', code: 1061006, times: 3 });
		const error = await failureOf(credentials, { ...docx, options: { maxRetries: 2 } });
		expect(error.message).toBe('Feishu timed out internally (Feishu code 1061006)');
		expect(error.description).toMatch(/The node tried 3 times/);
		expect(requestsTo(fake, credentials.appId, 'upload_all')).toHaveLength(3);
	});

	test('the gateway limit (429, 99991400) waits for x-ogw-ratelimit-reset', async () => {
		const credentials = newApp(fake);
		fake.script({ endpoint: 'upload_all', code: 99991400, times: 1 });
		const { output } = await runFeishuMedia({ credentials, items: oneFile, parameters: docx });
		const attempts = requestsTo(fake, credentials.appId, 'upload_all');
		expect(attempts.map((request) => request.httpStatus)).toEqual([429, 200]);
		expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(950);
		expect(output[0].json.file_token).toEqual(expect.any(String));
	});

	test('an HTTP 500 with a non-JSON body is retried, then reported with its status', async () => {
		const credentials = newApp(fake);
		fake.setFaults({ rate: 1, seed: 3, kinds: ['http500'] });
		try {
			const error = await failureOf(credentials, { ...docx, options: { maxRetries: 1 } });
			expect(error.message).toBe('Feishu upload_all failed with HTTP 500');
			expect(requestsTo(fake, credentials.appId, 'upload_all')).toHaveLength(2);
		} finally {
			fake.setFaults({ rate: 0 });
		}
	});

	test('an expired token (99991663 at HTTP 400) is renewed and the upload retried once', async () => {
		const credentials = newApp(fake);
		await runFeishuMedia({ credentials, items: oneFile, parameters: docx });
		const tokensBefore = fake.stats().tokensIssued.length;
		const requestsBefore = fake.stats().requests.length;
		fake.revokeAllTokens();
		const { output } = await runFeishuMedia({ credentials, items: oneFile, parameters: docx });
		expect(output[0].json.file_token).toEqual(expect.any(String));
		expect(fake.stats().tokensIssued.length).toBe(tokensBefore + 1);
		// A revoked token names no app any more, so look at every request since the revocation.
		const since = fake.stats().requests.slice(requestsBefore);
		expect(since.map((request) => [request.endpoint, request.httpStatus, request.code])).toEqual([
			['upload_all', 400, 99991663],
			['token', 200, 0],
			['upload_all', 200, 0],
		]);
	});

	test('a token rejected twice in a row is reported, not retried forever', async () => {
		const credentials = newApp(fake);
		fake.script({ endpoint: 'upload_all', code: 99991663, times: 2 });
		const error = await failureOf(credentials);
		expect(error.message).toBe(
			'The tenant access token is invalid or expired (Feishu code 99991663)',
		);
		expect(requestsTo(fake, credentials.appId, 'upload_all')).toHaveLength(2);
	});

	test('a wrong app secret says so', async () => {
		const error = await failureOf({ ...newApp(fake), appSecret: 'not-the-secret' });
		expect(error.message).toBe('The App Secret is wrong for this App ID (Feishu code 10014)');
		expect(error.description).toMatch(/Copy the App Secret again/);
	});

	test('an unknown app id says so', async () => {
		const error = await failureOf({ ...newApp(fake), appId: 'cli_nobody' });
		expect(error.message).toBe(
			'Feishu does not know this App ID (or the credential is incomplete) (Feishu code 10003)',
		);
	});

	test('an unreachable base URL is a connection error after the retries', async () => {
		const port = await closedPort();
		const error = await failureOf(
			{ ...newApp(fake), baseUrl: `http://127.0.0.1:${port}` },
			{ ...docx, options: { maxRetries: 1 } },
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(`Could not reach Feishu: connection refused by 127.0.0.1:${port}`);
		expect(error.description).toMatch(/\(ECONNREFUSED\)\. The node tried 2 times\.$/);
	});

	test('with continue on fail the error item carries the Feishu code and log id', async () => {
		const credentials = newApp(fake);
		const { output } = await runFeishuMedia({
			credentials,
			continueOnFail: true,
			items: [...oneFile, ...oneFile, ...oneFile],
			parameters: (itemIndex) => ({
				...docx,
				parentNode: itemIndex === 1 ? 'doxcnMissing' : docx.parentNode,
			}),
		});
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.file_token).toEqual(expect.any(String));
		expect(output[1].json).toMatchObject({
			error: 'The parent node does not exist (Feishu code 1061044)',
			feishu_code: 1061044,
			log_id: expect.any(String),
		});
		expect(output[2].json.file_token).toEqual(expect.any(String));
	});
});

describe('timeouts', () => {
	test('a request that makes no progress within Timeout is abandoned and retried', async () => {
		const credentials = newApp(fake);
		fake.setFaults({ rate: 1, seed: 5, kinds: ['slow'], slowMs: 1500 });
		try {
			const error = await failureOf(credentials, {
				...docx,
				options: { timeout: 300, maxRetries: 1 },
			});
			expect(error.message).toBe(
				`Feishu did not answer in time: ${new URL(fake.baseUrl).host} did not answer within 300 ms`,
			);
			expect(error.description).toMatch(/The node tried 2 times\.$/);
			// The fake records an abandoned request once its own slow answer is due.
			await new Promise((resolve) => setTimeout(resolve, 1700));
			expect(requestsTo(fake, credentials.appId, 'upload_all')).toHaveLength(2);
		} finally {
			fake.setFaults({ rate: 0 });
		}
	});

	test('a slow answer within Timeout is simply waited for', async () => {
		const credentials = newApp(fake);
		fake.setFaults({ rate: 1, seed: 5, kinds: ['slow'], slowMs: 400 });
		try {
			const { output } = await runFeishuMedia({
				credentials,
				items: oneFile,
				parameters: { ...docx, options: { timeout: 5000 } },
			});
			expect(output[0].json.file_token).toEqual(expect.any(String));
			expect(requestsTo(fake, credentials.appId, 'upload_all')).toHaveLength(1);
		} finally {
			fake.setFaults({ rate: 0 });
		}
	});
});
