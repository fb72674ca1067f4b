'use strict';

// Headless Chromium from Debian's packages, driven by playwright-core (which downloads no browser).
// Installed with apt-get when missing; the flags keep it off the network, which this machine and CI lack:
// without them Chromium keeps opening background connections that are refused.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium, selectors } = require('playwright-core');
const { run } = require('../lib/proc');
const { log } = require('../lib/log');

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** apt-get install chromium when /usr/bin/chromium is missing (root on this machine and CI). */
async function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return;
	log('chromium is missing: apt-get install -y chromium (Debian package)');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	await run('apt-get', ['update', '-qq'], { env, timeoutMs: 10 * 60_000 });
	await run('apt-get', ['install', '-y', '-qq', 'chromium'], { env, timeoutMs: 20 * 60_000 });
	if (!fs.existsSync(CHROMIUM)) throw new Error(`apt-get install chromium left no ${CHROMIUM}`);
}

/**
 * A persistent context on a fresh profile folder (Chromium's --user-data-dir), removed on close.
 * Resolves { context, close() }.
 */
async function launchBrowser({ viewport = { width: 1440, height: 900 } } = {}) {
	await ensureChromium();
	// n8n's editor marks its elements with data-test-id, not Playwright's default data-testid.
	selectors.setTestIdAttribute('data-test-id');
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'feishu-media-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: FLAGS,
		viewport,
		deviceScaleFactor: 1,
		locale: 'en-US',
		timezoneId: 'UTC',
	});
	return {
		context,
		async close() {
			await context.close().catch(() => {});
			fs.rmSync(profile, { recursive: true, force: true });
		},
	};
}

module.exports = { launchBrowser, ensureChromium, CHROMIUM };
