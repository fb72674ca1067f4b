#!/usr/bin/env node
'use strict';

// npm run build && npm run bench:checksum -- [--mib 20] [--runs 21]
// Adler-32 of the same random bytes through our module (from dist/), hash-wasm (if still
// installed) and the pure-JS adler-32 package: once as one call, once in 64 KiB pieces as a
// file stream arrives. Prints the median of the runs per row and "ours / hash-wasm" ratios
// (below 1 means ours is faster). All rows must agree on the value, or it exits 1.
const crypto = require('crypto');
const path = require('path');

const MiB = 1024 * 1024;
const STREAM_PIECE = 64 * 1024;
const WARM_UP_RUNS = 3;
const OURS_PATH = path.join(
	__dirname,
	'..',
	'..',
	'dist',
	'nodes',
	'FeishuMedia',
	'protocol',
	'adler32.js',
);

function option(name, fallback) {
	const at = process.argv.indexOf(`--${name}`);
	const value = at === -1 ? fallback : Number(process.argv[at + 1]);
	if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} wants a positive integer`);
	return value;
}

function pieces(bytes) {
	const out = [];
	for (let offset = 0; offset < bytes.length; offset += STREAM_PIECE)
		out.push(bytes.subarray(offset, offset + STREAM_PIECE));
	return out;
}

function median(values) {
	const sorted = [...values].sort((x, y) => x - y);
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Rows: name -> async (bytes, pieces) => unsigned Adler-32. */
function contenders(notes) {
	let ours;
	try {
		ours = require(OURS_PATH);
	} catch (error) {
		throw new Error(
			`cannot load ${path.relative(process.cwd(), OURS_PATH)}: run npm run build first (${error.message})`,
		);
	}
	const reference = require('adler-32');
	const rows = {
		'ours, one call': (bytes) => ours.adler32Of(bytes),
		'ours, 64 KiB pieces': (_, parts) => {
			const hasher = new ours.Adler32();
			for (const part of parts) hasher.update(part);
			return hasher.digest();
		},
	};
	let hashWasm;
	try {
		hashWasm = require('hash-wasm');
	} catch {
		notes.push('hash-wasm is not installed: its rows and the ratios are skipped');
	}
	if (hashWasm) {
		rows['hash-wasm, one call'] = async (bytes) => parseInt(await hashWasm.adler32(bytes), 16);
		rows['hash-wasm, 64 KiB pieces'] = async (_, parts) => {
			const hasher = await hashWasm.createAdler32();
			for (const part of parts) hasher.update(part);
			return parseInt(hasher.digest('hex'), 16);
		};
	}
	rows['adler-32 package, one call'] = (bytes) => reference.buf(bytes) >>> 0;
	rows['adler-32 package, 64 KiB pieces'] = (_, parts) => {
		let value = 1;
		for (const part of parts) value = reference.buf(part, value);
		return value >>> 0;
	};
	return rows;
}

async function timeOnce(run, bytes, parts) {
	const started = process.hrtime.bigint();
	const value = await run(bytes, parts);
	return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

async function main() {
	const size = option('mib', 20) * MiB;
	const runs = option('runs', 21);
	const notes = [];
	const rows = contenders(notes);
	const bytes = crypto.randomBytes(size);
	const parts = pieces(bytes);

	const times = Object.fromEntries(Object.keys(rows).map((name) => [name, []]));
	const values = new Set();
	// Round-robin, so a noisy moment on this shared machine hits every row alike.
	for (let round = 0; round < WARM_UP_RUNS + runs; round++) {
		for (const [name, run] of Object.entries(rows)) {
			const { ms, value } = await timeOnce(run, bytes, parts);
			values.add(value);
			if (round >= WARM_UP_RUNS) times[name].push(ms);
		}
	}

	console.log(
		`Adler-32 of ${size / MiB} MiB of random bytes: median of ${runs} runs after ${WARM_UP_RUNS} warm-up (node ${process.version})`,
	);
	const width = Math.max(...Object.keys(rows).map((name) => name.length));
	const medians = {};
	for (const name of Object.keys(rows)) {
		medians[name] = median(times[name]);
		const gibPerSecond = size / (1024 * MiB) / (medians[name] / 1000);
		console.log(
			`  ${name.padEnd(width)}  ${medians[name].toFixed(2).padStart(7)} ms  ${gibPerSecond.toFixed(2).padStart(6)} GiB/s`,
		);
	}
	if (medians['hash-wasm, one call'] !== undefined) {
		for (const how of ['one call', '64 KiB pieces']) {
			const ratio = medians[`ours, ${how}`] / medians[`hash-wasm, ${how}`];
			console.log(`  ours / hash-wasm, ${how}: ${ratio.toFixed(2)}`);
		}
	}
	for (const note of notes) console.log(`  note: ${note}`);
	if (values.size !== 1) {
		console.error(`the rows disagree on the checksum: ${[...values].join(', ')}`);
		process.exitCode = 1;
		return;
	}
	console.log(`  every row gave ${[...values][0]}`);
}

main().catch((error) => {
	console.error(error.message);
	process.exitCode = 1;
});
