'use strict';

const { spawn } = require('child_process');

const paths = require('./paths');

const TIMEOUT_MS = 10 * 60 * 1000;

// A bench stopped halfway must not leave a measured process uploading on its own.
const live = new Set();
process.on('exit', () => {
	for (const child of live) child.kill('SIGKILL');
});

/**
 * Runs child.js with a job and resolves its JSON result. `limiter: false` turns the node's limiter
 * off through its test seam; `true` leaves the node's own pacing (5/s), as users get it.
 */
function runChild(job, { limiter }) {
	const child = spawn(
		process.execPath,
		['--expose-gc', paths.childScript, JSON.stringify({ harness: paths.harness, limiter, ...job })],
		{
			env: process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	live.add(child);
	const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk) => (stdout += chunk));
	child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('close', (code, signal) => {
			live.delete(child);
			clearTimeout(timer);
			const lastLine = stdout.trim().split('\n').pop();
			let result;
			try {
				result = JSON.parse(lastLine);
			} catch {
				return reject(
					new Error(
						`the measured process exited (${signal || code}) without its JSON line\n${stderr || stdout}`,
					),
				);
			}
			if (result.error || code !== 0)
				return reject(
					new Error(
						`the measured upload failed: ${result.error || `exit ${signal || code}`}\n${stderr}`,
					),
				);
			resolve(result);
		});
	});
}

/** The part of a child's job that names the fake and its apps; the measured run adds the rest. */
function appJob(fake) {
	return {
		baseUrl: fake.baseUrl,
		appId: fake.appId,
		appSecret: fake.appSecret,
		warmUpApp: fake.warmUpApp,
	};
}

module.exports = { appJob, runChild };
