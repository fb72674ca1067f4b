'use strict';

const { spawn } = require('child_process');
const readline = require('readline');

const paths = require('./paths');

// A second app for the measured process's own warm-up, so it leaves the measured app untouched.
const WARM_UP_APP = { appId: 'cli_bench_warm_up', appSecret: 'bench-warm-up-secret' };

/**
 * The fake Feishu server in its own process, so its memory and CPU are not the measured
 * process's. Resolves once it printed its ready line: { baseUrl, appId, appSecret, parentNodes }.
 */
function startFake({ storageDir, rateLimit }) {
	const args = [paths.fakeCli, '--storage', storageDir];
	if (!rateLimit) args.push('--no-rate-limit');
	const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
	let stderr = '';
	child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
	return new Promise((resolve, reject) => {
		const fail = (error) => {
			child.kill('SIGKILL');
			reject(error);
		};
		child.once('exit', (code, signal) =>
			reject(
				new Error(
					`the fake Feishu server exited (${signal || code}) before it was ready\n${stderr}`,
				),
			),
		);
		readline.createInterface({ input: child.stdout }).once('line', (line) => {
			let ready;
			try {
				ready = JSON.parse(line);
			} catch {
				return fail(
					new Error(`the fake Feishu server printed "${line}" instead of its JSON ready line`),
				);
			}
			const fake = new FakeServer(child, ready);
			fake.admin('POST', 'apps', WARM_UP_APP).then(() => resolve(fake), fail);
		});
	});
}

class FakeServer {
	constructor(child, ready) {
		this.child = child;
		this.baseUrl = ready.baseUrl;
		this.appId = ready.appId;
		this.appSecret = ready.appSecret;
		this.parentNodes = ready.parentNodes;
		this.warmUpApp = WARM_UP_APP;
	}

	async admin(method, pathname, body) {
		const response = await fetch(`${this.baseUrl}/__fake/${pathname}`, {
			method,
			body: body && JSON.stringify(body),
		});
		if (!response.ok)
			throw new Error(`fake ${method} /__fake/${pathname} answered HTTP ${response.status}`);
		return await response.json();
	}

	/** Forgets the stored files (deleting them from disk), the stats and the rate windows. */
	reset() {
		return this.admin('POST', 'reset');
	}

	stats() {
		return this.admin('GET', 'stats');
	}

	files() {
		return this.admin('GET', 'files');
	}

	async tenantToken() {
		const response = await fetch(`${this.baseUrl}/open-apis/auth/v3/tenant_access_token/internal`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ app_id: this.appId, app_secret: this.appSecret }),
		});
		const body = await response.json();
		if (body.code !== 0 || !body.tenant_access_token)
			throw new Error(`the fake refused a tenant token: ${JSON.stringify(body)}`);
		return body.tenant_access_token;
	}

	stop() {
		return new Promise((resolve) => {
			if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
			this.child.once('exit', () => resolve());
			this.child.kill('SIGTERM');
		});
	}
}

module.exports = { startFake };
