'use strict';

// Prints what the e2e run measured (install and execution times, n8n's peak RSS) and removes
// the run's scratch folder.

const fs = require('fs');
const { formatDuration, formatBytes } = require('../../scripts/lib/log');
const { ENV, readMetrics } = require('./state');

module.exports = async function globalTeardown() {
	const dir = process.env[ENV];
	if (!dir) return;
	try {
		printFigures(dir);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
};

function printFigures(dir) {
	const state = JSON.parse(fs.readFileSync(`${dir}/state.json`, 'utf8'));
	const lines = ['', 'Feishu Media e2e figures'];
	for (const major of state.majors) {
		const install = state.installs[major];
		const installed = install.installMs
			? `installed in ${formatDuration(install.installMs)}`
			: 'install reused from cache';
		lines.push(`  n8n ${install.version} on Node ${install.nodeVersion}: ${installed}`);
	}
	lines.push(`  setup (installs + build + pack): ${formatDuration(state.setupMs)}`);
	for (const m of readMetrics(dir)) {
		const rss = m.peakRssBytes ? `, n8n peak RSS ${formatBytes(m.peakRssBytes)}` : '';
		const extra = m.note ? `, ${m.note}` : '';
		lines.push(
			`  n8n ${m.n8n} ${m.workflow}: execute ${formatDuration(m.executeMs)}${rss}${extra}`,
		);
	}
	process.stderr.write(`${lines.join('\n')}\n`);
}
