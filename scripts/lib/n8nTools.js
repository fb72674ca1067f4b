'use strict';

// n8n's lint (@n8n/node-cli's `n8n-node lint` and its ESLint config) and its verification
// scanner (@n8n/scan-community-package), installed once into the cache folder outside the repo
// and reused. They are not devDependencies because they pull n8n-workflow 2.x, whose
// isolated-vm requires Node 22 or 24: in the repo every `npm install` on Node 20 warned
// EBADENGINE, and the `overrides` field that could pin it away is one n8n's scanner forbids
// in a community package. Neither tool needs isolated-vm to lint, so it is installed with
// scripts off (as the repo's .npmrc did), and npm's warnings go to the log file only.
//
// The versions are fixed by scripts/n8n-tools/package.json and its lockfile (`npm ci`), so
// every machine lints with the same rules. Each lockfile gets its own folder, named by a hash
// of the two files: checkouts at different commits share the cache without reinstalling
// over each other, and a changed lockfile installs anew.

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { cacheRoot, repoRoot } = require('./paths');
const { log, formatDuration } = require('./log');
const { npmEnvOutsideRepo } = require('./npmEnv');
const { npmWithProgress } = require('./npmProgress');
const { isAlive } = require('./proc');

const SOURCE_DIR = path.join(repoRoot, 'scripts', 'n8n-tools');
const MANIFEST_FILES = ['package.json', 'package-lock.json'];
const TOOLS_ROOT = path.join(cacheRoot, 'tools');
const LOG_FILE = path.join(TOOLS_ROOT, 'install.log');
const MARKER = '.feishu-media-tools-installed';

/** The folder this checkout's tool versions install into (whether installed yet or not). */
function toolsDir() {
	const hash = crypto.createHash('sha256');
	for (const name of MANIFEST_FILES) hash.update(fs.readFileSync(path.join(SOURCE_DIR, name)));
	return path.join(TOOLS_ROOT, hash.digest('hex').slice(0, 12));
}

function isInstalled(dir) {
	return fs.existsSync(path.join(dir, MARKER));
}

/** Where each tool lives inside an installed tools folder. */
function toolPaths(dir) {
	const modules = path.join(dir, 'node_modules');
	return {
		dir,
		nodeCliBin: path.join(modules, '@n8n', 'node-cli', 'bin', 'n8n-node.mjs'),
		// What `import { config } from '@n8n/node-cli/eslint'` resolves to (its exports map).
		nodeCliEslintConfig: path.join(modules, '@n8n', 'node-cli', 'dist', 'configs', 'eslint.js'),
		scannerRoot: path.join(modules, '@n8n', 'scan-community-package'),
	};
}

/** For code that cannot wait for an install (the ESLint config): the tools, or a clear error. */
function installedN8nTools() {
	const dir = toolsDir();
	if (!isInstalled(dir)) {
		throw new Error(
			`n8n's lint tools are not installed in ${dir}: run \`npm run lint\` (or \`npm run scan\`) once, it installs them`,
		);
	}
	return toolPaths(dir);
}

/** Half-done installs of runs that were killed: `<hash>.partial-<pid>` whose pid is gone. */
function removeAbandonedPartials() {
	for (const name of fs.readdirSync(TOOLS_ROOT)) {
		const match = /\.partial-(\d+)$/.exec(name);
		if (match && !isAlive(Number(match[1]))) {
			fs.rmSync(path.join(TOOLS_ROOT, name), { recursive: true, force: true });
		}
	}
}

/**
 * Makes sure the tools are installed; resolves toolPaths(). Installs into a private
 * `.partial-<pid>` folder and renames it into place when complete, so a lint and a scan started
 * together on a fresh machine never see (or write into) a half-installed folder.
 */
async function ensureN8nTools() {
	const dir = toolsDir();
	if (isInstalled(dir)) return toolPaths(dir);
	fs.mkdirSync(TOOLS_ROOT, { recursive: true });
	removeAbandonedPartials();
	const partial = `${dir}.partial-${process.pid}`;
	fs.rmSync(partial, { recursive: true, force: true });
	fs.mkdirSync(partial);
	const t0 = Date.now();
	try {
		for (const name of MANIFEST_FILES) {
			fs.copyFileSync(path.join(SOURCE_DIR, name), path.join(partial, name));
		}
		log(
			`installing n8n's lint and scanner (first run only, ~1 min, ~0.8 GB) into ${dir}; npm log: ${LOG_FILE}`,
		);
		fs.appendFileSync(LOG_FILE, `\n# ${new Date().toISOString()} install into ${dir}\n`);
		const env = npmEnvOutsideRepo();
		env.SCARF_ANALYTICS = 'false'; // else a dependency's script would keep a file in /tmp
		await npmWithProgress('n8n tools', ['ci', '--ignore-scripts'], {
			cwd: partial,
			logFile: LOG_FILE,
			env,
		});
		fs.writeFileSync(path.join(partial, MARKER), `${new Date().toISOString()}\n`);
		try {
			fs.renameSync(partial, dir);
		} catch (error) {
			// Another run finished the same install first: use theirs.
			if (!isInstalled(dir)) throw error;
		}
		log(`n8n's lint and scanner installed in ${formatDuration(Date.now() - t0)}`);
	} finally {
		fs.rmSync(partial, { recursive: true, force: true });
	}
	return toolPaths(dir);
}

module.exports = { ensureN8nTools, installedN8nTools, toolsDir, TOOLS_ROOT, LOG_FILE };
