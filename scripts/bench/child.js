'use strict';

// One measured upload, in a fresh process so the RSS baseline is clean. Runs the node's real
// execute() through the test harness and prints ONE JSON line with what it measured.
// Usage: node --expose-gc child.js '<job JSON>' (uploads.js builds the job).
const http = require('http');
const path = require('path');
const { performance } = require('perf_hooks');

const { sampleBytes } = require('./sampleFile');

const SAMPLE_EVERY_MS = 10;
// n8n workers are long-lived: by the time a user's upload runs, the send path (form-data, http)
// has run many times and the JIT has optimised it. A few uploads of this size stand in for that
// (the WebAssembly checksum needs no warm-up; the send path does: cold, the 20 MiB upload_all
// measured 1.4-1.5x curl instead of 1.1-1.2x).
const WARM_UP_BYTES = 8 * 1024 * 1024;
const WARM_UP_RUNS = 3;

function itemsOf(job) {
	if (job.download) return [{}];
	if (job.file) return [{ binary: { data: { path: job.file.path, fileName: job.file.name } } }];
	// Small items: built here (tiny), before the baseline, each distinct so each can be verified.
	return Array.from({ length: job.items.count }, (_, index) => ({
		binary: {
			data: {
				content: sampleBytes(job.items.bytes, `item-${index}`),
				fileName: `item-${index + 1}.bin`,
			},
		},
	}));
}

function runOptions(job, app, items, fileToken) {
	return {
		items,
		binaryMode: 'store',
		credentials: {
			platform: 'custom',
			baseUrl: job.baseUrl,
			appId: app.appId,
			appSecret: app.appSecret,
		},
		parameters: job.download
			? { operation: 'download', fileToken }
			: { operation: 'upload', parentType: job.parentType, parentNode: job.parentNode },
	};
}

/** sha256 of what a download stored (streamed, after the measurement). */
async function storedSha256(harness, binary) {
	const crypto = require('crypto');
	const fs = require('fs');
	const hash = crypto.createHash('sha256');
	for await (const chunk of fs.createReadStream(harness.storedBinaryPath(binary), {
		highWaterMark: 1024 * 1024,
	}))
		hash.update(chunk);
	return hash.digest('hex');
}

/**
 * Deletes what a download stored once it is checked, as the bench deletes curl's copy: a file
 * kept would leave the next run a fuller page cache than curl gets (on this VM, writing into
 * fresh page cache measured twice the system time).
 */
function removeStored(harness, output) {
	const fs = require('fs');
	for (const item of output)
		if (item.binary) fs.rmSync(harness.storedBinaryPath(item.binary.data), { force: true });
}

/**
 * Notes when the first upload request is created (after the token and, for upload_all, the
 * checksum pass). Instrumentation only; diagnostics_channel's request.start comes too late (once
 * the body is written).
 */
function watchFirstUploadRequest(clock) {
	const seen = { ms: undefined };
	const request = http.request;
	http.request = function watchedRequest(url, ...rest) {
		if (
			clock.t0 !== undefined &&
			seen.ms === undefined &&
			String(url).includes('/drive/v1/medias/')
		)
			seen.ms = performance.now() - clock.t0;
		return request.call(this, url, ...rest);
	};
	return seen;
}

async function main() {
	const job = JSON.parse(process.argv[2]);
	const harness = require(job.harness);
	const { runFeishuMedia } = harness;
	if (!job.limiter) {
		// The node's pacing off, to measure the transfer itself against curl (a test seam, not an option).
		const limiters = path.join(
			path.dirname(job.harness),
			'..',
			'..',
			'..',
			'nodes',
			'FeishuMedia',
			'transport',
			'limiters',
		);
		require(limiters).setRequestsPerSecondForTesting(0);
	}
	const clock = { t0: undefined };
	const firstUpload = watchFirstUploadRequest(clock);

	// Unmeasured uploads under another app warm the code and the connection without touching the
	// measured app's token cache or rate window.
	// A download warms up on a small file the bench put into the fake beforehand.
	const warmUpItem = job.download
		? {}
		: {
				binary: {
					data: { content: sampleBytes(WARM_UP_BYTES, 'warm-up'), fileName: 'warm-up.bin' },
				},
			};
	const warmUpToken = job.download && job.download.warmUpToken;
	if (!job.noWarmUp)
		for (let run = 0; run < WARM_UP_RUNS; run++) {
			const warmUp = await runFeishuMedia(
				runOptions(job, job.warmUpApp, [warmUpItem], warmUpToken),
			);
			if (job.download) removeStored(harness, warmUp.output);
		}

	const options = runOptions(job, job, itemsOf(job), job.download && job.download.fileToken);
	// Baseline: modules loaded, code warm, items ready, garbage collected.
	if (global.gc) global.gc();
	const baselineRss = process.memoryUsage().rss;
	const maxRssAtBaseline = process.resourceUsage().maxRSS * 1024;
	let sampledPeak = baselineRss;
	const sampler = setInterval(() => {
		sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
	}, SAMPLE_EVERY_MS);

	const cpuAtStart = process.cpuUsage();
	clock.t0 = performance.now();
	const { output, logs } = await runFeishuMedia(options);
	const wallMs = performance.now() - clock.t0;
	const cpu = process.cpuUsage(cpuAtStart);

	clearInterval(sampler);
	sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
	// getrusage's maxRSS catches spikes between samples, but it also remembers everything before
	// the baseline: use it only when it rose during the upload.
	const maxRss = process.resourceUsage().maxRSS * 1024;
	const peakRss = maxRss > maxRssAtBaseline ? Math.max(maxRss, sampledPeak) : sampledPeak;

	const downloadSha256 =
		job.download && output[0].binary
			? await storedSha256(harness, output[0].binary.data)
			: undefined;
	if (job.download) removeStored(harness, output);
	process.stdout.write(
		`${JSON.stringify({
			wallMs,
			cpuMs: (cpu.user + cpu.system) / 1000,
			downloadSha256,
			firstUploadMs: firstUpload.ms,
			baselineRss,
			peakRss,
			output: output.map((item) => item.json),
			warnings: logs.filter((line) => !line.startsWith('debug:') && !line.startsWith('info:')),
		})}\n`,
	);
}

main().catch((error) => {
	process.stdout.write(`${JSON.stringify({ error: (error && error.stack) || String(error) })}\n`);
	process.exitCode = 1;
});
