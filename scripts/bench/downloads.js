'use strict';

// The measured downloads (issue 11): the node's Download into n8n's filesystem-style store, curl
// fetching the same bytes from the same fake, and Node.js's own plain fetch of them (the floor);
// each checked byte for byte (sha256).
const { execFile } = require('child_process');
const fs = require('fs');
const path = require('path');

const { curlDownload, fileSha256 } = require('./curlDownload');
const { sizeLabel } = require('./format');
const paths = require('./paths');
const { appJob, runChild } = require('./runChild');
const { fakeJob } = require('./uploads');
const { fileTokensOf, verifyStored } = require('./verify');

/** Puts `file` into the fake through the node's Upload (limiter off) -> its file_token. */
async function seedFile(fake, file, label) {
	const job = {
		...fakeJob(fake),
		file: { path: file.path, name: `download-${sizeLabel(file.size).replace(' ', '')}.bin` },
		noWarmUp: true,
	};
	const result = await runChild(job, { limiter: false });
	const [token] = fileTokensOf(result.output, label);
	await verifyStored(fake, [token], [file], label);
	return token;
}

/** One download through the node's execute() in a fresh process; the stored copy is checked. */
async function nodeDownload(fake, fileToken, warmUpToken, file, label) {
	const result = await runChild(
		{ ...appJob(fake), download: { fileToken, warmUpToken } },
		{ limiter: false },
	);
	const [json] = result.output;
	if (json.error || json.size !== file.size || result.downloadSha256 !== file.sha256) {
		throw new Error(
			`${label}: downloaded ${JSON.stringify(json)} sha256 ${result.downloadSha256}, expected ${file.size} bytes sha256 ${file.sha256}`,
		);
	}
	return {
		wallMs: result.wallMs,
		cpuMs: result.cpuMs,
		baselineRss: result.baselineRss,
		peakRss: result.peakRss,
	};
}

/** Checks a reference's copy byte for byte, then removes it (the next run starts from the same disk). */
async function checkAndRemove(outPath, file, label, who) {
	const digest = await fileSha256(outPath);
	const size = fs.statSync(outPath).size;
	fs.rmSync(outPath, { force: true });
	if (digest !== file.sha256 || size !== file.size)
		throw new Error(`${label}: ${who} got ${size} bytes sha256 ${digest}, expected ${file.sha256}`);
}

/** curl fetching the same file; its copy is checked, then removed. */
async function curlDownloadChecked(fake, token, fileToken, file, curl, workDir, label) {
	const outPath = path.join(workDir, 'curl-download.bin');
	const result = await curlDownload({ curl, fake, token, fileToken, outPath });
	await checkAndRemove(outPath, file, label, 'curl');
	return result;
}

/** Node.js's own floor (floorChild.js) fetching the same file; its copy is checked, then removed. */
async function floorDownloadChecked(fake, token, fileToken, file, workDir, label) {
	const outPath = path.join(workDir, 'floor-download.bin');
	const url = `${fake.baseUrl}/open-apis/drive/v1/medias/${encodeURIComponent(fileToken)}/download`;
	const stdout = await new Promise((resolve, reject) =>
		execFile(
			process.execPath,
			[paths.floorChild, url, token, outPath],
			{ maxBuffer: 1024 * 1024, timeout: 10 * 60 * 1000 },
			(error, out) =>
				error ? reject(new Error(`${label}: ${out || error.message}`)) : resolve(out),
		),
	);
	const result = JSON.parse(stdout.trim().split('\n').pop());
	await checkAndRemove(outPath, file, label, "Node.js's own fetch");
	return { wallMs: result.wallMs };
}

module.exports = { seedFile, nodeDownload, curlDownloadChecked, floorDownloadChecked };
