import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { IBinaryData } from 'n8n-workflow';

import { newApp, PARENT_NODES, requestsTo, sha256, testBytes } from '../scripts/lib/harness/fake';
import {
	binaryContent,
	runFeishuMedia,
	type TestCredentials,
} from '../scripts/lib/harness/runNode';
import { fakeForFile } from './support/fakeForFile';

const fake = fakeForFile();

interface Source {
	content: Buffer;
	fileName: string;
	parentType?: string;
	extra?: string;
}

/** Puts files into the fake the way a workflow would: through the node's Upload. */
async function uploaded(credentials: TestCredentials, sources: Source[]): Promise<string[]> {
	const { output } = await runFeishuMedia({
		credentials,
		items: sources.map(({ content, fileName }) => ({ binary: { data: { content, fileName } } })),
		parameters: (itemIndex) => {
			const parentType = sources[itemIndex].parentType ?? 'docx_file';
			return {
				operation: 'upload',
				parentType,
				parentNode: PARENT_NODES[parentType][0],
				options: { extra: sources[itemIndex].extra ?? '{}' },
			};
		},
	});
	return output.map((item) => item.json.file_token as string);
}

describe('download', () => {
	test.each(['inline', 'store'] as const)(
		'files come back byte-equal with their names, MIME types and sizes (%s binary mode)',
		async (binaryMode) => {
			const credentials = newApp(fake);
			const sources = [
				{ content: testBytes(70_000, 1), fileName: 'chart.png' },
				{ content: testBytes(3000, 2), fileName: '季度报告 é 2026.pdf' },
				{ content: testBytes(1, 3), fileName: 'notes.weird-extension' },
				{ content: testBytes(1234, 4), fileName: 'Sheet "Q1".xlsx' },
			];
			const tokens = await uploaded(credentials, sources);
			const { output } = await runFeishuMedia({
				credentials,
				binaryMode,
				items: tokens.map((token) => ({ json: { token } })),
				parameters: (itemIndex) => ({ operation: 'download', fileToken: tokens[itemIndex] }),
			});
			expect(output.map((item) => item.json)).toEqual([
				{ file_token: tokens[0], file_name: 'chart.png', mime_type: 'image/png', size: 70_000 },
				{
					file_token: tokens[1],
					file_name: '季度报告 é 2026.pdf',
					mime_type: 'application/pdf',
					size: 3000,
				},
				{
					file_token: tokens[2],
					file_name: 'notes.weird-extension',
					mime_type: 'application/octet-stream',
					size: 1,
				},
				{
					file_token: tokens[3],
					file_name: 'Sheet "Q1".xlsx',
					mime_type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
					size: 1234,
				},
			]);
			for (const [index, item] of output.entries()) {
				expect(item.pairedItem).toEqual({ item: index });
				const binary = item.binary?.data as IBinaryData;
				expect(binary.fileName).toBe(sources[index].fileName);
				expect(Boolean(binary.id)).toBe(binaryMode === 'store');
				expect(sha256(binaryContent(binary))).toBe(sha256(sources[index].content));
			}
		},
	);

	test('Put Output File in Field names the binary field', async () => {
		const credentials = newApp(fake);
		const [token] = await uploaded(credentials, [
			{ content: Buffer.from('hello'), fileName: 'hello.txt' },
		]);
		const { output } = await runFeishuMedia({
			credentials,
			items: [{}],
			parameters: { operation: 'download', fileToken: token, binaryPropertyName: 'attachment' },
		});
		expect(Object.keys(output[0].binary ?? {})).toEqual(['attachment']);
		expect(binaryContent(output[0].binary?.attachment as IBinaryData).toString()).toBe('hello');
		expect(output[0].json.mime_type).toBe('text/plain');
	});

	test('an empty file downloads as an empty binary', async () => {
		// Feishu refuses empty uploads; the fake's own storage holds one for this check.
		const credentials = newApp(fake);
		const [token] = await uploaded(credentials, [
			{ content: Buffer.from('x'), fileName: 'empty.txt' },
		]);
		const { writeFileSync } = await import('fs');
		const stored = fake.files.get(token);
		if (!stored) throw new Error('not stored');
		writeFileSync(stored.path, Buffer.alloc(0));
		stored.size = 0;
		const { output } = await runFeishuMedia({
			credentials,
			items: [{}],
			parameters: { operation: 'download', fileToken: token },
		});
		expect(output[0].json.size).toBe(0);
		expect(binaryContent(output[0].binary?.data as IBinaryData).length).toBe(0);
	});
});

describe('a transfer cut mid-file resumes from the byte it reached', () => {
	test('cut twice: two Range requests from the bytes reached, the stored file is byte-equal', async () => {
		const credentials = newApp(fake);
		const content = testBytes(3 * 1024 * 1024 + 17, 9);
		const [token] = await uploaded(credentials, [{ content, fileName: 'big.bin' }]);
		fake.cutDownloads({ afterBytes: 1024 * 1024, times: 2 });
		const { output, logs } = await runFeishuMedia({
			credentials,
			binaryMode: 'store',
			items: [{}],
			parameters: { operation: 'download', fileToken: token },
		});
		expect(output[0].json.size).toBe(content.length);
		expect(sha256(binaryContent(output[0].binary?.data as IBinaryData))).toBe(sha256(content));
		const downloads = requestsTo(fake, credentials.appId, 'download');
		expect(downloads.map((request) => [request.range, Boolean(request.cut)])).toEqual([
			[undefined, true],
			['bytes=1048576-', true],
			['bytes=2097152-', false],
		]);
		expect(logs.filter((line) => /resuming at byte/.test(line))).toHaveLength(2);
	});

	test('more cuts than Max Retries: the item fails and says the connection broke', async () => {
		const credentials = newApp(fake);
		const [token] = await uploaded(credentials, [
			{ content: testBytes(200_000, 10), fileName: 'a.bin' },
		]);
		fake.cutDownloads({ afterBytes: 50_000, times: 3 });
		await expect(
			runFeishuMedia({
				credentials,
				items: [{}],
				parameters: { operation: 'download', fileToken: token, options: { maxRetries: 2 } },
			}),
		).rejects.toThrow(
			/^The connection to Feishu broke: .*127\.0\.0\.1:\d+ .*after 150000 (of 200000 )?bytes/,
		);
		expect(requestsTo(fake, credentials.appId, 'download')).toHaveLength(3);
	});

	test('a cut before the first byte starts the download over (no Range from byte 0)', async () => {
		const credentials = newApp(fake);
		const content = testBytes(10_000, 14);
		const [token] = await uploaded(credentials, [{ content, fileName: 'a.bin' }]);
		fake.cutDownloads({ afterBytes: 0 });
		const { output } = await runFeishuMedia({
			credentials,
			items: [{}],
			parameters: { operation: 'download', fileToken: token },
		});
		expect(sha256(binaryContent(output[0].binary?.data as IBinaryData))).toBe(sha256(content));
		expect(requestsTo(fake, credentials.appId, 'download').map((request) => request.range)).toEqual(
			[undefined, undefined],
		);
	});
});

describe('Base attachments and the extra parameter', () => {
	test('a guarded attachment needs Extra; with it the file comes back', async () => {
		const credentials = newApp(fake);
		const content = testBytes(5000, 11);
		const [token] = await uploaded(credentials, [
			{
				content,
				fileName: 'invoice.pdf',
				parentType: 'bitable_file',
				extra: JSON.stringify({ bitablePerm: { tableId: 'tblInvoices' } }),
			},
		]);
		await expect(
			runFeishuMedia({
				credentials,
				items: [{}],
				parameters: { operation: 'download', fileToken: token },
			}),
		).rejects.toThrow('Feishu rejected the request parameters (Feishu code 1061002)');
		const extra = JSON.stringify({
			bitablePerm: { tableId: 'tblInvoices', attachments: { fldFile: { recA: [token] } } },
		});
		const { output } = await runFeishuMedia({
			credentials,
			items: [{}],
			parameters: { operation: 'download', fileToken: token, options: { extra } },
		});
		expect(sha256(binaryContent(output[0].binary?.data as IBinaryData))).toBe(sha256(content));
		const wrongTable = JSON.stringify({ bitablePerm: { tableId: 'tblOther' } });
		await expect(
			runFeishuMedia({
				credentials,
				items: [{}],
				parameters: { operation: 'download', fileToken: token, options: { extra: wrongTable } },
			}),
		).rejects.toThrow('The app is not allowed to download this file (Feishu code 1061004)');
	});
});

describe('errors', () => {
	test('unknown token: a clear error; with continue on fail the other items still download, in order', async () => {
		const credentials = newApp(fake);
		const [token] = await uploaded(credentials, [
			{ content: Buffer.from('ok'), fileName: 'ok.txt' },
		]);
		const tokens = ['boxcnDoesNotExist000000000', token];
		await expect(
			runFeishuMedia({
				credentials,
				items: [{}, {}],
				parameters: (i) => ({ operation: 'download', fileToken: tokens[i] }),
			}),
		).rejects.toThrow('Feishu has no file with this token (Feishu code 1061003)');
		const { output } = await runFeishuMedia({
			credentials,
			continueOnFail: true,
			items: [{}, {}],
			parameters: (i) => ({ operation: 'download', fileToken: tokens[i] }),
		});
		expect(output[0].json).toEqual({
			error: 'Feishu has no file with this token (Feishu code 1061003)',
			description: expect.stringMatching(
				/^Check the File Token.*Feishu said "not found\." on download, HTTP 404, log id [0-9A-F]+\.$/,
			),
			feishu_code: 1061003,
			log_id: expect.stringMatching(/^[0-9A-F]{20,}$/),
		});
		expect(output[0].error).toBeUndefined(); // under Continue (regular output) the flat json is the failure
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[1].json.file_name).toBe('ok.txt');
		expect(output[1].pairedItem).toEqual({ item: 1 });
	});

	test('On Error → Continue (using error output): the failure travels inside json.error, as for uploads', async () => {
		const credentials = newApp(fake);
		const { output } = await runFeishuMedia({
			credentials,
			onError: 'continueErrorOutput',
			items: [{}],
			parameters: { operation: 'download', fileToken: 'boxcnDoesNotExist000000000' },
		});
		expect(output[0].json).toEqual({
			error: {
				message: 'Feishu has no file with this token (Feishu code 1061003)',
				description: expect.stringMatching(/^Check the File Token/),
				feishu_code: 1061003,
				log_id: expect.stringMatching(/^[0-9A-F]{20,}$/),
			},
		});
		expect(output[0].binary).toBeUndefined();
	});

	test('retryable answers are retried and a rejected token is renewed, like uploads', async () => {
		const credentials = newApp(fake);
		const [token] = await uploaded(credentials, [
			{ content: Buffer.from('abc'), fileName: 'abc.txt' },
		]);
		fake.script({ endpoint: 'download', code: 1061045 });
		const first = await runFeishuMedia({
			credentials,
			items: [{}],
			parameters: { operation: 'download', fileToken: token },
		});
		expect(first.output[0].json.size).toBe(3);
		expect(first.logs.some((line) => /download: code 1061045 .*retry 1 of 8/.test(line))).toBe(
			true,
		);
		const before = first.credential.preAuthentications;
		fake.revokeAllTokens();
		const second = await runFeishuMedia({
			credentials,
			items: [{}],
			parameters: { operation: 'download', fileToken: token },
		});
		expect(second.output[0].json.size).toBe(3);
		expect(second.credential.preAuthentications).toBe(before + 1);
	});

	test.each([
		[{ fileToken: '' }, 'File Token is empty'],
		[{ fileToken: 'https://x.feishu.cn/file/boxcn1' }, /is not a file token/],
		[{ fileToken: 'boxcnA', options: { extra: '{not json' } }, 'Extra is not valid JSON'],
		[{ fileToken: 'boxcnA', options: { extra: '[1]' } }, 'Extra must be a JSON object'],
		[{ fileToken: 'boxcnA', binaryPropertyName: ' ' }, 'Put Output File in Field is empty'],
	])('bad input %j fails before any request', async (parameters, message) => {
		const credentials = newApp(fake);
		await expect(
			runFeishuMedia({
				credentials,
				items: [{}],
				parameters: { operation: 'download', ...parameters },
			}),
		).rejects.toThrow(message);
		expect(requestsTo(fake, credentials.appId)).toHaveLength(0);
	});
});

describe('against a misbehaving server', () => {
	let server: Server;
	let baseUrl: string;
	let onDownload: (request: IncomingMessage, response: ServerResponse) => void;
	beforeAll(async () => {
		server = createServer((request, response) => {
			request.resume();
			if (request.url?.endsWith('/tenant_access_token/internal')) {
				response.writeHead(200, { 'content-type': 'application/json' });
				response.end(
					JSON.stringify({
						code: 0,
						msg: 'ok',
						tenant_access_token: 't-misbehaving',
						expire: 7200,
					}),
				);
				return;
			}
			onDownload(request, response);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
	});
	afterAll(async () => {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	});
	const credentials = () => ({
		platform: 'custom',
		baseUrl,
		appId: 'cli_misbehaving',
		appSecret: 'secret',
	});

	test('a non-JSON error page is still a clear error with its HTTP status', async () => {
		onDownload = (_request, response) => {
			response.writeHead(502, { 'content-type': 'text/html' });
			response.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
		};
		await expect(
			runFeishuMedia({
				credentials: credentials(),
				items: [{}],
				parameters: { operation: 'download', fileToken: 'boxcnX', options: { maxRetries: 1 } },
			}),
		).rejects.toThrow('Feishu download failed with HTTP 502');
	});

	test('a transfer that goes silent is dropped after Timeout and resumed with a Range', async () => {
		const content = testBytes(100_000, 12);
		const ranges: Array<string | undefined> = [];
		const encodings: Array<string | undefined> = [];
		onDownload = (request, response) => {
			ranges.push(request.headers.range);
			encodings.push(request.headers['accept-encoding']);
			const start = request.headers.range
				? Number(/bytes=(\d+)-/.exec(request.headers.range)?.[1])
				: 0;
			const headers: Record<string, string> = {
				'content-type': 'application/octet-stream',
				'content-disposition': "attachment; filename*=UTF-8''stall.bin",
				'content-length': String(content.length - start),
			};
			if (start > 0)
				headers['content-range'] = `bytes ${start}-${content.length - 1}/${content.length}`;
			response.writeHead(start > 0 ? 206 : 200, headers);
			if (start > 0) response.end(content.subarray(start));
			else response.write(content.subarray(0, 40_000)); // then nothing more: a stalled transfer
		};
		const { output } = await runFeishuMedia({
			credentials: credentials(),
			items: [{}],
			parameters: { operation: 'download', fileToken: 'boxcnStall', options: { timeout: 400 } },
		});
		expect(ranges).toEqual([undefined, 'bytes=40000-']);
		// Asked unencoded, so Range and Content-Length count the file's own bytes.
		expect(encodings).toEqual(['identity', 'identity']);
		expect(output[0].json).toMatchObject({ file_name: 'stall.bin', size: 100_000 });
		expect(sha256(binaryContent(output[0].binary?.data as IBinaryData))).toBe(sha256(content));
	});

	test('a server that ignores Range and sends the whole file again: the bytes already here are skipped', async () => {
		const content = testBytes(80_000, 13);
		let calls = 0;
		onDownload = (_request, response) => {
			calls++;
			response.writeHead(200, {
				'content-type': 'image/jpeg',
				'content-length': String(content.length),
				'content-disposition': 'attachment; filename="p.jpg"',
			});
			if (calls === 1) response.end(content.subarray(0, 30_000), () => response.socket?.end());
			else response.end(content);
		};
		const { output } = await runFeishuMedia({
			credentials: credentials(),
			items: [{}],
			parameters: { operation: 'download', fileToken: 'boxcnNoRange' },
		});
		expect(calls).toBe(2);
		expect(output[0].json).toMatchObject({
			file_name: 'p.jpg',
			mime_type: 'image/jpeg',
			size: 80_000,
		});
		expect(sha256(binaryContent(output[0].binary?.data as IBinaryData))).toBe(sha256(content));
	});

	test('stopping the execution mid-file ends the download at once', async () => {
		const controller = new AbortController();
		onDownload = (_request, response) => {
			response.writeHead(200, {
				'content-type': 'application/octet-stream',
				'content-length': '1000000',
			});
			response.write(Buffer.alloc(1000), () => controller.abort());
		};
		const started = Date.now();
		await expect(
			runFeishuMedia({
				credentials: credentials(),
				cancelSignal: controller.signal,
				items: [{}],
				parameters: { operation: 'download', fileToken: 'boxcnStop' },
			}),
		).rejects.toThrow('The execution was stopped');
		expect(Date.now() - started).toBeLessThan(5000);
	});
});

describe('the stream handed to the store', () => {
	test('queues about its highWaterMark ahead of a slow store, then hands out the bytes in order', async () => {
		const { PassThrough } = await import('stream');
		const { feedBody } = await import('../nodes/FeishuMedia/download/bodyFeed');
		const { fedReadable } = await import('../nodes/FeishuMedia/download/readable');
		const chunks = Array.from({ length: 40 }, (_, index) => testBytes(300 + index, index + 1));
		const body = new PassThrough();
		const feeding: { feed?: ReturnType<typeof feedBody> } = {};
		const stream = fedReadable(body, {
			highWaterMark: 1000,
			read: () => feeding.feed?.resume(),
			destroy: (error, callback) => callback(error),
		});
		let taken = 0;
		const feed = feedBody(
			body,
			(chunk) => {
				taken += chunk.length;
				return stream.push(chunk);
			},
			{ idleMs: 5000, host: 'test' },
		);
		feeding.feed = feed;
		for (const chunk of chunks) body.write(chunk);
		body.end();
		// Nobody reads yet: the body is paused once the queue holds 1000 bytes (4 chunks).
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(taken).toBe(300 + 301 + 302 + 303);
		const done = feed.done.then(() => stream.push(null));
		const received: Buffer[] = [];
		for await (const piece of stream as unknown as AsyncIterable<Buffer>) received.push(piece);
		await done;
		expect(Buffer.concat(received)).toEqual(Buffer.concat(chunks));
		// The store's reads take what is queued at once: fewer, larger pieces than the chunks.
		expect(received.length).toBeLessThan(chunks.length);
	});

	test('time the store takes is not silence: a paused body outlasts Timeout, a silent one does not', async () => {
		const { PassThrough } = await import('stream');
		const { feedBody } = await import('../nodes/FeishuMedia/download/bodyFeed');
		const watch = { idleMs: 100, host: 'test' };

		// The consumer holds the body paused for 4x Timeout, then takes the rest.
		const paused = new PassThrough();
		let taken = 0;
		const slowStore = feedBody(paused, (chunk) => ((taken += chunk.length), false), watch);
		paused.write(Buffer.alloc(10));
		await new Promise((resolve) => setTimeout(resolve, 400));
		paused.end(Buffer.alloc(5));
		slowStore.resume();
		await expect(slowStore.done).resolves.toBeUndefined();
		expect(taken).toBe(15);

		// Nothing arrives while the consumer is ready: that is silence, and the body is destroyed.
		const silent = new PassThrough();
		const stalled = feedBody(silent, () => true, watch);
		silent.write(Buffer.alloc(10));
		await expect(stalled.done).rejects.toThrow('test sent nothing for 100 ms');
		expect(silent.destroyed).toBe(true);
	});
});
