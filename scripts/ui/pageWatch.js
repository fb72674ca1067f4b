'use strict';

// Watches what the editor page reports while the walk runs. Two things fail the test:
// - a console error or uncaught page error that comes from this package (its name, its
//   node or credential type, its icon) and is about the n8n under test, not an outside host;
// - an answer of n8n's REST API with status 5xx: the server broke on something the editor asked.
// Everything else (n8n's own calls to its cloud services, refused on this offline machine,
// licence-gated features) is printed as seen, not judged.

// The package's name (icon and file URLs), its node type and its credential type; not bare "feishu",
// which the example workflows' ids contain too.
const PACKAGE_HINT = /n8n-nodes-feishu-media|\.feishuMedia\b|feishuMediaApi/;

function watchPage(page, baseUrl) {
	const packageErrors = [];
	const serverErrors = [];
	const otherErrors = [];
	const isLocal = (url) => !url || url.startsWith(baseUrl) || url.startsWith('data:');

	page.on('console', (message) => {
		if (message.type() !== 'error') return;
		const url = message.location().url || '';
		const text = message.text();
		const entry = `console error: ${text.split('\n')[0]} (${url || 'no location'})`;
		// "Failed to load resource" names no URL in its text; the location holds the URL that failed.
		const outside = /^https?:/.test(url) && !isLocal(url) && /Failed to load resource/.test(text);
		if (PACKAGE_HINT.test(`${text} ${url}`) && !outside) packageErrors.push(entry);
		else otherErrors.push(entry);
	});
	page.on('pageerror', (error) => {
		const entry = `page error: ${error.message}`;
		if (PACKAGE_HINT.test(`${error.message} ${error.stack || ''}`)) packageErrors.push(entry);
		else otherErrors.push(entry);
	});
	page.on('response', async (response) => {
		const url = response.url();
		if (response.status() < 500 || !url.startsWith(`${baseUrl}/rest/`)) return;
		const body = await response.text().catch(() => '');
		serverErrors.push(
			`${response.request().method()} ${url.slice(baseUrl.length)} answered ${response.status()}: ${body.slice(0, 200)}`,
		);
	});

	return { packageErrors, serverErrors, otherErrors };
}

module.exports = { watchPage };
