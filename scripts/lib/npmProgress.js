'use strict';

// Runs npm with a heartbeat: every HEARTBEAT_MS one line saying what npm is doing, instead of
// minutes of silence while n8n's ~1,500 packages resolve, download and build.

const fs = require('fs');
const path = require('path');
const { log, formatDuration } = require('./log');
const { run } = require('./proc');
const { npmEnvOutsideRepo } = require('./npmEnv');

const HEARTBEAT_MS = 20_000;
// Lines that say nothing about progress: npm warnings and compiler diagnostics.
const NOISE = /^npm warn|^\s*(\||[~^]|\d+ \|)|warning:|note:|In file included|^\s+from /;

/**
 * Packages whose install scripts run right now: the working folders of the processes in npm's
 * process group (Linux /proc). npm prints nothing while scripts build native code, so this is
 * the only sign of life then. Elsewhere it returns [] and the heartbeat just says "working".
 */
function packagesBuilding(pgid) {
	const names = new Set();
	let pids = [];
	try {
		pids = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
	} catch {
		return [];
	}
	for (const pid of pids) {
		try {
			const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
			const [, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // state, ppid, pgrp
			if (Number(pgrp) !== pgid) continue;
			const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
			const at = cwd.lastIndexOf('/node_modules/');
			if (at < 0) continue;
			const parts = cwd.slice(at + '/node_modules/'.length).split('/');
			names.add(parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]);
		} catch {
			/* the process ended meanwhile */
		}
	}
	return [...names];
}

/** Top-level entries in cwd/node_modules (scoped packages counted one by one). */
function countPackages(cwd) {
	try {
		let count = 0;
		for (const name of fs.readdirSync(path.join(cwd, 'node_modules'))) {
			if (name.startsWith('.')) continue;
			count += name.startsWith('@')
				? fs.readdirSync(path.join(cwd, 'node_modules', name)).length
				: 1;
		}
		return count;
	} catch {
		return 0;
	}
}

function describe(state, cwd) {
	const building = state.pgid ? packagesBuilding(state.pgid) : [];
	if (building.length) return `running install scripts of ${building.join(', ')}`;
	// npm logs each registry lookup and download, but nothing while it unpacks from its cache.
	const quiet = state.lookups === state.lookupsAtLastBeat;
	state.lookupsAtLastBeat = state.lookups;
	if (quiet && state.lookups) return `unpacking packages (${countPackages(cwd)} in node_modules)`;
	if (state.tarballs) return `downloading packages (${state.tarballs} tarballs so far)`;
	if (state.lookups) return `resolving dependencies (${state.lookups} registry lookups)`;
	return 'working';
}

/** `npm <args>` in cwd, output appended to logFile, with a progress line every HEARTBEAT_MS. */
async function npmWithProgress(label, args, { cwd, logFile, env }) {
	const state = { lookups: 0, lookupsAtLastBeat: 0, tarballs: 0, lastLine: '', pgid: 0 };
	const t0 = Date.now();
	const onOutput = (text) => {
		for (const line of text.split('\n')) {
			if (!line.trim()) continue;
			if (/^npm http/.test(line)) {
				state.lookups += 1;
				if (/\/-\/.*\.tgz/.test(line)) state.tarballs += 1;
			}
			if (!NOISE.test(line)) state.lastLine = line.trim();
		}
	};
	let shown = '';
	const timer = setInterval(() => {
		// npm's latest line, when there is a new one since the previous beat.
		const line = state.lastLine === shown ? '' : state.lastLine;
		shown = state.lastLine;
		const latest = line ? `; npm: ${line.length > 90 ? `${line.slice(0, 87)}...` : line}` : '';
		log(`  ${label}: ${formatDuration(Date.now() - t0)}, ${describe(state, cwd)}${latest}`);
	}, HEARTBEAT_MS);
	fs.appendFileSync(logFile, `\n$ npm ${args.join(' ')}\n`);
	try {
		return await run(
			'npm',
			[...args, '--loglevel=http', '--no-fund', '--no-audit', '--no-update-notifier'],
			{
				cwd,
				env: env || npmEnvOutsideRepo(),
				logFile,
				onOutput,
				// npm runs detached, in its own process group: its id is npm's pid.
				onSpawn: (child) => {
					state.pgid = child.pid;
				},
			},
		);
	} finally {
		clearInterval(timer);
	}
}

module.exports = { npmWithProgress, packagesBuilding, HEARTBEAT_MS };
