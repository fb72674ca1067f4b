'use strict';

// The e2e checks, run once per n8n major version: the packed package installed in a real
// n8n as a community package, the example workflows executed with `n8n execute`, and the
// output items plus the bytes the fake Feishu server stored compared with the source files.

const { sha256 } = require('../../scripts/lib/sampleFiles');
const { UPLOAD_NODE, RESULT_NODE, prepareExample } = require('../../scripts/lib/workflows');
const { formatBytes } = require('../../scripts/lib/log');
const { startN8nServer } = require('../../scripts/lib/n8nServer');
const { recordMetric } = require('./state');
const { describeN8n } = require('./describeN8n');
const { startForwardProxy } = require('./forwardProxy');
const { stopMidway } = require('./stopMidway');
const e2e = require('../../scripts/lib/e2eWorkflows');

const IMAGE_BLOCK = 'doxcnImageBlock0001';
const FILE_BLOCK = 'doxcnFileBlock0001';
const MISSING_BLOCK = 'doxcnNoSuchBlock0404'; // in examples/upload-continue-on-fail.json
// A failed item under either "Continue" setting (README): what went wrong, what to do, Feishu's code and log id.
function failedItemJson() {
	return {
		error: expect.stringContaining('1061044'),
		description: expect.stringMatching(/\S/),
		feishu_code: 1061044,
		log_id: expect.stringMatching(/\S/),
	};
}
const FEISHU_BLOCK_SIZE = 4 * 1024 * 1024; // what upload_prepare hands out (Feishu's and the fake's)
// Streaming a 60 MiB file costs the node a few 4 MiB blocks, not the whole file. Measured: 0-25 MiB
// above n8n merely reading the file (GC timing varies); holding the file would add 60 MiB or more.
const MAX_NODE_RSS_OVERHEAD = 48 * 1024 * 1024;

/** The large-file example cut after its Read node: n8n's own memory cost of reading the file. */
function readOnlyVariant(filesDir) {
	const workflow = prepareExample('large', filesDir);
	const [trigger, read] = workflow.nodes;
	return {
		...workflow,
		id: 'feishuE2eReadBig',
		name: 'e2e baseline: read the large file only',
		nodes: [trigger, read],
		connections: { [trigger.name]: workflow.connections[trigger.name] },
	};
}

/** Feishu calls the fake answered during one execution, by endpoint, and with which codes. */
function callsByEndpoint(result) {
	const calls = {};
	for (const request of result.fake.requests) (calls[request.endpoint] ||= []).push(request.code);
	return calls;
}

function describeBreaches(result) {
	const { breaches } = result.fake;
	if (!breaches.length) return 'no rate-limit breaches';
	return `rate-limit breaches: ${breaches.map((b) => `${b.endpoint}/${b.reason}`).join(', ')}`;
}

function describeExamples(major) {
	describeN8n(
		major,
		'the packed Feishu Media node runs the examples',
		async (session) => {
			const { filesDir } = session.instance;
			const readOnlyLarge = readOnlyVariant(filesDir);
			const errorOutput = e2e.errorOutputVariant(filesDir);
			const httpRequestCred = e2e.httpRequestWithCredential(filesDir, session.fake.baseUrl);
			const manyUploads = e2e.manyUploads(filesDir);
			// httpRequest (the real-Feishu example) is only imported: n8n must accept it as it is.
			const imported = await session.importExamples(
				['image', 'large', 'batch', 'continueOnFail', 'httpRequest'],
				[readOnlyLarge, errorOutput, httpRequestCred, manyUploads],
			);
			return { ...imported, readOnlyLarge, errorOutput, httpRequestCred, manyUploads };
		},
		(ctx) => {
			/** The fake holds exactly the source bytes under this token, filed where the node said. */
			function expectStoredCopy(fileToken, fileName, where) {
				const source = ctx.session.sampleFiles[fileName];
				const meta = ctx.session.fake.files.get(fileToken);
				expect(meta).toBeDefined();
				expect(meta).toMatchObject({
					fileName,
					size: source.size,
					sha256: source.sha256,
					...where,
				});
				expect(sha256(ctx.session.fake.readFile(fileToken))).toBe(source.sha256);
			}

			/**
			 * The one item Upload put out, with these fields, and its bytes stored by the fake where
			 * the item says; `storedAs`: the fake's name of the upload mode ('upload_all', 'block').
			 */
			function expectOneUpload(result, fileName, { parentType, parentNode, uploadMode, storedAs }) {
				const uploaded = result.output(UPLOAD_NODE);
				expect(uploaded).toHaveLength(1);
				const { json } = uploaded[0];
				expect(json).toMatchObject({
					file_name: fileName,
					size: ctx.session.sampleFiles[fileName].size,
					parent_type: parentType,
					parent_node: parentNode,
					upload_mode: uploadMode,
				});
				expectStoredCopy(json.file_token, fileName, {
					parentType,
					parentNode,
					uploadMode: storedAs,
				});
				return json;
			}

			/** The HTTP Request workflow: the image stored as uploaded, n8n's download of it the same bytes; -> the upload's item json. */
			function expectImageThereAndBack(result) {
				const [uploaded] = result.output(UPLOAD_NODE);
				expectStoredCopy(uploaded.json.file_token, 'sample-image.png', {
					parentType: 'docx_image',
					parentNode: IMAGE_BLOCK,
				});
				expect(result.output(e2e.HASH_NODE)[0].json.sha256).toBe(
					ctx.session.sampleFiles['sample-image.png'].sha256,
				);
				return uploaded.json;
			}

			function record(workflow, result, note) {
				const notes = [note, describeBreaches(result)].filter(Boolean).join('; ');
				ctx.recordRun(workflow, result, notes);
			}

			test('docx_image: a small image lands in a docx image block', async () => {
				const result = await ctx.execute('image', { measureRss: true });
				const source = ctx.session.sampleFiles['sample-image.png'];

				const json = expectOneUpload(result, 'sample-image.png', {
					parentType: 'docx_image',
					parentNode: IMAGE_BLOCK,
					uploadMode: 'upload_all',
					storedAs: 'upload_all',
				});
				expect(typeof json.file_token).toBe('string');
				expect(json.file_token.length).toBeGreaterThan(0);

				expect(result.output(RESULT_NODE).map((item) => item.json)).toEqual([
					{
						file_token: json.file_token,
						file_name: 'sample-image.png',
						size: source.size,
						upload_mode: 'upload_all',
					},
				]);
				record('docx_image', result);
			});

			test('60 MiB file in filesystem binary mode goes up in blocks', async () => {
				const result = await ctx.execute('large', {
					binaryMode: 'filesystem',
					measureRss: true,
				});
				const source = ctx.session.sampleFiles['large-file.bin'];
				expect(source.size).toBe(60 * 1024 * 1024);

				// Filesystem mode really was on: the item only references bytes n8n keeps on disk.
				const [read] = result.output('Read large file from disk');
				expect(read.binary.data.id).toMatch(/^filesystem/);

				const json = expectOneUpload(result, 'large-file.bin', {
					parentType: 'docx_file',
					parentNode: FILE_BLOCK,
					uploadMode: 'chunked',
					storedAs: 'block',
				});
				expect(json.block_num).toBe(Math.ceil(source.size / FEISHU_BLOCK_SIZE));
				expect(result.output(RESULT_NODE)[0].json).toMatchObject({
					file_token: json.file_token,
					block_num: json.block_num,
				});

				// The block route was taken end to end: prepare, one accepted part per block, finish.
				const calls = callsByEndpoint(result);
				expect(calls.upload_all).toBeUndefined();
				expect(calls.upload_prepare.filter((code) => code === 0)).toHaveLength(1);
				expect(calls.upload_part.filter((code) => code === 0)).toHaveLength(json.block_num);
				expect(calls.upload_finish.filter((code) => code === 0)).toHaveLength(1);

				// Memory: compare with n8n merely reading the same file in the same mode.
				const baseline = await ctx.execute('readOnlyLarge', {
					binaryMode: 'filesystem',
					measureRss: true,
				});
				record(
					'60 MiB chunked (filesystem mode)',
					result,
					`${json.block_num} blocks, read-only baseline ${formatBytes(baseline.peakRssBytes)}`,
				);
				expect(result.peakRssBytes).toBeGreaterThan(0);
				expect(baseline.peakRssBytes).toBeGreaterThan(0);
				expect(result.peakRssBytes - baseline.peakRssBytes).toBeLessThan(MAX_NODE_RSS_OVERHEAD);

				// Feishu's limits (5 requests/s per app, one upload at a time) held over the whole block upload.
				expect(result.fake.breaches).toEqual([]);
			});

			test('30-item batch: every item uploaded, in order, routed by extension', async () => {
				const result = await ctx.execute('batch', { measureRss: true });
				const batchNames = Object.keys(ctx.session.sampleFiles).filter((name) =>
					/^(photo|report)-\d\d\./.test(name),
				);
				expect(batchNames).toHaveLength(30);

				const read = result.output('Read folder from disk');
				expect(read.map((item) => item.json.fileName).sort()).toEqual([...batchNames].sort());

				const uploaded = result.output(UPLOAD_NODE);
				expect(uploaded).toHaveLength(30);
				uploaded.forEach((item, index) => {
					const fileName = read[index].json.fileName;
					const isImage = fileName.endsWith('.png');
					const where = {
						parentType: isImage ? 'docx_image' : 'docx_file',
						parentNode: isImage ? IMAGE_BLOCK : FILE_BLOCK,
					};
					expect(item.pairedItem).toEqual({ item: index });
					expect(item.json).toMatchObject({
						file_name: fileName,
						size: ctx.session.sampleFiles[fileName].size,
						parent_type: where.parentType,
						parent_node: where.parentNode,
						upload_mode: 'upload_all',
					});
					expectStoredCopy(item.json.file_token, fileName, { ...where, uploadMode: 'upload_all' });
				});
				expect(new Set(uploaded.map((item) => item.json.file_token)).size).toBe(30);

				const shown = result.output(RESULT_NODE).map((item) => item.json);
				expect(shown.map((row) => row.file_name)).toEqual(read.map((item) => item.json.fileName));

				record('30-item batch', result);
				expect(callsByEndpoint(result).upload_all.filter((code) => code === 0)).toHaveLength(30);
				expect(result.fake.breaches).toEqual([]);
			});

			test('continue on fail: an unknown parent node fails only its own item (1061044)', async () => {
				const result = await ctx.execute('continueOnFail', { measureRss: true });
				expect(result.run.finished).toBe(true);

				const read = result.output('Read photo from disk');
				expect(read.map((item) => item.json.fileName)).toEqual([
					'photo-1.png',
					'photo-2.png',
					'photo-3.png',
				]);

				const uploaded = result.output(UPLOAD_NODE);
				expect(uploaded).toHaveLength(3);
				expect(uploaded[1].json).toEqual(failedItemJson());
				expect(uploaded[1].pairedItem).toEqual({ item: 1 });
				for (const index of [0, 2]) {
					const fileName = `photo-${index + 1}.png`;
					expect(uploaded[index].json).toMatchObject({
						file_name: fileName,
						parent_node: IMAGE_BLOCK,
						upload_mode: 'upload_all',
					});
					expect(uploaded[index].json.error).toBeUndefined();
					expectStoredCopy(uploaded[index].json.file_token, fileName, {
						parentType: 'docx_image',
						parentNode: IMAGE_BLOCK,
					});
				}
				const intoMissingBlock = [...ctx.session.fake.files.values()].filter(
					(meta) => meta.parentNode === MISSING_BLOCK,
				);
				expect(intoMissingBlock).toEqual([]);

				const shown = result.output(RESULT_NODE).map((item) => item.json);
				expect(shown.map(({ file, status }) => ({ file, status }))).toEqual([
					{ file: 'photo-1.png', status: 'uploaded' },
					{ file: 'photo-2.png', status: 'failed' },
					{ file: 'photo-3.png', status: 'uploaded' },
				]);
				expect(shown[1].error).toContain('1061044');
				record('continue on fail', result, `error item: ${formatError(uploaded[1].json.error)}`);
			});

			test('error output: the failing item leaves by the second output, paired, with Feishu code and log id', async () => {
				const result = await ctx.execute('errorOutput', { measureRss: true });
				expect(result.run.finished).toBe(true);
				const [succeeded, failed] = outputsOf(result, UPLOAD_NODE);

				// photo-2.png (item 1) targets a block that does not exist: Feishu 1061044.
				expect(failed).toHaveLength(1);
				expect(failed[0].pairedItem).toEqual({ item: 1 });
				// n8n (1.123 and 2.40, WorkflowExecute) keeps an error-output item only as { error } (plus
				// message, and details on 2.x), merged into its input item's json, and rewrites the json
				// of any item that carries item.error to { error: message }. So Feishu's details travel
				// inside json.error, as n8n's own HTTP Request node does it.
				const { error: message, ...details } = failedItemJson();
				expect(failed[0].json.error).toEqual({ message, ...details });

				expect(succeeded.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
				succeeded.forEach((item, index) => {
					const fileName = `photo-${index * 2 + 1}.png`;
					expect(item.json).toMatchObject({
						file_name: fileName,
						parent_node: IMAGE_BLOCK,
						upload_mode: 'upload_all',
					});
					expect(item.json.error).toBeUndefined();
					expectStoredCopy(item.json.file_token, fileName, {
						parentType: 'docx_image',
						parentNode: IMAGE_BLOCK,
					});
				});

				// Downstream: the success branch sees the two uploads, the error branch the failure.
				expect(result.output(RESULT_NODE).map((item) => item.json.file)).toEqual([
					'photo-1.png',
					'photo-3.png',
				]);
				expect(result.output(e2e.FAILED_NODE).map((item) => item.json.error.feishu_code)).toEqual([
					1061044,
				]);
				record('error output', result, `error item: ${formatError(failed[0].json.error.message)}`);
			});

			test('HTTP Request node with the Feishu Media credential downloads what Feishu Media uploaded', async () => {
				const result = await ctx.execute('httpRequestCred', { measureRss: true });
				expectImageThereAndBack(result);

				// The fake only serves a download with a valid tenant token in Authorization: Bearer.
				const downloads = result.fake.requests.filter((request) => request.endpoint === 'download');
				expect(downloads.map((request) => request.httpStatus)).toEqual([200]);
				const [downloaded] = result.output(e2e.DOWNLOAD_NODE);
				expect(downloaded.binary.data).toMatchObject({ fileName: 'sample-image.png' });
				record('HTTP Request + credential', result);
			});

			test('HTTP Request node after a revoked token: Feishu Media renews it for the credential', async () => {
				// The token n8n stored in the credential is now refused (99991663 with HTTP 400). Feishu
				// Media must renew it in the credential, so the HTTP Request node after it gets the new one.
				ctx.session.fake.revokeAllTokens();
				const result = await ctx.execute('httpRequestCred');
				expectImageThereAndBack(result);
				expect(callsByEndpoint(result).token).toHaveLength(1);
				const downloads = result.fake.requests.filter((request) => request.endpoint === 'download');
				expect(downloads.map((request) => request.httpStatus)).toEqual([200]);
			});

			// Both n8n versions proxy loopback targets too: n8n-core 1.123 (request-helpers/axios-utils
			// setAxiosAgents -> http-proxy createHttpProxyAgent) and @n8n/backend-network 2.40
			// (EnvProxyHttpAgent -> EnvProxyRouter) ask proxy-from-env per target URL, which exempts
			// nothing unless NO_PROXY says so. Checked: n8n's own HTTP Request node goes through it on both.
			test('HTTP_PROXY: the token, upload and download requests go through a loopback forward proxy', async () => {
				const proxy = await startForwardProxy();
				try {
					// A token stored by an earlier run is refused now, so a fresh one must be fetched (through the proxy too).
					ctx.session.fake.revokeAllTokens();
					// Upload with Feishu Media, download with n8n's own HTTP Request node: the download is the
					// control that shows n8n itself honours the proxy in this run.
					const result = await ctx.execute('httpRequestCred', {
						extraEnv: proxyEnv(proxy.url),
					});
					const uploaded = expectImageThereAndBack(result);

					const fakeHost = new URL(ctx.session.fake.baseUrl).host;
					const toFake = proxy.requests.filter(
						(request) => !request.refused && new URL(request.url).host === fakeHost,
					);
					const paths = toFake.map((request) => new URL(request.url).pathname);
					expect(paths).toContain('/open-apis/auth/v3/tenant_access_token/internal');
					expect(paths).toContain('/open-apis/drive/v1/medias/upload_all');
					expect(paths).toContain(`/open-apis/drive/v1/medias/${uploaded.file_token}/download`);
					// Every request the fake saw during the run came through the proxy: none went around it.
					expect(toFake).toHaveLength(result.fake.requests.length);
					const others = proxy.requests.filter((request) => !toFake.includes(request));
					record(
						'HTTP_PROXY',
						result,
						`${toFake.length} requests via the proxy${others.length ? `, refused: ${others.map((r) => r.url).join(' ')}` : ''}`,
					);
				} finally {
					await proxy.close();
				}
			});

			describe('stopping an execution (n8n start, REST API)', () => {
				let server;
				beforeAll(async () => {
					server = await startN8nServer(ctx.session.instance);
					await server.setupOwnerAndLogin();
				});
				afterAll(async () => {
					ctx.session.fake.setFaults({ rate: 0 });
					if (server) await server.close();
				});

				test('a stop during an upload ends the request in flight within 1 s and sends nothing after', async () => {
					// Every upload is answered after 2 s: 30 files would take a minute, and when the stop comes
					// 300 ms after the first answer, the second upload is in flight.
					ctx.session.fake.setFaults({ rate: 1, kinds: ['slow'], slowMs: 2000 });
					let firstAnswerAt = null;
					const run = await stopMidway({
						server,
						fake: ctx.session.fake,
						workflow: ctx.workflows.manyUploads,
						trigger: e2e.TRIGGER,
						ready: (records) => {
							if (
								firstAnswerAt === null &&
								records.some((r) => r.endpoint === 'upload_all' && r.httpStatus === 200)
							)
								firstAnswerAt = Date.now();
							return firstAnswerAt !== null && Date.now() - firstAnswerAt >= 300;
						},
						watchMs: 4000,
					}).finally(() => ctx.session.fake.setFaults({ rate: 0 }));
					expectStopped(run, 'during an upload');
					const inFlight = run.records.filter(
						(r) => r.at <= run.stoppedAt && r.endedAt > run.stopSentAt,
					);
					expect(inFlight.map((r) => r.endpoint)).toEqual(['upload_all']);
					expect(inFlight[0].endedAt - run.stoppedAt).toBeLessThanOrEqual(STOP_WITHIN_MS);
				});

				test('a stop during a retry wait ends the wait and sends nothing after', async () => {
					// Feishu's "too frequent" (1061045) for the next 8 upload_all: the node backs off and retries.
					ctx.session.fake.script({ endpoint: 'upload_all', code: 1061045, times: 8 });
					const run = await stopMidway({
						server,
						fake: ctx.session.fake,
						workflow: ctx.workflows.manyUploads,
						trigger: e2e.TRIGGER,
						// After the third refusal the node waits (the backoff grows with each attempt).
						ready: (records) => records.filter((r) => r.scripted).length >= 3,
						watchMs: 4000,
					});
					expectStopped(run, 'during a retry wait');
				});

				/** The run stopped promptly, and the fake saw nothing start after the stop. */
				function expectStopped(run, when) {
					expect(run.stoppedAt - run.stopSentAt).toBeLessThanOrEqual(2000);
					expect(run.execution.status).toBe('canceled');
					const after = run.records.filter((r) => r.at > run.stoppedAt);
					expect(after).toEqual([]);
					// Nothing still open either: the last request ended within the bound.
					const lastEnd = Math.max(...run.records.map((r) => r.endedAt));
					expect(lastEnd - run.stoppedAt).toBeLessThanOrEqual(STOP_WITHIN_MS);
					recordMetric({
						n8n: ctx.install.version,
						workflow: `stop ${when}`,
						executeMs: run.stoppedAt - run.startedAt, // from the REST run to the stop
						note: `stop answered in ${run.stoppedAt - run.stopSentAt} ms, ${run.records.length} requests, last ended ${lastEnd - run.stoppedAt} ms after the stop`,
					});
				}
			});
		},
	);
}

// How long after the stop the last request may still end (issue 9: within 1 s), plus the
// fake's polling interval.
const STOP_WITHIN_MS = 1000 + 50;

/** Every output of a node's first run: [main output, error output, ...]. */
function outputsOf(result, nodeName) {
	const runs = result.run.data.resultData.runData[nodeName];
	if (!runs) throw new Error(`Node "${nodeName}" did not run`);
	if (runs[0].error) throw new Error(`Node "${nodeName}" failed: ${runs[0].error.message}`);
	const main = (runs[0].data && runs[0].data.main) || [];
	return [main[0] || [], main[1] || []];
}

/**
 * n8n's request helpers read the proxy from these (proxy-from-env): npm's own npm_config_*proxy
 * variables (set under `npm run`) would win over HTTP_PROXY, and NO_PROXY would exempt hosts.
 */
function proxyEnv(url) {
	return {
		HTTP_PROXY: url,
		http_proxy: url,
		HTTPS_PROXY: url,
		https_proxy: url,
		NO_PROXY: '',
		no_proxy: '',
		ALL_PROXY: undefined,
		all_proxy: undefined,
		npm_config_proxy: undefined,
		npm_config_http_proxy: undefined,
		npm_config_https_proxy: undefined,
		npm_config_no_proxy: undefined,
		NPM_CONFIG_PROXY: undefined,
		NPM_CONFIG_HTTP_PROXY: undefined,
		NPM_CONFIG_HTTPS_PROXY: undefined,
		NPM_CONFIG_NO_PROXY: undefined,
	};
}

function formatError(text) {
	return text.length > 140 ? `${text.slice(0, 137)}...` : text;
}

module.exports = { describeExamples };
