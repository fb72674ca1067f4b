'use strict';

// Installs the packed tarball into an n8n user folder the way a user installs a community
// node by hand: `npm install <package>` inside ~/.n8n/nodes. n8n loads every n8n-nodes-*
// folder from ~/.n8n/nodes/node_modules at startup.

const fs = require('fs');
const path = require('path');
const { log } = require('./log');
const { run } = require('./proc');
const { npmEnvOutsideRepo } = require('./npmEnv');

const PACKAGE_NAME = 'n8n-nodes-feishu-media';

/**
 * Peer dependencies (n8n-workflow) are left out, as n8n's own installer does: the node must
 * use the n8n-workflow of the n8n that loads it, not a second copy from the registry.
 */
async function installCommunityPackage(userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const manifest = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(manifest)) {
		fs.writeFileSync(manifest, `${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`);
	}
	log(`installing ${path.basename(tarball)} into ${nodesDir}`);
	await run(
		'npm',
		['install', tarball, '--omit=peer', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', '--no-update-notifier'],
		{ cwd: nodesDir, env: npmEnvOutsideRepo() },
	);
	const installed = path.join(nodesDir, 'node_modules', PACKAGE_NAME, 'package.json');
	if (!fs.existsSync(installed)) throw new Error(`${PACKAGE_NAME} is not in ${nodesDir}/node_modules after npm install`);
	return path.dirname(installed);
}

module.exports = { installCommunityPackage, PACKAGE_NAME };
