'use strict';
// HTTP control under /__fake/ for other processes (demo and end-to-end scripts run n8n
// separately): the same operations as the in-process API, as plain JSON.
const fs = require('fs');
const { pipeline } = require('stream');

function sendJson(res, status, body) {
	const payload = Buffer.from(JSON.stringify(body));
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': payload.length,
	});
	res.end(payload);
}

/** Admin bodies are lenient JSON (curl -d without a content type is fine); empty means {}. */
async function readBody(req) {
	const chunks = [];
	for await (const chunk of req) chunks.push(chunk);
	const text = Buffer.concat(chunks).toString('utf8').trim();
	if (text === '') return {};
	const value = JSON.parse(text);
	if (value === null || typeof value !== 'object' || Array.isArray(value))
		throw new TypeError('body must be a JSON object');
	return value;
}

const POST_ACTIONS = {
	'/__fake/script': (api, body) => api.script(body),
	'/__fake/faults': (api, body) => api.setFaults(body),
	'/__fake/cut-downloads': (api, body) => api.cutDownloads(body),
	'/__fake/expire-tmp-urls': (api) => api.expireTmpUrls(),
	'/__fake/revoke-tokens': (api) => api.revokeAllTokens(),
	'/__fake/expire-upload-ids': (api) => api.expireUploadIds(),
	'/__fake/parent-nodes': (api, body) => api.addParentNode(body.parentType, body.token),
	'/__fake/apps': (api, body) => api.addApp(body.appId, body.appSecret),
	'/__fake/import-plan': (api, body) => api.planImports(body),
	'/__fake/import-folders': (api, body) => api.addImportFolder(body.token),
	'/__fake/expire-import-staging': (api) => api.expireImportStaging(),
	'/__fake/reset': (api) => api.reset(),
	'/__fake/docx/documents': (api, body) => api.addDocument(body.documentId, body.title),
	'/__fake/bitable/bases': (api, body) => api.addBase(body),
	'/__fake/oauth/redirect-uris': (api, body) => api.addRedirectUri(body.appId, body.uri),
	'/__fake/oauth/config': (api, body) => api.configureOAuth(body),
	'/__fake/oauth/expire-user-tokens': (api) => api.expireUserTokens(),
	'/__fake/oauth/revoke-refresh-tokens': (api) => api.revokeRefreshTokens(),
};

async function handleAdmin(req, res, api, pathname) {
	try {
		if (req.method === 'POST' && POST_ACTIONS[pathname]) {
			const body = await readBody(req);
			POST_ACTIONS[pathname](api, body);
			return sendJson(res, 200, { ok: true });
		}
		if (req.method === 'GET') {
			if (pathname === '/__fake/files') return sendJson(res, 200, [...api.files.values()]);
			if (pathname === '/__fake/stats') return sendJson(res, 200, api.stats());
			if (pathname === '/__fake/parent-nodes') return sendJson(res, 200, api.parentNodes());
			if (pathname === '/__fake/oauth') return sendJson(res, 200, api.oauthState());
			if (pathname === '/__fake/imports') return sendJson(res, 200, api.imports());
			const doc = /^\/__fake\/docx\/documents\/([A-Za-z0-9]+)$/.exec(pathname);
			if (doc)
				return sendJson(
					res,
					api.document(doc[1]) ? 200 : 404,
					api.document(doc[1]) || { ok: false, error: 'no such document' },
				);
			const rec =
				/^\/__fake\/bitable\/bases\/([A-Za-z0-9]+)\/tables\/([A-Za-z0-9]+)\/records\/([A-Za-z0-9]+)$/.exec(
					pathname,
				);
			if (rec)
				return sendJson(
					res,
					api.record(rec[1], rec[2], rec[3]) ? 200 : 404,
					api.record(rec[1], rec[2], rec[3]) || { ok: false, error: 'no such record' },
				);
			const match = /^\/__fake\/files\/([^/]+)(\/content)?$/.exec(pathname);
			if (match) {
				const meta = api.files.get(decodeURIComponent(match[1]));
				if (!meta) return sendJson(res, 404, { ok: false, error: 'no such file_token' });
				if (!match[2]) return sendJson(res, 200, meta);
				res.writeHead(200, {
					'content-type': 'application/octet-stream',
					'content-length': String(meta.size),
				});
				return pipeline(fs.createReadStream(meta.path), res, () => {}); // a vanished file just cuts the answer
			}
		}
		req.resume();
		return sendJson(res, 404, { ok: false, error: `no admin route ${req.method} ${pathname}` });
	} catch (err) {
		req.resume();
		return sendJson(res, 400, { ok: false, error: err.message });
	}
}

module.exports = { handleAdmin };
