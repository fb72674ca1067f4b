'use strict';

const path = require('path');

const repoRoot = path.resolve(__dirname, '..', '..');
const buildDir = path.join(repoRoot, '.cache', 'bench-build');

module.exports = {
	repoRoot,
	buildDir,
	tsconfig: path.join(__dirname, 'tsconfig.json'),
	// The test harness, compiled: the node's real execute() with an n8n-shaped context.
	harness: path.join(buildDir, 'scripts', 'lib', 'harness', 'runNode.js'),
	fakeCli: path.join(repoRoot, 'fake-feishu', 'cli.js'),
	childScript: path.join(__dirname, 'child.js'),
	// Node.js's own download, the floor the node's download is compared with.
	floorChild: path.join(__dirname, 'floorChild.js'),
};
