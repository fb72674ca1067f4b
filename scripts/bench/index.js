#!/usr/bin/env node
'use strict';

// npm run bench -- [--sizes 1,20,100,500] [--runs 3] [--items 100] [--download-sizes 100,500] [--download-only]
// Uploads files through the node against the fake Feishu server (its limiter off, then on at 5/s),
// curl as the reference for upload_all, then small items for the achieved request rate, then
// downloads against curl fetching the same bytes; prints tables and PASS/MISS per target.
// Progress goes to stderr, the report to stdout.
const fs = require('fs');
const os = require('os');
const path = require('path');

const { buildHarness } = require('./build');
const { startFake } = require('./fakeServer');
const { sizeLabel, duration, mib } = require('./format');
const { parseOptions, MiB } = require('./options');
const { renderReport } = require('./report');
const { writeSampleFile } = require('./sampleFile');
const { fileNameOf, nodeUpload, curlUpload, itemsUpload } = require('./uploads');
const {
	seedFile,
	nodeDownload,
	curlDownloadChecked,
	floorDownloadChecked,
} = require('./downloads');

const UPLOAD_ALL_MAX = 20 * MiB;
// A pause before each measured download. Every leg deletes its checked copy; on this VM the freed
// memory goes back to the host over the next second or so (virtio free page reporting), and a
// process that wrote 500 MiB meanwhile at times took 2-4x the system time, in the kernel's copy
// into the page cache. Which leg landed in that window was chance: with the pause, 14 runs of the
// node stayed within 0.66-1.08x the floor; without it, 4 of 21 took 1.4-2.4x.
const SETTLE_MS = 3000;

const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

function progress(message) {
	process.stderr.write(`[bench] ${message}\n`);
}

/** A fresh fake answers its first requests slowly (cold JIT): run each path once, unmeasured. */
async function warmUp(fakes, token, workDir, curl) {
	progress('warming up the fakes');
	const small = writeSampleFile(path.join(workDir, 'warm-4MiB.bin'), 4 * MiB, 'warm-small');
	const blocks = writeSampleFile(path.join(workDir, 'warm-24MiB.bin'), 24 * MiB, 'warm-blocks', {
		withChecksum: false,
	});
	await curlUpload(fakes.open, token, small, curl, 'warm-up curl');
	await nodeUpload(fakes.open, small, false, 'warm-up upload_all');
	await nodeUpload(fakes.open, blocks, false, 'warm-up blocks');
	await nodeUpload(fakes.strict, small, true, 'warm-up upload_all, limiter on');
	await nodeUpload(fakes.strict, blocks, true, 'warm-up blocks, limiter on');
	fs.rmSync(small.path);
	fs.rmSync(blocks.path);
}

function describe(run) {
	return `${duration(run.wallMs)}, RSS +${mib(run.peakRss - run.baselineRss)} (${mib(run.baselineRss, 0)} → ${mib(run.peakRss, 0)}), ${run.requests} request${run.requests === 1 ? '' : 's'}`;
}

/**
 * Download rows: each file goes into the fake once (through the node's Upload), then curl and the
 * node fetch it in turn, interleaved; the node into its filesystem-style store, curl into a file.
 */
async function measureDownloads(options, workDir, fake, token) {
	const rows = [];
	if (options.downloadSizes.length === 0) return rows;
	await fake.reset();
	progress('putting an 8 MiB warm-up file into the fake');
	const warmFile = writeSampleFile(
		path.join(workDir, 'warm-download.bin'),
		8 * MiB,
		'warm-download',
		{ withChecksum: false },
	);
	const warmUpToken = await seedFile(fake, warmFile, 'warm-up file');
	fs.rmSync(warmFile.path);
	for (const size of options.downloadSizes) {
		progress(`writing a ${sizeLabel(size)} sample file and putting it into the fake`);
		const file = writeSampleFile(
			path.join(workDir, `download-${size}.bin`),
			size,
			`download-${size}`,
			{ withChecksum: false },
		);
		const fileToken = await seedFile(fake, file, `${sizeLabel(size)} seed`);
		fs.rmSync(file.path, { force: true });
		const entry = { size, curl: [], floor: [], node: [] };
		await curlDownloadChecked(
			fake,
			token,
			warmUpToken,
			{ size: 8 * MiB, sha256: warmFile.sha256 },
			options.curl,
			workDir,
			'warm-up curl',
		);
		for (let run = 1; run <= options.runs; run++) {
			const tag = `download ${sizeLabel(size)} run ${run}/${options.runs}`;
			await settle();
			entry.curl.push(
				await curlDownloadChecked(
					fake,
					token,
					fileToken,
					file,
					options.curl,
					workDir,
					`curl ${tag}`,
				),
			);
			await settle();
			entry.floor.push(
				await floorDownloadChecked(fake, token, fileToken, file, workDir, `Node.js floor ${tag}`),
			);
			progress(
				`${tag}: curl ${duration(entry.curl.at(-1).wallMs)}, Node.js floor ${duration(entry.floor.at(-1).wallMs)}`,
			);
			await settle();
			entry.node.push(await nodeDownload(fake, fileToken, warmUpToken, file, `node ${tag}`));
			const last = entry.node.at(-1);
			progress(
				`${tag}: node ${duration(last.wallMs)} (${(last.wallMs / entry.curl.at(-1).wallMs).toFixed(2)}× curl), CPU ${duration(last.cpuMs)}, RSS +${mib(last.peakRss - last.baselineRss)} (${mib(last.baselineRss, 0)} → ${mib(last.peakRss, 0)})`,
			);
		}
		rows.push(entry);
	}
	await fake.reset();
	return rows;
}

async function measure(options, workDir, fakes) {
	const results = { runs: options.runs, sizes: [], items: undefined, downloads: [] };
	const token = await fakes.open.tenantToken();
	if (options.downloadOnly) {
		results.downloads = await measureDownloads(options, workDir, fakes.open, token);
		return results;
	}
	await warmUp(fakes, token, workDir, options.curl);
	for (const size of options.sizes) {
		const withCurl = size <= UPLOAD_ALL_MAX;
		progress(`writing a ${sizeLabel(size)} sample file`);
		const file = writeSampleFile(path.join(workDir, fileNameOf(size)), size, `file-${size}`, {
			withChecksum: withCurl,
		});
		const entry = { size, curl: [], off: [], on: [] };
		// Interleaved, so drift on a shared machine hits node and curl alike.
		for (let run = 1; run <= options.runs; run++) {
			const tag = `${sizeLabel(size)} run ${run}/${options.runs}`;
			if (withCurl) {
				entry.curl.push(await curlUpload(fakes.open, token, file, options.curl, `curl ${tag}`));
				progress(`${tag}: curl ${duration(entry.curl.at(-1).wallMs)}`);
			}
			entry.off.push(await nodeUpload(fakes.open, file, false, `node limiter off ${tag}`));
			progress(`${tag}: node, limiter off ${describe(entry.off.at(-1))}`);
			entry.on.push(await nodeUpload(fakes.strict, file, true, `node limiter on ${tag}`));
			progress(`${tag}: node, limiter on ${describe(entry.on.at(-1))}`);
		}
		fs.rmSync(file.path, { force: true });
		results.sizes.push(entry);
	}
	if (options.items > 0) {
		progress(`${options.items} small items of ${sizeLabel(options.itemBytes)}, limiter on`);
		results.items = {
			count: options.items,
			bytes: options.itemBytes,
			run: await itemsUpload(fakes.strict, options.items, options.itemBytes),
		};
	}
	results.downloads = await measureDownloads(options, workDir, fakes.open, token);
	await fakes.open.reset();
	await fakes.strict.reset();
	return results;
}

async function main() {
	let options;
	try {
		options = parseOptions(process.argv.slice(2));
	} catch (error) {
		process.stderr.write(`${error.message}\n`);
		process.exit(2);
	}
	if (options.help) return process.stdout.write(`${options.help}\n`);
	if (!fs.existsSync(options.curl))
		throw new Error(
			`no curl at ${options.curl} (install it, e.g. apt-get install -y curl, or pass --curl PATH)`,
		);

	progress('compiling the test harness into .cache/bench-build');
	buildHarness();

	// Sample files and the fakes' storage live in one temp dir, removed however the run ends.
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'feishu-media-bench-'));
	// The harness stores binaries under os.tmpdir() and never removes them: point the measured
	// processes' TMPDIR into the work dir so they go with it.
	process.env.TMPDIR = path.join(workDir, 'tmp');
	fs.mkdirSync(process.env.TMPDIR);
	const fakes = {};
	const cleanUp = async () => {
		await Promise.all(Object.values(fakes).map((fake) => fake.stop()));
		fs.rmSync(workDir, { recursive: true, force: true });
	};
	const onSignal = () => cleanUp().finally(() => process.exit(130));
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	try {
		// Two fakes: one that lets the node's unlimited pass (and curl) through, one that enforces 5/s.
		fakes.open = await startFake({ storageDir: path.join(workDir, 'fake-open'), rateLimit: false });
		fakes.strict = await startFake({
			storageDir: path.join(workDir, 'fake-strict'),
			rateLimit: true,
		});
		const startedAt = Date.now();
		const results = await measure(options, workDir, fakes);
		progress(`measured in ${duration(Date.now() - startedAt)}`);
		process.stdout.write(`\n${renderReport(results)}\n`);
	} finally {
		await cleanUp();
	}
}

main().catch((error) => {
	process.stderr.write(`[bench] failed: ${(error && error.stack) || error}\n`);
	process.exitCode = 1;
});
