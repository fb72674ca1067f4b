'use strict';
// GET /open-apis/drive/v1/medias/batch_get_tmp_download_url?file_tokens=a&file_tokens=b: up to 5
// tokens a call (the parameter repeated, as Feishu's SDKs send it), optional `extra` (same rule
// as download). Answers data.tmp_download_urls [{file_token, tmp_download_url}] for the tokens it
// can serve; a token it cannot (unknown, or a guarded Base attachment without the right extra)
// is left out of the list, not an error for the whole call. Links live 24 h (option tmpUrlTtlMs)
// and are served without a token by GET /tmp-download/:code, here on the fake itself.
const crypto = require('crypto');
const { readRefusal } = require('./mediaAccess');
const { sendFile } = require('./download');
const { parseJsonObject } = require('./validate');

const MAX_TOKENS = 5;
const TMP_PATH = /^\/tmp-download\/([A-Za-z0-9_-]+)$/;

class TmpLinks {
	constructor(ttlMs) {
		this.ttlMs = ttlMs;
		this.links = new Map(); // code -> { fileToken, expiresAt }
	}

	issue(fileToken) {
		const code = crypto.randomBytes(18).toString('base64url');
		this.links.set(code, { fileToken, expiresAt: Date.now() + this.ttlMs });
		return code;
	}

	get(code) {
		return this.links.get(code);
	}

	expireAll() {
		for (const link of this.links.values()) link.expiresAt = 0;
	}

	clear() {
		this.links.clear();
	}
}

async function handleBatchTmpUrls(ex, core) {
	await ex.drain();
	const params = new URL(ex.req.url, 'http://127.0.0.1').searchParams;
	const tokens = params.getAll('file_tokens');
	if (tokens.length === 0 || tokens.length > MAX_TOKENS || tokens.some((t) => t === ''))
		return ex.fail(1061002);
	const extraText = params.get('extra');
	if (extraText !== null && parseJsonObject(extraText) === null) return ex.fail(1061002);
	const origin = `http://${ex.req.headers.host}`;
	const answered = new Set();
	const urls = [];
	for (const fileToken of tokens) {
		const meta = core.files.get(fileToken);
		if (answered.has(fileToken)) continue;
		if (meta) {
			if (readRefusal(meta, extraText)) continue;
			answered.add(fileToken);
			urls.push({
				file_token: fileToken,
				tmp_download_url: `${origin}/tmp-download/${core.tmpLinks.issue(fileToken)}`,
			});
		}
	}
	return ex.ok({ tmp_download_urls: urls });
}

/** GET /tmp-download/:code: the file's bytes (Range too), no token; 403 once expired, 404 unknown. */
async function handleTmpLink(req, res, core, code) {
	req.resume();
	const link = core.tmpLinks.get(code);
	const meta = link && core.files.get(link.fileToken);
	const refuse = (status, text) => {
		res.writeHead(status, {
			'content-type': 'text/plain; charset=utf-8',
			'content-length': Buffer.byteLength(text),
		});
		res.end(text);
	};
	if (!link || !meta || req.method !== 'GET') return refuse(404, 'no such link\n');
	if (Date.now() >= link.expiresAt) return refuse(403, 'this link has expired\n');
	const ex = core.newExchange(req, res, 'tmp_download');
	return sendFile(ex, core, meta, { cuttable: false });
}

module.exports = { handleBatchTmpUrls, handleTmpLink, TmpLinks, TMP_PATH, MAX_TOKENS };
