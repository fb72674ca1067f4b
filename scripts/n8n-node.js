#!/usr/bin/env node
'use strict';

// `npm run lint` / `npm run lint:fix`: n8n's own `n8n-node <args>` from the cached tools folder
// (scripts/lib/n8nTools.js says why it is not a devDependency), run in the repo. It runs the
// repo's eslint over every JS/TS file with eslint.config.mjs: n8n's rules for what ships, taken
// from the same folder, and ESLint's recommended rules for the rest.

const { spawn } = require('child_process');
const { repoRoot } = require('./lib/paths');
const { ensureN8nTools } = require('./lib/n8nTools');

async function main() {
	const tools = await ensureN8nTools();
	const child = spawn(process.execPath, [tools.nodeCliBin, ...process.argv.slice(2)], {
		cwd: repoRoot,
		stdio: 'inherit',
	});
	for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
	child.on('close', (code, signal) => {
		process.exitCode = code ?? (signal ? 1 : 0);
	});
}

main().catch((error) => {
	console.error(`n8n-node: could not run: ${error.message}`);
	process.exitCode = 1;
});
