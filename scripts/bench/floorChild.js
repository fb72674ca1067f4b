'use strict';

// Node.js's own floor for a download (issue 11): the file fetched with plain http.get and handed to
// fs.promises.writeFile, as n8n's filesystem store writes a stream, with none of the node's or
// n8n's layers. Run in a fresh process, as the node's download is; prints ONE JSON line.
// Usage: node floorChild.js <url> <token> <outPath>
const fs = require('fs');
const http = require('http');
const { performance } = require('perf_hooks');

async function main() {
	const [url, token, outPath] = process.argv.slice(2);
	const started = performance.now();
	const response = await new Promise((resolve, reject) =>
		http
			.get(
				url,
				{ headers: { Authorization: `Bearer ${token}`, 'Accept-Encoding': 'identity' } },
				resolve,
			)
			.once('error', reject),
	);
	if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`);
	await fs.promises.writeFile(outPath, response);
	process.stdout.write(`${JSON.stringify({ wallMs: performance.now() - started })}\n`);
}

main().catch((error) => {
	process.stdout.write(`${JSON.stringify({ error: (error && error.stack) || String(error) })}\n`);
	process.exitCode = 1;
});
