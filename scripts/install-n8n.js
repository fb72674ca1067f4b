#!/usr/bin/env node
'use strict';

// Installs the n8n versions the demo and the e2e suite use into the cache, ahead of time
// (e.g. as its own CI step, so its duration shows separately). A no-op when installed.
//   node scripts/install-n8n.js [1] [2]     (default: both)

const { ensureN8n } = require('./lib/n8nInstall');
const { log } = require('./lib/log');

async function main() {
	const majors = process.argv.slice(2).length ? process.argv.slice(2).map(Number) : [1, 2];
	for (const major of majors) {
		const install = await ensureN8n(major);
		if (install.installMs)
			log(`n8n ${install.version} on Node ${install.nodeVersion} ready in ${install.dir}`);
	}
}

main().catch((error) => {
	log(`n8n install failed: ${error.message}`);
	process.exit(1);
});
