'use strict';

// Builds the package and packs it exactly as it would be published, so n8n loads what
// users would get from npm, not the working tree.

const fs = require('fs');
const path = require('path');
const { repoRoot } = require('./paths');
const { log } = require('./log');
const { run } = require('./proc');

/** Runs `npm run build` and `npm pack` into outDir; resolves the tarball's absolute path. */
async function buildAndPack(outDir) {
	fs.mkdirSync(outDir, { recursive: true });
	log('building the package (npm run build)');
	await run('npm', ['run', 'build'], { cwd: repoRoot });
	log('packing it (npm pack)');
	const { stdout } = await run('npm', ['pack', '--json', `--pack-destination=${outDir}`], {
		cwd: repoRoot,
	});
	const [info] = JSON.parse(stdout.slice(stdout.indexOf('[')));
	const tarball = path.join(outDir, info.filename);
	log(`packed ${info.filename}: ${info.entryCount} files, ${info.size} bytes`);
	return tarball;
}

module.exports = { buildAndPack };
