'use strict';

// Redis and PostgreSQL for n8n's queue mode: installed from Debian's packages when missing (as
// root, like CI), then started on loopback, on free ports, with throwaway data folders. Both run
// in the foreground as children of this process (proc.js), so they end with it whatever happens.
// The packages' own services are not used (in containers policy-rc.d keeps them from starting).

const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { start, stop, run } = require('../lib/proc');
const { freePort } = require('../lib/ports');
const { log, formatDuration } = require('../lib/log');

const READY_TIMEOUT_MS = 60_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Where a program is on PATH, or null. */
function onPath(name) {
	for (const dir of (process.env.PATH || '').split(path.delimiter)) {
		const candidate = path.join(dir, name);
		if (dir && fs.existsSync(candidate)) return candidate;
	}
	return null;
}

/** Debian keeps PostgreSQL's server programs in /usr/lib/postgresql/<major>/bin, off PATH. */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	const majors = fs.existsSync(root)
		? fs.readdirSync(root).filter((name) => /^\d+$/.test(name))
		: [];
	for (const major of majors.sort((a, b) => Number(b) - Number(a))) {
		const dir = path.join(root, major, 'bin');
		if (fs.existsSync(path.join(dir, 'postgres')) && fs.existsSync(path.join(dir, 'initdb')))
			return dir;
	}
	const initdb = onPath('initdb');
	return initdb && fs.existsSync(path.join(path.dirname(fs.realpathSync(initdb)), 'postgres'))
		? path.dirname(fs.realpathSync(initdb))
		: null;
}

/** Installs redis-server and postgresql with apt-get when either is missing. Resolves how long that took (0 when nothing was missing). */
async function ensurePackages() {
	const missing = [];
	if (!onPath('redis-server') && !fs.existsSync('/usr/bin/redis-server'))
		missing.push('redis-server');
	if (!postgresBinDir()) missing.push('postgresql');
	if (missing.length === 0) return 0;
	if (!isRoot() || !onPath('apt-get')) {
		throw new Error(
			`${missing.join(' and ')} missing: install them first (Debian/Ubuntu: sudo apt-get install -y redis-server postgresql), ` +
				'or run this as root on a Debian-based machine and it installs them itself',
		);
	}
	const t0 = Date.now();
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	log(
		`installing ${missing.join(' and ')} from Debian's packages (apt-get update, apt-get install)`,
	);
	await run('apt-get', ['update', '-q'], { env });
	await run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env });
	log(`installed ${missing.join(' and ')} in ${formatDuration(Date.now() - t0)}`);
	return Date.now() - t0;
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port and `probe` (if any) is happy. */
async function waitForPort(name, port, child, output, probe) {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(
				`${name} exited before it was ready:\n${Buffer.concat(output).toString().slice(-2000)}`,
			);
		}
		if (Date.now() > deadline)
			throw new Error(`${name} not ready on port ${port} after ${READY_TIMEOUT_MS} ms`);
		if (await (probe || connects)(port)) return;
		await sleep(200);
	}
}

function connects(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/** Redis answers PING with +PONG once it accepts commands. */
function redisPongs(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let answer = '';
		const done = (ok) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk.toString();
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
		socket.once('error', () => done(false));
	});
}

function collect(child) {
	const output = [];
	child.stdout.on('data', (chunk) => output.push(chunk));
	child.stderr.on('data', (chunk) => output.push(chunk));
	return output;
}

/** redis-server on 127.0.0.1, nothing saved to disk. Resolves { port, close() }. */
async function startRedis(dataDir) {
	fs.mkdirSync(dataDir, { recursive: true });
	const port = await freePort();
	const binary = onPath('redis-server') || '/usr/bin/redis-server';
	const child = start(
		binary,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dataDir,
		],
		{},
	);
	const output = collect(child);
	await waitForPort('redis-server', port, child, output, redisPongs);
	log(`redis-server listening on 127.0.0.1:${port}`);
	return { port, close: () => stop(child, 5000) };
}

/**
 * PostgreSQL refuses to run as root: as root its programs run as the `postgres` user the Debian
 * package creates, in a data folder of its own under the temp folder.
 */
function asDatabaseUser(binary, args) {
	if (!isRoot()) return [binary, args];
	return ['runuser', ['-u', 'postgres', '--', binary, ...args]];
}

/**
 * A fresh cluster (initdb, trust on loopback), `postgres` on 127.0.0.1 with no Unix socket, and a
 * database for n8n. Durability is off: the data is thrown away. Resolves { port, database, user, close() }.
 */
async function startPostgres() {
	const bin = postgresBinDir();
	const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'feishu-media-queue-pg-'));
	const dataDir = path.join(dataRoot, 'data');
	const remove = () => fs.rmSync(dataRoot, { recursive: true, force: true });
	process.on('exit', remove);
	if (isRoot()) await run('chown', ['postgres:postgres', dataRoot]);
	const user = 'n8n';
	const database = 'n8n';
	const [initCommand, initArgs] = asDatabaseUser(path.join(bin, 'initdb'), [
		'-D',
		dataDir,
		'-U',
		user,
		'-A',
		'trust',
		'--no-sync',
		'--no-locale',
		'-E',
		'UTF8',
	]);
	await run(initCommand, initArgs, { cwd: dataRoot });
	const port = await freePort();
	const settings = [
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'unix_socket_directories=',
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
	];
	const [command, args] = asDatabaseUser(path.join(bin, 'postgres'), [
		'-D',
		dataDir,
		'-p',
		String(port),
		...settings,
	]);
	const child = start(command, args, { cwd: dataRoot });
	const output = collect(child);
	const close = async () => {
		await stop(child, 10_000);
		remove();
		process.off('exit', remove);
	};
	try {
		await waitForPort('postgres', port, child, output);
		// The port opens before the server takes connections: createdb retries until it does.
		for (let attempt = 1; ; attempt++) {
			const created = await run(
				path.join(bin, 'createdb'),
				['-h', '127.0.0.1', '-p', String(port), '-U', user, database],
				{ allowFailure: true },
			);
			if (created.code === 0) break;
			if (attempt >= 50) throw new Error(`createdb failed: ${created.stderr.trim()}`);
			await sleep(200);
		}
	} catch (error) {
		await close();
		throw error;
	}
	log(`postgres listening on 127.0.0.1:${port} (database ${database})`);
	return { port, database, user, close };
}

module.exports = { ensurePackages, startRedis, startPostgres, postgresBinDir };
