#!/usr/bin/env node
'use strict';

// `npm run demo`: the package in a real n8n, offline, in one command.
//   build + pack -> install into a throwaway n8n user folder as a community package ->
//   fake Feishu on 127.0.0.1 -> import credential + examples/upload-image-to-docx.json ->
//   `n8n execute` -> print the upload node's output item and check the stored bytes against
//   the source. Everything it writes under the temp folder is removed again, also on failure.
// Options: --n8n=1|2 (default 1), --keep (leave the throwaway folder for a look around).

const fs = require('fs');
const os = require('os');
const path = require('path');
const { log, formatDuration, formatBytes } = require('./lib/log');
const { ensureN8n } = require('./lib/n8nInstall');
const { buildAndPack } = require('./lib/packPackage');
const { openSession } = require('./lib/session');
const { sha256 } = require('./lib/sampleFiles');
const { UPLOAD_NODE, RESULT_NODE, IMPORT_NODE } = require('./lib/workflows');

function parseArgs(argv) {
	const args = { major: 1, keep: false };
	for (const arg of argv) {
		if (arg === '--keep') args.keep = true;
		else if (/^--n8n=[12]$/.test(arg)) args.major = Number(arg.slice(6));
		else throw new Error(`unknown argument ${arg} (use --n8n=1|2, --keep)`);
	}
	return args;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const t0 = Date.now();
	const install = await ensureN8n(args.major);
	// The tarball is only needed until it is installed into the session's n8n user folder.
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'feishu-media-pack-'));
	const removePackDir = () => fs.rmSync(packDir, { recursive: true, force: true });
	process.on('exit', removePackDir); // also when interrupted (proc.js exits on SIGINT/SIGTERM)
	let session;
	try {
		session = await openSession({ install, tarball: await buildAndPack(packDir), keep: args.keep });
	} finally {
		removePackDir();
	}
	try {
		const { image: workflow, importAsDocument } = await session.importExamples([
			'image',
			'importAsDocument',
		]);
		const result = await session.execute(workflow);
		const [shown] = result.output(RESULT_NODE);
		const [uploaded] = result.output(UPLOAD_NODE);
		const source = session.sampleFiles['sample-image.png'];
		const stored = session.fake.readFile(uploaded.json.file_token);
		const storedSha = sha256(stored);
		const ok = storedSha === source.sha256 && shown.json.file_token === uploaded.json.file_token;

		const lines = [
			'',
			`Feishu Media demo on n8n ${install.version} (Node ${install.nodeVersion})`,
			`  workflow     ${workflow.name}  (examples/upload-image-to-docx.json)`,
			`  file_token   ${uploaded.json.file_token}`,
			`  source       ${source.name}, ${formatBytes(source.size)}, sha256 ${source.sha256}`,
			`  stored       ${formatBytes(stored.length)} in the fake Feishu, sha256 ${storedSha}`,
			`  check        ${ok ? 'OK: the bytes Feishu stored are the bytes n8n read' : 'MISMATCH'}`,
			`  took         ${formatDuration(Date.now() - t0)} (n8n execute: ${formatDuration(result.ms)})`,
		];
		if (args.keep) lines.push(`  kept         ${session.root}`);
		// The whole item as the next node sees it (README "Output" shows this same block).
		lines.push(
			'',
			`Output item of "${UPLOAD_NODE}" (json):`,
			JSON.stringify(uploaded.json, null, 2),
		);
		const binary = Object.entries(uploaded.binary || {});
		if (binary.length)
			lines.push(
				`binary: ${binary.map(([key, b]) => `${key} (${b.fileName}, ${b.mimeType})`).join(', ')}`,
			);
		// Then Import as Document (examples/import-as-document.json): 10 files, one of them damaged.
		const imported = await session.execute(importAsDocument);
		const importItems = imported.output(IMPORT_NODE);
		const documents = importItems.filter((item) => item.json.token).length;
		lines.push(
			'',
			`Import as Document (examples/import-as-document.json): ${importItems.length} files, ${documents} documents, ${importItems.length - documents} error item(s), took ${formatDuration(imported.ms)}`,
		);
		lines.push(
			`Output items of "${IMPORT_NODE}" (json):`,
			...importItems.map((item) => JSON.stringify(item.json)),
		);
		process.stdout.write(`${lines.join('\n')}\n`);
		if (!ok || documents !== importItems.length - 1) process.exitCode = 1;
	} finally {
		await session.close();
	}
}

main().catch((error) => {
	log(`demo failed: ${error.stack || error.message}`);
	process.exit(1);
});
