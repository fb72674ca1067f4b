'use strict';

// What globalSetup prepared (installs, tarball) and what the tests measured, shared through
// a small folder whose path travels in an environment variable (workers inherit it).

const fs = require('fs');
const path = require('path');

const ENV = 'FEISHU_E2E_STATE_DIR';

/** n8n majors to test: FEISHU_E2E_N8N="1", "2" or "1,2" (default). */
function selectedMajors() {
	const text = process.env.FEISHU_E2E_N8N || '1,2';
	const majors = text.split(',').map((s) => Number(s.trim()));
	if (!majors.length || majors.some((m) => m !== 1 && m !== 2))
		throw new Error(`FEISHU_E2E_N8N must list 1 and/or 2, got "${text}"`);
	return majors;
}

function stateDir() {
	const dir = process.env[ENV];
	if (!dir)
		throw new Error(
			`${ENV} is not set: run with -c test/e2e/jest.e2e.config.js (its globalSetup prepares n8n)`,
		);
	return dir;
}

function readState() {
	return JSON.parse(fs.readFileSync(path.join(stateDir(), 'state.json'), 'utf8'));
}

function writeState(dir, state) {
	fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify(state, null, 2));
}

/** One measurement, e.g. { n8n: '2.40.7', workflow: 'large', executeMs, peakRssBytes }. */
function recordMetric(metric) {
	fs.appendFileSync(path.join(stateDir(), 'metrics.jsonl'), `${JSON.stringify(metric)}\n`);
}

function readMetrics(dir) {
	const file = path.join(dir, 'metrics.jsonl');
	if (!fs.existsSync(file)) return [];
	return fs
		.readFileSync(file, 'utf8')
		.trim()
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line));
}

module.exports = { ENV, selectedMajors, readState, writeState, recordMetric, readMetrics };
