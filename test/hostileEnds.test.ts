import { setRequestsPerSecondForTesting } from '../nodes/FeishuMedia/transport/limiters';
import { closedPort, newApp, requestsTo, sha256, testBytes } from '../scripts/lib/harness/fake';
import { answerJson, readBody } from '../scripts/lib/harness/hostileServer';
import { runFeishuMedia, type TestCredentials } from '../scripts/lib/harness/runNode';
import { fakeForFile } from './support/fakeForFile';
import * as runs from './support/hostileRuns';

/**
 * Issue 9, runs that end early: an unreachable host, a lost answer and a stopped execution cost
 * the item a clear error within its bounds and send nothing more; the token stays in the
 * credential. The hostile answers themselves are in test/hostile.test.ts.
 */
const hostile = runs.hostileServers();

describe('an unreachable host', () => {
	test('fails the first item within ~10 s and the other 4 at once, with the same message', async () => {
		const port = await closedPort();
		const credentials = {
			platform: 'custom',
			baseUrl: `http://127.0.0.1:${port}`,
			appId: 'cli_unreachable',
			appSecret: 'unreachable-secret',
		};
		// Jest maps error stacks through source-map, whose quicksort draws its pivots from
		// Math.random: at a constant 0 it recurses past the stack size on its first map of our
		// sources. An item of another app that fails at once has them mapped before.
		await runFeishuMedia({
			credentials: { ...credentials, appId: 'cli_unreachable_first' },
			continueOnFail: true,
			items: runs.smallFiles(1),
			parameters: { ...runs.docx, options: { maxRetries: 0 } },
		});
		// The bound must hold whatever the backoff's jitter: take the unluckiest draw (shortest
		// waits, so the most retries fit before the 8 s budget runs out).
		const random = jest.spyOn(Math, 'random').mockReturnValue(0);
		const itemStarts: number[] = [];
		try {
			const { output } = await runs.within(
				30_000,
				runFeishuMedia({
					credentials,
					continueOnFail: true,
					items: runs.smallFiles(5),
					parameters: (itemIndex) => {
						itemStarts[itemIndex] ??= Date.now();
						return runs.docx;
					},
				}),
			);
			const ended = Date.now();
			const durations = [...itemStarts.slice(1), ended].map(
				(end, index) => end - itemStarts[index],
			);
			const message = `Could not reach Feishu: connection refused by 127.0.0.1:${port}`;
			expect(output.map((item) => item.json.error)).toEqual(Array(5).fill(message));
			expect(durations[0]).toBeLessThanOrEqual(10_500);
			// No retries for the later items: a retry would take seconds; the bound leaves room for a busy CI machine.
			for (const duration of durations.slice(1)) expect(duration).toBeLessThan(1000);
			expect(ended - itemStarts[0]).toBeLessThan(12_000);
		} finally {
			random.mockRestore();
		}
	});
});

describe('a lost upload_finish answer', () => {
	test('followed by a refusal says the upload may have completed, not "check Parent Type"', async () => {
		const block = 64 * 1024; // the smallest block_size the node accepts
		const stored: string[] = [];
		const server = await hostile(async (request, response, record) => {
			const body = await readBody(request);
			if (record.endpoint === 'upload_prepare') {
				const { size } = JSON.parse(body.toString('utf8')) as { size: number };
				return answerJson(response, 200, {
					code: 0,
					msg: 'success',
					data: { upload_id: 'upload-lost', block_size: block, block_num: Math.ceil(size / block) },
				});
			}
			if (record.endpoint === 'upload_part')
				return answerJson(response, 200, { code: 0, msg: 'success', data: {} });
			if (record.endpoint === 'upload_finish' && record.index === 0) {
				// Feishu stored the file, and the answer never made it back.
				stored.push('boxcnStoredButLost');
				response.socket?.destroy();
				return;
			}
			answerJson(response, 400, { code: 1061002, msg: 'params error.' });
		});
		const error = await runs.within(
			10_000,
			runs.failureOf(
				runFeishuMedia({
					credentials: runs.appOn(server),
					items: runs.oneFile(testBytes(2 * block + 100, 7)),
					parameters: { ...runs.docx, options: { uploadMode: 'chunked' } },
				}),
			),
		);
		expect(stored).toHaveLength(1);
		expect(server.of('upload_part')).toHaveLength(3);
		expect(server.of('upload_finish')).toHaveLength(2);
		expect(error.message).toMatch(/may have completed/);
		expect(`${error.message} ${error.description ?? ''}`).not.toMatch(/Check Parent Type/i);
	});
});

describe('stopping the execution', () => {
	const fake = fakeForFile();

	async function stopAfter(ms: number, credentials: TestCredentials) {
		const controller = new AbortController();
		const run = runFeishuMedia({
			credentials,
			items: runs.smallFiles(20),
			parameters: runs.docx,
			cancelSignal: controller.signal,
		}).then(
			() => new Error('the run finished although it was stopped'),
			(error: Error) => error,
		);
		await runs.sleep(ms);
		controller.abort();
		const stoppedAt = Date.now();
		const error = await runs.within(5000, run);
		return { error, stoppedAt, endedAt: Date.now() };
	}

	test('between requests (rate limit waits) ends the run within 1 s and sends nothing more', async () => {
		const credentials = newApp(fake);
		const { error, stoppedAt, endedAt } = await stopAfter(300, credentials);
		expect(error.message).toBe('The execution was stopped');
		expect(endedAt - stoppedAt).toBeLessThan(1000);
		await runs.sleep(300);
		const uploads = requestsTo(fake, credentials.appId, 'upload_all');
		expect(uploads.length).toBeGreaterThan(0);
		expect(uploads.length).toBeLessThan(20);
		expect(
			requestsTo(fake, credentials.appId).filter((request) => request.at > stoppedAt + 5),
		).toEqual([]);
	});

	test('during a slow request abandons it within 1 s and sends nothing more', async () => {
		const credentials = newApp(fake);
		fake.setFaults({ rate: 1, seed: 9, kinds: ['slow'], slowMs: 3000 });
		try {
			const { error, stoppedAt, endedAt } = await stopAfter(500, credentials);
			expect(error.message).toBe('The execution was stopped');
			expect(endedAt - stoppedAt).toBeLessThan(1000);
			// The fake records the abandoned request when its slow answer is due.
			await runs.sleep(3000);
			const uploads = requestsTo(fake, credentials.appId, 'upload_all');
			expect(uploads).toHaveLength(1);
			expect(
				requestsTo(fake, credentials.appId).filter((request) => request.at > stoppedAt + 5),
			).toEqual([]);
		} finally {
			fake.setFaults({ rate: 0 });
		}
	});
});

describe('the token in the credential', () => {
	// Pacing off on both sides: 100 items in a second or two, not twenty.
	const fake = fakeForFile({ rateLimit: false });
	beforeAll(() => setRequestsPerSecondForTesting(0));
	afterAll(() => setRequestsPerSecondForTesting(runs.FEISHU_RATE));

	test('99991663 renews it once through preAuthentication and resends a fresh body', async () => {
		const credentials = newApp(fake);
		const first = await runFeishuMedia({
			credentials,
			items: runs.oneFile(testBytes(5000, 1)),
			parameters: runs.docx,
		});
		expect(first.credential.preAuthentications).toBe(1);
		const firstToken = first.credential.data.tenantAccessToken;
		const requestsBefore = fake.stats().requests.length;
		fake.revokeAllTokens();
		const content = testBytes(5000, 2);
		const { output, credential } = await runFeishuMedia({
			credentials,
			items: runs.oneFile(content),
			parameters: runs.docx,
		});
		expect(credential.preAuthentications).toBe(2);
		expect(credential.data.tenantAccessToken).not.toBe(firstToken);
		expect(fake.stats().tokensIssued).toContain(credential.data.tenantAccessToken);
		expect(fake.stats().tokensIssued).toHaveLength(2);
		// The fake checks size and checksum: a body consumed by the first attempt would not pass.
		expect(fake.files.get(output[0].json.file_token as string)?.sha256).toBe(sha256(content));
		expect(
			fake
				.stats()
				.requests.slice(requestsBefore)
				.map((request) => [request.endpoint, request.httpStatus, request.code]),
		).toEqual([
			['upload_all', 400, 99991663],
			['token', 200, 0],
			['upload_all', 200, 0],
		]);
	});

	test('a 100-item run fetches one token', async () => {
		const credentials = newApp(fake);
		const { output, credential } = await runFeishuMedia({
			credentials,
			items: runs.smallFiles(100),
			parameters: runs.docx,
		});
		expect(output.filter((item) => typeof item.json.file_token === 'string')).toHaveLength(100);
		expect(credential.preAuthentications).toBe(1);
		expect(requestsTo(fake, credentials.appId, 'token')).toHaveLength(1);
		expect(requestsTo(fake, credentials.appId, 'upload_all')).toHaveLength(100);
	});
});
