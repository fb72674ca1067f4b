'use strict';

// `npm run demo` exports npm's settings to child processes as npm_config_* variables, the
// repo's .npmrc included (ignore-scripts=true). Installs in other folders (the n8n cache, an
// n8n user folder) must behave as if run by hand there, so the repo's own settings and the
// run's package/lifecycle variables are dropped. Settings the user gave npm are kept.

const fs = require('fs');
const path = require('path');
const { repoRoot } = require('./paths');

function repoNpmrcKeys() {
	let text = '';
	try {
		text = fs.readFileSync(path.join(repoRoot, '.npmrc'), 'utf8');
	} catch {
		return [];
	}
	return text
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line && !line.startsWith('#') && !line.startsWith(';') && line.includes('='))
		.map((line) =>
			`npm_config_${line.slice(0, line.indexOf('=')).trim().replace(/-/g, '_')}`.toLowerCase(),
		);
}

function npmEnvOutsideRepo(base = process.env) {
	const drop = new Set([...repoNpmrcKeys(), 'npm_config_local_prefix']);
	const env = {};
	for (const [key, value] of Object.entries(base)) {
		if (drop.has(key.toLowerCase()) || /^npm_(package|lifecycle)_/i.test(key)) continue;
		env[key] = value;
	}
	return env;
}

module.exports = { npmEnvOutsideRepo };
