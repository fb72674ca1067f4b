'use strict';

const { spawnSync } = require('child_process');

const paths = require('./paths');

/**
 * Compiles the test harness and the node sources it imports into .cache/bench-build (ignored by
 * git), so the measured process is plain Node without ts-node or jest. tsc is incremental: a
 * second run with nothing changed takes a second or two.
 */
function buildHarness() {
	const tsc = require.resolve('typescript/bin/tsc', { paths: [paths.repoRoot] });
	const result = spawnSync(process.execPath, [tsc, '-p', paths.tsconfig], {
		cwd: paths.repoRoot,
		encoding: 'utf8',
	});
	if (result.status !== 0) {
		throw new Error(
			`compiling the harness failed (tsc -p ${paths.tsconfig}):\n${result.stdout}${result.stderr}`,
		);
	}
}

module.exports = { buildHarness };
