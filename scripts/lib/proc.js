'use strict';

const { spawn } = require('child_process');
const fs = require('fs');

// Every child we start is remembered, so an interrupted demo or a failing test
// never leaves an n8n or npm process behind.
const live = new Set();

function killTree(child, signal = 'SIGTERM') {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	try {
		// Children are started detached (own process group): this also reaches n8n's task runner.
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* already gone */
		}
	}
}

function killAll() {
	for (const child of live) killTree(child, 'SIGKILL');
	live.clear();
}

let hooked = false;
function hookExit() {
	if (hooked) return;
	hooked = true;
	process.on('exit', killAll);
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, () => {
			killAll();
			process.exit(130);
		});
	}
}

/** Spawns in its own process group (so stop() can end its children too) and tracks it for exit clean-up. */
function spawnTracked(command, args, options) {
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env || process.env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	live.add(child);
	return child;
}

/**
 * Runs a command to completion.
 * options: cwd, env, logFile (stdout+stderr appended there instead of captured),
 * onOutput(chunk) for progress parsing, onSpawn(child), timeoutMs, allowFailure.
 * Resolves { code, stdout, stderr, ms }; rejects on a non-zero exit unless allowFailure.
 */
function run(command, args, options = {}) {
	hookExit();
	return new Promise((resolve, reject) => {
		const t0 = Date.now();
		const child = spawnTracked(command, args, options);
		if (options.onSpawn) options.onSpawn(child);
		const logStream = options.logFile
			? fs.createWriteStream(options.logFile, { flags: 'a' })
			: null;
		const out = [];
		const err = [];
		const onData = (sink) => (chunk) => {
			if (logStream) logStream.write(chunk);
			else sink.push(chunk);
			if (options.onOutput) options.onOutput(chunk.toString());
		};
		child.stdout.on('data', onData(out));
		child.stderr.on('data', onData(err));
		let timer = null;
		if (options.timeoutMs) {
			timer = setTimeout(() => {
				killTree(child, 'SIGKILL');
			}, options.timeoutMs);
		}
		child.on('error', (error) => {
			live.delete(child);
			reject(error);
		});
		child.on('close', (code, signal) => {
			live.delete(child);
			if (timer) clearTimeout(timer);
			const finish = () => {
				const result = {
					code: code === null ? 128 : code,
					signal,
					stdout: Buffer.concat(out).toString(),
					stderr: Buffer.concat(err).toString(),
					ms: Date.now() - t0,
					pid: child.pid,
				};
				if (result.code !== 0 && !options.allowFailure) {
					const tail = (result.stderr || result.stdout).split('\n').slice(-30).join('\n');
					const where = options.logFile ? ` (log: ${options.logFile})` : '';
					const error = new Error(
						`${command} ${args.join(' ')} exited with ${signal || code}${where}\n${tail}`,
					);
					error.result = result;
					reject(error);
				} else {
					resolve(result);
				}
			};
			if (logStream) logStream.end(finish);
			else finish();
		});
	});
}

/**
 * Starts a long-running process and returns the child; the caller stops it with stop().
 */
function start(command, args, options = {}) {
	hookExit();
	const child = spawnTracked(command, args, options);
	child.on('close', () => live.delete(child));
	return child;
}

/** Stops a child started with start()/run(): SIGTERM, then SIGKILL after graceMs. */
function stop(child, graceMs = 5000) {
	return new Promise((resolve) => {
		if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
		const timer = setTimeout(() => killTree(child, 'SIGKILL'), graceMs);
		child.once('close', () => {
			clearTimeout(timer);
			live.delete(child);
			resolve();
		});
		killTree(child, 'SIGTERM');
	});
}

/** Whether a process of this id runs (EPERM: it does, as another user's). */
function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

module.exports = { run, start, stop, killAll, isAlive };
