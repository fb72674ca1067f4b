'use strict';

// The e2e checks, run once per n8n major version: the packed package installed in a real
// n8n as a community package, the example workflows executed with `n8n execute`, and the
// output items plus the bytes the fake Feishu server stored compared with the source files.

const { openSession } = require('../../scripts/lib/session');
const { sha256 } = require('../../scripts/lib/sampleFiles');
const { UPLOAD_NODE, RESULT_NODE, prepareExample } = require('../../scripts/lib/workflows');
const { formatBytes } = require('../../scripts/lib/log');
const { readState, selectedMajors, recordMetric } = require('./state');

const IMAGE_BLOCK = 'doxcnImageBlock0001';
const FILE_BLOCK = 'doxcnFileBlock0001';
const MISSING_BLOCK = 'doxcnNoSuchBlock0404'; // in examples/upload-continue-on-fail.json
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

function describeN8n(major) {
	const enabled = selectedMajors().includes(major);
	(enabled ? describe : describe.skip)(`n8n ${major}.x runs the packed Feishu Media node`, () => {
		let install;
		let session;
		let workflows;
		let readOnlyLarge;

		beforeAll(async () => {
			const state = readState();
			install = state.installs[major];
			session = await openSession({ install, tarball: state.tarball });
			readOnlyLarge = readOnlyVariant(session.instance.filesDir);
			workflows = await session.importExamples(['image', 'large', 'batch', 'continueOnFail'], [readOnlyLarge]);
		});

		afterAll(async () => {
			if (session) await session.close();
		});

		/** The fake holds exactly the source bytes under this token, filed where the node said. */
		function expectStoredCopy(fileToken, fileName, where) {
			const source = session.sampleFiles[fileName];
			const meta = session.fake.files.get(fileToken);
			expect(meta).toBeDefined();
			expect(meta).toMatchObject({ fileName, size: source.size, sha256: source.sha256, ...where });
			expect(sha256(session.fake.readFile(fileToken))).toBe(source.sha256);
		}

		function record(workflow, result, note) {
			const notes = [note, describeBreaches(result)].filter(Boolean).join('; ');
			recordMetric({ n8n: install.version, workflow, executeMs: result.ms, peakRssBytes: result.peakRssBytes, note: notes });
		}

		test('docx_image: a small image lands in a docx image block', async () => {
			const result = await session.execute(workflows.image, { measureRss: true });
			const source = session.sampleFiles['sample-image.png'];

			const uploaded = result.output(UPLOAD_NODE);
			expect(uploaded).toHaveLength(1);
			const { json } = uploaded[0];
			expect(json).toMatchObject({
				file_name: 'sample-image.png',
				size: source.size,
				parent_type: 'docx_image',
				parent_node: IMAGE_BLOCK,
				upload_mode: 'upload_all',
			});
			expect(typeof json.file_token).toBe('string');
			expect(json.file_token.length).toBeGreaterThan(0);
			expectStoredCopy(json.file_token, 'sample-image.png', {
				parentType: 'docx_image',
				parentNode: IMAGE_BLOCK,
				uploadMode: 'upload_all',
			});

			expect(result.output(RESULT_NODE).map((item) => item.json)).toEqual([
				{ file_token: json.file_token, file_name: 'sample-image.png', size: source.size, upload_mode: 'upload_all' },
			]);
			record('docx_image', result);
		});

		test('60 MiB file in filesystem binary mode goes up in blocks', async () => {
			const result = await session.execute(workflows.large, { binaryMode: 'filesystem', measureRss: true });
			const source = session.sampleFiles['large-file.bin'];
			expect(source.size).toBe(60 * 1024 * 1024);

			// Filesystem mode really was on: the item only references bytes n8n keeps on disk.
			const [read] = result.output('Read large file from disk');
			expect(read.binary.data.id).toMatch(/^filesystem/);

			const uploaded = result.output(UPLOAD_NODE);
			expect(uploaded).toHaveLength(1);
			const { json } = uploaded[0];
			expect(json).toMatchObject({
				file_name: 'large-file.bin',
				size: source.size,
				parent_type: 'docx_file',
				parent_node: FILE_BLOCK,
				upload_mode: 'chunked',
				block_num: Math.ceil(source.size / FEISHU_BLOCK_SIZE),
			});
			expectStoredCopy(json.file_token, 'large-file.bin', {
				parentType: 'docx_file',
				parentNode: FILE_BLOCK,
				uploadMode: 'block',
			});
			expect(result.output(RESULT_NODE)[0].json).toMatchObject({ file_token: json.file_token, block_num: json.block_num });

			// The block route was taken end to end: prepare, one accepted part per block, finish.
			const calls = callsByEndpoint(result);
			expect(calls.upload_all).toBeUndefined();
			expect(calls.upload_prepare.filter((code) => code === 0)).toHaveLength(1);
			expect(calls.upload_part.filter((code) => code === 0)).toHaveLength(json.block_num);
			expect(calls.upload_finish.filter((code) => code === 0)).toHaveLength(1);

			// Memory: compare with n8n merely reading the same file in the same mode.
			const baseline = await session.execute(readOnlyLarge, { binaryMode: 'filesystem', measureRss: true });
			record('60 MiB chunked (filesystem mode)', result, `${json.block_num} blocks, read-only baseline ${formatBytes(baseline.peakRssBytes)}`);
			expect(result.peakRssBytes).toBeGreaterThan(0);
			expect(baseline.peakRssBytes).toBeGreaterThan(0);
			expect(result.peakRssBytes - baseline.peakRssBytes).toBeLessThan(MAX_NODE_RSS_OVERHEAD);

			// Feishu's limits (5 requests/s per app, one upload at a time) held over the whole block upload.
			expect(result.fake.breaches).toEqual([]);
		});

		test('30-item batch: every item uploaded, in order, routed by extension', async () => {
			const result = await session.execute(workflows.batch, { measureRss: true });
			const batchNames = Object.keys(session.sampleFiles).filter((name) => /^(photo|report)-\d\d\./.test(name));
			expect(batchNames).toHaveLength(30);

			const read = result.output('Read folder from disk');
			expect(read.map((item) => item.json.fileName).sort()).toEqual([...batchNames].sort());

			const uploaded = result.output(UPLOAD_NODE);
			expect(uploaded).toHaveLength(30);
			uploaded.forEach((item, index) => {
				const fileName = read[index].json.fileName;
				const isImage = fileName.endsWith('.png');
				const where = { parentType: isImage ? 'docx_image' : 'docx_file', parentNode: isImage ? IMAGE_BLOCK : FILE_BLOCK };
				expect(item.pairedItem).toEqual({ item: index });
				expect(item.json).toMatchObject({
					file_name: fileName,
					size: session.sampleFiles[fileName].size,
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
			const result = await session.execute(workflows.continueOnFail, { measureRss: true });
			expect(result.run.finished).toBe(true);

			const read = result.output('Read photo from disk');
			expect(read.map((item) => item.json.fileName)).toEqual(['photo-1.png', 'photo-2.png', 'photo-3.png']);

			const uploaded = result.output(UPLOAD_NODE);
			expect(uploaded).toHaveLength(3);
			expect(typeof uploaded[1].json.error).toBe('string');
			expect(uploaded[1].json.error).toContain('1061044');
			expect(uploaded[1].json.file_token).toBeUndefined();
			for (const index of [0, 2]) {
				const fileName = `photo-${index + 1}.png`;
				expect(uploaded[index].json).toMatchObject({ file_name: fileName, parent_node: IMAGE_BLOCK, upload_mode: 'upload_all' });
				expect(uploaded[index].json.error).toBeUndefined();
				expectStoredCopy(uploaded[index].json.file_token, fileName, { parentType: 'docx_image', parentNode: IMAGE_BLOCK });
			}
			const intoMissingBlock = [...session.fake.files.values()].filter((meta) => meta.parentNode === MISSING_BLOCK);
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
	});
}

function formatError(text) {
	return text.length > 140 ? `${text.slice(0, 137)}...` : text;
}

module.exports = { describeN8n };
