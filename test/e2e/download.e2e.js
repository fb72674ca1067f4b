'use strict';

// Issue 11 in real n8n: Feishu Media's Download and Get Temporary Download URLs, run with
// `n8n execute` against the fake Feishu server, bytes compared with the source files (sha256).
// Run on each n8n version by everyCheck.js.

const fs = require('fs');
const path = require('path');
const { sha256, samples } = require('../../scripts/lib/sampleFiles');
const { formatBytes } = require('../../scripts/lib/log');
const { describeN8n } = require('./describeN8n');
const flows = require('./downloadWorkflows');

const MIME_BY_EXTENSION = { png: 'image/png', txt: 'text/plain', bin: 'application/octet-stream' };
const CUT_AFTER_BYTES = 20 * 1024 * 1024;
const MAX_DOWNLOAD_RSS_OVER_COPY = 64 * 1024 * 1024;

function describeDownloads(major) {
	describeN8n(
		major,
		'Feishu Media downloads and temporary links',
		async (session) => {
			const { filesDir } = session.instance;
			Object.assign(session.sampleFiles, samples.batch(filesDir), samples.large(filesDir));
			for (const folder of ['downloaded', 'copied'])
				fs.mkdirSync(path.join(filesDir, folder), { recursive: true });
			const workflows = {
				roundTrip: flows.roundTrip(filesDir),
				uploadLarge: flows.uploadLarge(filesDir),
				copyLarge: flows.copyLarge(filesDir),
				links: flows.temporaryLinks(filesDir),
			};
			// examples/sync-document-images-to-disk.json needs Feishu's docx API, which the fake does not
			// have: it is imported (n8n must accept it as it is), not run.
			const syncExample = JSON.parse(
				fs.readFileSync(
					path.join(__dirname, '..', '..', 'examples', 'sync-document-images-to-disk.json'),
					'utf8',
				),
			);
			await session.importExamples([], [...Object.values(workflows), syncExample]);
			return workflows;
		},
		(ctx) => {
			const downloadsIn = (result) =>
				result.fake.requests.filter((request) => request.endpoint === 'download');

			test('30 files uploaded, then downloaded by their tokens: byte-equal, with names and MIME types', async () => {
				const result = await ctx.execute('roundTrip', { measureRss: true });
				const read = result.output(flows.NODE.read);
				const uploaded = result.output(flows.NODE.upload);
				const downloaded = result.output(flows.NODE.download);
				expect(read).toHaveLength(30);
				expect(downloaded).toHaveLength(30);
				downloaded.forEach((item, index) => {
					const fileName = read[index].json.fileName;
					const source = ctx.session.sampleFiles[fileName];
					const mimeType = MIME_BY_EXTENSION[fileName.split('.').pop()];
					expect(item.pairedItem).toEqual({ item: index });
					expect(item.json).toEqual({
						file_token: uploaded[index].json.file_token,
						file_name: fileName,
						mime_type: mimeType,
						size: source.size,
					});
					expect(item.binary.data).toMatchObject({ fileName, mimeType });
					// Default binary mode: the bytes travel in the run data, base64.
					expect(sha256(Buffer.from(item.binary.data.data, 'base64'))).toBe(source.sha256);
				});
				expect(downloadsIn(result).map((request) => request.httpStatus)).toEqual(
					Array(30).fill(200),
				);
				ctx.recordRun('30 files up and down', result);
			});

			test('60 MiB in filesystem mode, the transfer cut twice: resumed with Range, byte-equal on disk', async () => {
				const source = ctx.session.sampleFiles['large-file.bin'];
				expect(source.size).toBe(60 * 1024 * 1024);
				const up = await ctx.execute('uploadLarge', {
					binaryMode: 'filesystem',
				});
				const [{ json: uploaded }] = up.output(flows.NODE.upload);
				expect(uploaded.size).toBe(source.size);
				// The download alone, in its own run, so its peak RSS is the download's.
				const downloadFlow = flows.downloadToDisk(
					ctx.session.instance.filesDir,
					uploaded.file_token,
				);
				await ctx.session.importExamples([], [downloadFlow]);
				ctx.session.fake.cutDownloads({ afterBytes: CUT_AFTER_BYTES, times: 2 });
				const result = await ctx.session.execute(downloadFlow, {
					binaryMode: 'filesystem',
					measureRss: true,
				});
				const [downloaded] = result.output(flows.NODE.download);
				expect(downloaded.json).toMatchObject({
					file_name: 'large-file.bin',
					mime_type: 'application/octet-stream',
					size: source.size,
				});
				// Filesystem mode really was on: the item references bytes n8n keeps on disk.
				expect(downloaded.binary.data.id).toMatch(/^filesystem/);
				const downloads = downloadsIn(result);
				expect(downloads.map((request) => [Boolean(request.cut), request.httpStatus])).toEqual([
					[true, 200],
					[true, 206],
					[false, 206],
				]);
				// Each resume starts at the byte the node had when the connection broke: at most what the
				// fake sent before the cut (a reader's unread buffer dies with the connection), never 0.
				expect(downloads[0].range).toBeUndefined();
				const [first, second] = downloads
					.slice(1)
					.map((request) => Number(/^bytes=(\d+)-$/.exec(request.range)[1]));
				expect(first).toBeGreaterThan(0);
				expect(first).toBeLessThanOrEqual(CUT_AFTER_BYTES);
				expect(second).toBeGreaterThan(first);
				expect(second).toBeLessThanOrEqual(first + CUT_AFTER_BYTES);
				const written = path.join(ctx.session.instance.filesDir, 'downloaded', 'large-file.bin');
				expect(fs.statSync(written).size).toBe(source.size);
				expect(sha256(fs.readFileSync(written))).toBe(source.sha256);
				// Memory: against n8n reading the same file from disk and writing it (no Feishu, same mode).
				const baseline = await ctx.execute('copyLarge', {
					binaryMode: 'filesystem',
					measureRss: true,
				});
				expect(result.peakRssBytes).toBeGreaterThan(0);
				expect(baseline.peakRssBytes).toBeGreaterThan(0);
				ctx.recordRun(
					'60 MiB down, cut twice (filesystem mode)',
					result,
					`resumed at bytes ${first} and ${second}; n8n copying the file alone peaks at ${formatBytes(baseline.peakRssBytes)}`,
				);
				// The bound for a download's memory growth; holding the file would add 60 MiB or more.
				expect(result.peakRssBytes - baseline.peakRssBytes).toBeLessThan(
					MAX_DOWNLOAD_RSS_OVER_COPY,
				);
			});

			test('12 tokens: temporary links in 3 calls, each fetching the right bytes from the fake', async () => {
				const result = await ctx.execute('links', { measureRss: true });
				const read = result.output(flows.NODE.read);
				const links = result.output(flows.NODE.links);
				expect(links).toHaveLength(12);
				const calls = result.fake.requests.filter(
					(request) => request.endpoint === 'batch_get_tmp_download_url',
				);
				expect(calls.map((request) => request.code)).toEqual([0, 0, 0]);
				for (const [index, item] of links.entries()) {
					expect(item.pairedItem).toEqual({ item: index });
					expect(item.json.tmp_download_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/tmp-download\//);
					const fileName = read[index].json.fileName;
					const source = ctx.session.sampleFiles[fileName];
					const response = await fetch(item.json.tmp_download_url);
					expect(response.status).toBe(200);
					expect(sha256(Buffer.from(await response.arrayBuffer()))).toBe(source.sha256);
				}
				ctx.recordRun('12 temporary links', result);
			});
		},
	);
}

module.exports = { describeDownloads };
