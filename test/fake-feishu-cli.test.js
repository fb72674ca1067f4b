'use strict';

// `npm run fake-feishu` must not outlive the process that started it (issue 16): an orphaned
// server would keep its port after npm is killed. Here a stand-in for npm
// starts the CLI, is killed with SIGKILL (so it cannot pass anything on), and the server's port
// must close. Checked through the port, not the pid: an exited orphan can linger as a zombie.

const { spawn } = require('child_process');
const path = require('path');

const CLI = path.join(__dirname, '..', 'fake-feishu', 'cli.js');

/** Starts `launcher` code in a node process; resolves { launcher, ready } once the CLI printed its JSON line. */
function startUnder(launcherCode, env) {
	// Its own process group, so afterAll can still reach a server that failed to stop.
	const launcher = spawn(process.execPath, ['-e', launcherCode, CLI], {
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, ...env },
		detached: true,
	});
	return new Promise((resolve, reject) => {
		let out = '';
		let err = '';
		launcher.stderr.on('data', (chunk) => (err += chunk));
		launcher.stdout.on('data', (chunk) => {
			out += chunk;
			const line = out.split('\n').find((l) => l.startsWith('{'));
			if (line) resolve({ launcher, ready: JSON.parse(line) });
		});
		launcher.on('exit', () =>
			reject(new Error(`launcher exited before the fake was ready: ${err}`)),
		);
	});
}

async function answers(baseUrl) {
	try {
		await fetch(`${baseUrl}/__fake/files`);
		return true;
	} catch {
		return false; // connection refused: nothing listens any more
	}
}

async function closesWithin(baseUrl, ms) {
	for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
		if (!(await answers(baseUrl))) return true;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return false;
}

describe('fake-feishu cli.js stops when whoever started it is gone', () => {
	const started = [];
	afterAll(() => {
		for (const launcher of started) {
			try {
				process.kill(-launcher.pid, 'SIGKILL');
			} catch {
				/* the whole group is gone already */
			}
		}
	});

	test('started directly by a process that is then killed', async () => {
		const { launcher, ready } = await startUnder(
			"require('child_process').spawn(process.execPath, [process.argv[1], '--port', '0'], { stdio: ['ignore', 'inherit', 'inherit'] })",
		);
		started.push(launcher);
		expect(await answers(ready.baseUrl)).toBe(true);
		launcher.kill('SIGKILL');
		expect(await closesWithin(ready.baseUrl, 3000)).toBe(true);
	});

	test('started by npm through a shell that outlives npm', async () => {
		// As `npm run fake-feishu` does: npm -> sh -c "node cli.js" (dash keeps the shell in between).
		const { launcher, ready } = await startUnder(
			"require('child_process').spawn('sh', ['-c', `\"${process.execPath}\" \"${process.argv[1]}\" --port 0; true`], { stdio: ['ignore', 'inherit', 'inherit'] })",
			{ npm_lifecycle_event: 'fake-feishu' },
		);
		started.push(launcher);
		expect(await answers(ready.baseUrl)).toBe(true);
		launcher.kill('SIGKILL');
		expect(await closesWithin(ready.baseUrl, 3000)).toBe(true);
	});
});
