'use strict';

// A tiny HTTP forward proxy on loopback, for checking that n8n sends the node's requests through
// HTTP_PROXY. It handles what an http:// target gets from a proxy-aware client: requests whose
// target is an absolute URI ("POST http://127.0.0.1:PORT/open-apis/... HTTP/1.1"). It forwards
// only to loopback targets and records every request it forwards.

const http = require('http');

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Resolves { url, requests: [{ method, url, status }], close() }. */
function startForwardProxy() {
	const requests = [];
	const server = http.createServer((req, res) => {
		let target;
		try {
			target = new URL(req.url); // a relative URL throws: this is not an absolute-URI request
		} catch {
			target = null;
		}
		if (!target || target.protocol !== 'http:' || !LOOPBACK.has(target.hostname)) {
			requests.push({ method: req.method, url: req.url, status: 400, refused: true });
			res
				.writeHead(400, { 'content-type': 'text/plain' })
				.end('forward proxy: only absolute http:// loopback targets');
			return;
		}
		const record = { method: req.method, url: target.href, status: null };
		requests.push(record);
		const headers = { ...req.headers, host: target.host };
		delete headers['proxy-connection'];
		delete headers['proxy-authorization'];
		const upstream = http.request(target, { method: req.method, headers }, (answer) => {
			record.status = answer.statusCode;
			res.writeHead(answer.statusCode, answer.headers);
			answer.pipe(res);
		});
		upstream.on('error', () => {
			if (!res.headersSent) res.writeHead(502).end();
			else res.destroy();
		});
		// The client hanging up ends the forwarded request too.
		res.on('close', () => {
			if (!res.writableFinished) upstream.destroy();
		});
		req.pipe(upstream);
	});
	// A CONNECT (https tunnel) would mean the client did not use plain forwarding: record and refuse it.
	server.on('connect', (req, socket) => {
		requests.push({ method: 'CONNECT', url: req.url, status: 405, refused: true });
		socket.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n');
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			resolve({
				url: `http://127.0.0.1:${port}`,
				requests,
				close: () =>
					new Promise((done) => {
						server.close(() => done());
						server.closeAllConnections();
					}),
			});
		});
	});
}

module.exports = { startForwardProxy };
