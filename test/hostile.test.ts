import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { FeishuMediaApi } from '../credentials/FeishuMediaApi.credentials';
import { setRequestsPerSecondForTesting } from '../nodes/FeishuMedia/transport/limiters';
import {
	closedPort,
	newApp,
	PARENT_NODES,
	requestsTo,
	sha256,
	startFakeFeishu,
	testBytes,
	type FakeFeishu,
} from '../scripts/lib/harness/fake';
import {
	answerJson,
	readBody,
	startHostileServer,
	streamJunk,
	tokenAnswer,
	trickleBody,
	trickleHeaders,
	type Handler,
	type HostileServer,
} from '../scripts/lib/harness/hostileServer';
import { httpRequest } from '../scripts/lib/harness/n8nHelpers';
import {
	runFeishuMedia,
	storedCredential,
	type TestCredentials,
	type TestItem,
} from '../scripts/lib/harness/runNode';

/**
 * Issue 9's hostile answers: a server that answers too much, too slowly, too early or not at
 * all must cost the item a clear error within its bounds, never the process, a file handle, the
 * app's slot or a stored bad token.
 */
const MiB = 1024 * 1024;
/** The limiter's default, restored after the tests that turn pacing off. */
const FEISHU_RATE = 5;
const docx = { parentType: 'docx_image', parentNode: PARENT_NODES.docx_image[0] };

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

function oneFile(content: Buffer = Buffer.from('image-bytes')): TestItem[] {
	return [{ binary: { data: { content, fileName: 'a.png' } } }];
}

function smallFiles(count: number): TestItem[] {
	return Array.from({ length: count }, (_, index) => ({
		binary: { data: { content: testBytes(300 + index, index + 1), fileName: `f${index}.png` } },
	}));
}

/** `promise`, or a rejection once `ms` have passed: the old transport hung where this one must not. */
async function within<T>(ms: number, promise: Promise<T>): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms);
	});
	try {
		return await Promise.race([promise, late]);
	} finally {
		clearTimeout(timer);
	}
}

/** The error a run ended with; a run that succeeds fails the test. */
async function failureOf(run: Promise<unknown>): Promise<Error & { description?: string }> {
	return await run.then(
		() => {
			throw new Error('expected the run to fail');
		},
		(error: Error) => error,
	);
}

let appCounter = 0;
function appOn(server: { baseUrl: string }): TestCredentials {
	appCounter++;
	return {
		platform: 'custom',
		baseUrl: server.baseUrl,
		appId: `cli_hostile_${appCounter}`,
		appSecret: `hostile-secret-${appCounter}`,
	};
}

const uploaded: Handler = async (request, response) => {
	await readBody(request);
	answerJson(response, 200, { code: 0, msg: 'success', data: { file_token: 'boxcnHostileOk' } });
};

const servers: HostileServer[] = [];
async function hostile(media: Handler, token?: Handler | Handler[]): Promise<HostileServer> {
	const server = await startHostileServer(media, token);
	servers.push(server);
	return server;
}
afterEach(async () => {
	await Promise.all(servers.splice(0).map(async (server) => await server.close()));
});

describe('a huge answer', () => {
	const HUGE = 600 * MiB;

	test('to upload_all fails the item with a clear error, and the node stops reading at 1 MiB', async () => {
		let written: Promise<number> | undefined;
		const server = await hostile(async (request, response) => {
			await readBody(request);
			written = streamJunk(response, HUGE);
			await written;
		});
		const { output } = await within(
			10_000,
			runFeishuMedia({
				credentials: appOn(server),
				continueOnFail: true,
				items: oneFile(),
				parameters: docx,
			}),
		);
		expect(String(output[0].json.error)).toMatch(/sent an answer larger than 1048576 bytes/);
		// Not retried: the same server would only send the same flood again.
		expect(server.of('upload_all')).toHaveLength(1);
		// The client hung up early; what got written is what the socket buffers held.
		expect(await within(5000, written as Promise<number>)).toBeLessThan(64 * MiB);
	});

	test("from the token endpoint (the credential's preAuthentication) is a clear error", async () => {
		const server = await hostile(uploaded, async (_request, response) => {
			await streamJunk(response, HUGE);
		});
		const credentials = appOn(server);
		const { output } = await within(
			10_000,
			runFeishuMedia({ credentials, continueOnFail: true, items: oneFile(), parameters: docx }),
		);
		expect(String(output[0].json.error)).toMatch(/larger than 1048576 bytes/);
		expect(server.of('upload_all')).toHaveLength(0);
		// What the credential's Test button runs first.
		const direct = new FeishuMediaApi().preAuthentication.call(
			{ helpers: { httpRequest } } as never,
			{ ...credentials },
		);
		expect((await within(10_000, failureOf(direct))).message).toMatch(/larger than 1048576 bytes/);
		expect(storedCredential(credentials).data.tenantAccessToken).toBe('');
	});
});

describe('a trickling server', () => {
	const tight = { ...docx, options: { timeout: 2000, maxRetries: 0 } };

	test('Timeout bounds the whole answer, and frees the app slot for another execution', async () => {
		const server = await hostile(async (request, response, record) => {
			await readBody(request);
			if (record.index === 0) trickleBody(response, 200);
			else
				answerJson(response, 200, { code: 0, msg: 'success', data: { file_token: 'boxcnSecond' } });
		});
		const credentials = appOn(server);
		const started = Date.now();
		const first = failureOf(
			runFeishuMedia({ credentials, items: oneFile(), parameters: tight }),
		).then((error) => ({ error, at: Date.now() }));
		await sleep(500);
		// Another execution of the same app (same credential) queues behind the trickle.
		const second = runFeishuMedia({ credentials, items: oneFile(), parameters: docx });
		const { error, at: failedAt } = await within(6000, first);
		expect(error.message).toMatch(/did not finish its answer within 2000 ms/);
		expect(failedAt - started).toBeLessThan(3000);
		const { output } = await within(3000, second);
		expect(output[0].json.file_token).toBe('boxcnSecond');
		const [trickled, next] = server.of('upload_all');
		expect(trickled.closedAt).toBeDefined();
		expect((trickled.closedAt as number) - started).toBeLessThan(3000);
		// The second waited for the slot (one request at a time per app), and got it at the deadline:
		// not before 2000 ms after the first started, however late the server saw the first arrive.
		expect(next.at - started).toBeGreaterThanOrEqual(1990);
		expect(next.at - started).toBeLessThan(3000);
	});

	test('headers that never end fail the item within Timeout and the connection is closed', async () => {
		const server = await hostile(async (request) => {
			await readBody(request);
			trickleHeaders(request, 200);
		});
		const started = Date.now();
		const error = await within(
			6000,
			failureOf(
				runFeishuMedia({ credentials: appOn(server), items: oneFile(), parameters: tight }),
			),
		);
		expect(error.message).toMatch(/did not answer within 2000 ms/);
		expect(Date.now() - started).toBeLessThan(3000);
		// An abandoned request must not keep its socket: the server would hold it as long as it likes.
		await sleep(500);
		const [request] = server.of('upload_all');
		expect(request.closedAt).toBeDefined();
		expect((request.closedAt as number) - started).toBeLessThan(3000);
	});
});

describe("the gateway's x-ogw-ratelimit-reset", () => {
	const limited =
		(reset: string): Handler =>
		async (request, response) => {
			await readBody(request);
			answerJson(
				response,
				429,
				{ code: 99991400, msg: 'request trigger frequency limit' },
				{ 'x-ogw-ratelimit-reset': reset },
			);
		};

	test.each(['3600', '2147483648'])(
		'of %s s fails the item at once, naming the wait, after exactly 1 request',
		async (reset) => {
			const server = await hostile(limited(reset));
			const started = Date.now();
			const error = await within(
				5000,
				failureOf(
					runFeishuMedia({ credentials: appOn(server), items: oneFile(), parameters: docx }),
				),
			);
			expect(Date.now() - started).toBeLessThan(2000);
			expect(error.message).toContain(`asked to wait ${reset} s`);
			// No overflow into instant retries either.
			await sleep(300);
			expect(server.of('upload_all')).toHaveLength(1);
		},
	);

	test('of 1 s is honoured, and 61 s (past the 60 s cap) is not waited for', async () => {
		const server = await hostile(async (request, response, record) => {
			if (record.index === 0) return await limited('1')(request, response, record);
			if (record.index === 2) return await limited('61')(request, response, record);
			return await uploaded(request, response, record);
		});
		const credentials = appOn(server);
		const { output } = await within(
			5000,
			runFeishuMedia({ credentials, items: oneFile(), parameters: docx }),
		);
		expect(output[0].json.file_token).toBe('boxcnHostileOk');
		const [first, second] = server.of('upload_all');
		expect(second.at - first.at).toBeGreaterThanOrEqual(950);
		const started = Date.now();
		const error = await within(
			5000,
			failureOf(runFeishuMedia({ credentials, items: oneFile(), parameters: docx })),
		);
		expect(Date.now() - started).toBeLessThan(2000);
		expect(error.message).toContain('asked to wait 61 s');
		expect(server.of('upload_all')).toHaveLength(3);
	});
});

/** File descriptors of this process that point into the binary store's folders. */
function openStoredBinaryHandles(): string[] {
	const prefix = join(tmpdir(), 'feishu-media-binaries-');
	const targets: string[] = [];
	for (const fd of readdirSync('/proc/self/fd')) {
		try {
			targets.push(readlinkSync(join('/proc/self/fd', fd)));
		} catch {
			// Closed while listing (the listing's own descriptor, for one).
		}
	}
	return targets.filter((target) => target.startsWith(prefix));
}

describe('an answer before the upload body is read', () => {
	// Pacing is not under test here: 40 runs should not spend seconds on the app's rate.
	beforeAll(() => setRequestsPerSecondForTesting(0));
	afterAll(() => setRequestsPerSecondForTesting(FEISHU_RATE));

	test('leaves no stored-binary file handle open after 40 executions', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'feishu-media-binaries-hostile-'));
		try {
			// Larger than the socket buffers, so the body is still being sent when the answer comes.
			const path = join(dir, 'upload.bin');
			writeFileSync(path, testBytes(2 * MiB, 4));
			let early: [number, number] = [400, 99991663];
			const server = await hostile(async (request, response, record) => {
				if (record.endpoint === 'upload_prepare') {
					const { size } = JSON.parse((await readBody(request)).toString('utf8')) as {
						size: number;
					};
					return answerJson(response, 200, {
						code: 0,
						msg: 'success',
						data: {
							upload_id: 'upload-early',
							block_size: 65536,
							block_num: Math.ceil(size / 65536),
						},
					});
				}
				// Answer at once, unread body and all, and close.
				answerJson(
					response,
					early[0],
					{ code: early[1], msg: 'early answer' },
					{ connection: 'close' },
				);
			});
			expect(openStoredBinaryHandles()).toEqual([]);
			for (let run = 0; run < 40; run++) {
				early = run < 20 ? [400, 99991663] : [429, 99991400];
				const uploadMode = run % 2 === 0 ? 'uploadAll' : 'chunked';
				const error = await within(
					5000,
					failureOf(
						runFeishuMedia({
							credentials: appOn(server),
							binaryMode: 'store',
							items: [{ binary: { data: { path, fileName: 'upload.bin' } } }],
							parameters: { ...docx, options: { uploadMode, maxRetries: 0 } },
						}),
					),
				);
				// The answer was read, not lost to the closed connection.
				expect(error.message).toContain(`(Feishu code ${early[1]})`);
			}
			expect(server.of('upload_all').length).toBeGreaterThanOrEqual(20);
			expect(server.of('upload_part').length).toBeGreaterThanOrEqual(20);
			// A destroyed read stream closes its descriptor asynchronously.
			await sleep(200);
			expect(openStoredBinaryHandles()).toEqual([]);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('a token that is not a valid header value', () => {
	test('is refused, not stored, and the next run fetches a token again', async () => {
		const server = await hostile(uploaded, [
			tokenAnswer('t-abc\r\nX: y'),
			tokenAnswer('t abc'),
			tokenAnswer('t-good'),
		]);
		const credentials = appOn(server);
		for (const run of [1, 2]) {
			const error = await within(
				5000,
				failureOf(runFeishuMedia({ credentials, items: oneFile(), parameters: docx })),
			);
			expect(error.message).toMatch(/not a valid HTTP header value/);
			expect(storedCredential(credentials).data.tenantAccessToken).toBe('');
			expect(server.of('token')).toHaveLength(run);
		}
		expect(server.of('upload_all')).toHaveLength(0);
		const { output, credential } = await runFeishuMedia({
			credentials,
			items: oneFile(),
			parameters: docx,
		});
		expect(output[0].json.file_token).toBe('boxcnHostileOk');
		expect(credential.data.tenantAccessToken).toBe('t-good');
		expect(server.of('upload_all').map((request) => request.authorization)).toEqual([
			'Bearer t-good',
		]);
	});
});

describe('an unreachable host', () => {
	test('fails the first item within ~10 s and the other 4 at once, with the same message', async () => {
		const port = await closedPort();
		const credentials = {
			platform: 'custom',
			baseUrl: `http://127.0.0.1:${port}`,
			appId: 'cli_unreachable',
			appSecret: 'unreachable-secret',
		};
		// The bound must hold whatever the backoff's jitter: take the unluckiest draw (shortest
		// waits, so the most retries fit before the 8 s budget runs out).
		const random = jest.spyOn(Math, 'random').mockReturnValue(0);
		const itemStarts: number[] = [];
		try {
			const { output } = await within(
				30_000,
				runFeishuMedia({
					credentials,
					continueOnFail: true,
					items: smallFiles(5),
					parameters: (itemIndex) => {
						itemStarts[itemIndex] ??= Date.now();
						return docx;
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
		const error = await within(
			10_000,
			failureOf(
				runFeishuMedia({
					credentials: appOn(server),
					items: oneFile(testBytes(2 * block + 100, 7)),
					parameters: { ...docx, options: { uploadMode: 'chunked' } },
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
	let fake: FakeFeishu;
	beforeAll(async () => {
		fake = await startFakeFeishu();
	});
	afterAll(async () => await fake.close());

	async function stopAfter(ms: number, credentials: TestCredentials) {
		const controller = new AbortController();
		const run = runFeishuMedia({
			credentials,
			items: smallFiles(20),
			parameters: docx,
			cancelSignal: controller.signal,
		}).then(
			() => new Error('the run finished although it was stopped'),
			(error: Error) => error,
		);
		await sleep(ms);
		controller.abort();
		const stoppedAt = Date.now();
		const error = await within(5000, run);
		return { error, stoppedAt, endedAt: Date.now() };
	}

	test('between requests (rate limit waits) ends the run within 1 s and sends nothing more', async () => {
		const credentials = newApp(fake);
		const { error, stoppedAt, endedAt } = await stopAfter(300, credentials);
		expect(error.message).toBe('The execution was stopped');
		expect(endedAt - stoppedAt).toBeLessThan(1000);
		await sleep(300);
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
			await sleep(3000);
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
	let fake: FakeFeishu;
	beforeAll(async () => {
		// Pacing off on both sides: 100 items in a second or two, not twenty.
		fake = await startFakeFeishu({ rateLimit: false });
		setRequestsPerSecondForTesting(0);
	});
	afterAll(async () => {
		setRequestsPerSecondForTesting(FEISHU_RATE);
		await fake.close();
	});

	test('99991663 renews it once through preAuthentication and resends a fresh body', async () => {
		const credentials = newApp(fake);
		const first = await runFeishuMedia({
			credentials,
			items: oneFile(testBytes(5000, 1)),
			parameters: docx,
		});
		expect(first.credential.preAuthentications).toBe(1);
		const firstToken = first.credential.data.tenantAccessToken;
		const requestsBefore = fake.stats().requests.length;
		fake.revokeAllTokens();
		const content = testBytes(5000, 2);
		const { output, credential } = await runFeishuMedia({
			credentials,
			items: oneFile(content),
			parameters: docx,
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
			items: smallFiles(100),
			parameters: docx,
		});
		expect(output.filter((item) => typeof item.json.file_token === 'string')).toHaveLength(100);
		expect(credential.preAuthentications).toBe(1);
		expect(requestsTo(fake, credentials.appId, 'token')).toHaveLength(1);
		expect(requestsTo(fake, credentials.appId, 'upload_all')).toHaveLength(100);
	});
});
