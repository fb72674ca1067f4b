import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { FeishuMediaApi } from '../credentials/FeishuMediaApi.credentials';
import { setRequestsPerSecondForTesting } from '../nodes/FeishuMedia/transport/limiters';
import { testBytes } from '../scripts/lib/harness/fake';
import {
	answerJson,
	readBody,
	streamJunk,
	tokenAnswer,
	trickleBody,
	trickleHeaders,
	type Handler,
} from '../scripts/lib/harness/hostileServer';
import { httpRequest } from '../scripts/lib/harness/n8nHelpers';
import { runFeishuMedia, storedCredential } from '../scripts/lib/harness/runNode';
import {
	appOn,
	docx,
	failureOf,
	FEISHU_RATE,
	hostileServers,
	MiB,
	oneFile,
	sleep,
	uploaded,
	within,
} from './support/hostileRuns';

/**
 * Issue 9's hostile answers: a server that answers too much, too slowly, too early or not at
 * all must cost the item a clear error within its bounds, never the process, a file handle, the
 * app's slot or a stored bad token. The runs that end early (an unreachable host, a lost answer,
 * a stopped execution) are in test/hostileEnds.test.ts.
 */
const hostile = hostileServers();

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

describe('a paged list that never ends', () => {
	test('is a clear error after the most pages the node reads, not an endless loop', async () => {
		const server = await hostile(uploaded, undefined, async (request, response) => {
			await readBody(request);
			answerJson(response, 200, {
				code: 0,
				msg: 'success',
				data: { items: [{ field_name: 'Other', type: 1 }], has_more: true, page_token: 'again' },
			});
		});
		const { output } = await within(
			30_000,
			runFeishuMedia({
				credentials: appOn(server),
				continueOnFail: true,
				items: oneFile(),
				parameters: {
					operation: 'attachToRecord',
					appToken: 'bascnEndless',
					tableId: 'tblEndless',
					recordId: 'recEndless',
					fieldName: 'Files',
				},
			}),
		);
		expect(String(output[0].json.error)).toBe("Feishu's list of fields did not end after 50 pages");
		// The list was read page by page up to the limit, and nothing was uploaded.
		expect(server.of('other')).toHaveLength(50);
		expect(server.of('upload_all')).toHaveLength(0);
	});
});
