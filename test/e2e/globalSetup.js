'use strict';

// Runs once before the e2e files: installs the selected n8n versions into the cache (a no-op
// when they are there) and builds + packs the package a single time.
//
// Its scratch folder (state, metrics, the tarball) is removed by globalTeardown, which jest does
// not run when this setup fails or the run is interrupted; then it goes here, on those paths.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { ensureN8n } = require('../../scripts/lib/n8nInstall');
const { buildAndPack } = require('../../scripts/lib/packPackage');
const { log, formatDuration } = require('../../scripts/lib/log');
const { ENV, selectedMajors, writeState } = require('./state');

/** Removes dir whatever way jest's process ends: exit (also after a failed setup) or a signal. */
function removeOnExit(dir) {
	const remove = () => fs.rmSync(dir, { recursive: true, force: true });
	process.on('exit', remove);
	// A signal ends the process without 'exit' unless someone exits: do so (as scripts/lib/proc.js
	// does once it runs a child; whichever handler runs first, 'exit' then removes the folder).
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.once(signal, () => process.exit(130));
	}
	return remove;
}

module.exports = async function globalSetup() {
	const t0 = Date.now();
	process.stderr.write('\n');
	const majors = selectedMajors();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'feishu-media-e2e-'));
	const remove = removeOnExit(dir);
	try {
		const installs = {};
		for (const major of majors) {
			const install = await ensureN8n(major);
			installs[major] = { ...install }; // spreading also evaluates the nodeVersion getter
		}
		const tarball = await buildAndPack(path.join(dir, 'pack'));
		writeState(dir, { majors, installs, tarball, setupMs: Date.now() - t0 });
	} catch (error) {
		remove();
		throw error;
	}
	process.env[ENV] = dir;
	log(`e2e setup done in ${formatDuration(Date.now() - t0)}`);
};
