'use strict';

// Installs the packed tarball into an n8n user folder the way the README tells users to:
// `npm install --prefix <user folder>/.n8n/nodes --omit=peer <tarball>`. n8n loads every
// n8n-nodes-* folder from .n8n/nodes/node_modules at startup.

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
	fs.mkdirSync(userFolder, { recursive: true });
	log(`installing ${path.basename(tarball)} into ${nodesDir}`);
	await run(
		'npm',
		[
			'install',
			'--prefix',
			nodesDir,
			'--omit=peer',
			tarball,
			'--prefer-offline',
			'--no-audit',
			'--no-fund',
			'--no-update-notifier',
		],
		{ cwd: userFolder, env: npmEnvOutsideRepo() },
	);
	const installed = path.join(nodesDir, 'node_modules', PACKAGE_NAME, 'package.json');
	if (!fs.existsSync(installed))
		throw new Error(`${PACKAGE_NAME} is not in ${nodesDir}/node_modules after npm install`);
	return path.dirname(installed);
}

module.exports = { installCommunityPackage, PACKAGE_NAME };
