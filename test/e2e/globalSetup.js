'use strict';

// Runs once before the e2e files: installs the selected n8n versions into the cache (a no-op
// when they are there) and builds + packs the package a single time.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { ensureN8n } = require('../../scripts/lib/n8nInstall');
const { buildAndPack } = require('../../scripts/lib/packPackage');
const { log, formatDuration } = require('../../scripts/lib/log');
const { ENV, selectedMajors, writeState } = require('./state');

module.exports = async function globalSetup() {
	const t0 = Date.now();
	process.stderr.write('\n');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'feishu-media-e2e-'));
	const majors = selectedMajors();
	const installs = {};
	for (const major of majors) {
		const install = await ensureN8n(major);
		installs[major] = { ...install }; // spreading also evaluates the nodeVersion getter
	}
	const tarball = await buildAndPack(path.join(dir, 'pack'));
	writeState(dir, { majors, installs, tarball, setupMs: Date.now() - t0 });
	process.env[ENV] = dir;
	log(`e2e setup done in ${formatDuration(Date.now() - t0)}`);
};
