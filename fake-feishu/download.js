'use strict';
// GET /open-apis/drive/v1/medias/:file_token/download: the stored bytes. Supports a single
// "Range: bytes=a-b" (206 + Content-Range), as Feishu does, the `extra` query parameter Base
// attachments need (mediaAccess.js), and scripted cuts (downloadCuts.js). The same sender
// serves the temporary links of batch_get_tmp_download_url.
const fs = require('fs');
const { Readable } = require('stream');
const { readRefusal } = require('./mediaAccess');

/** { start, end } for a satisfiable single range, else null (then the whole file is sent). */
function parseRange(header, total) {
	const match = typeof header === 'string' ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
	if (!match || total === 0 || (match[1] === '' && match[2] === '')) return null;
	let start;
	let end;
	if (match[1] === '') {
		start = Math.max(0, total - Number(match[2])); // suffix range: the last n bytes
		end = total - 1;
	} else {
		start = Number(match[1]);
		end = match[2] === '' ? total - 1 : Math.min(Number(match[2]), total - 1);
	}
	return start <= end && start < total ? { start, end } : null;
}

/** RFC 6266: an ASCII fallback plus the exact UTF-8 name. */
function contentDisposition(fileName) {
	const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
	const encoded = encodeURIComponent(fileName).replace(
		/['()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
	);
	return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** Sends `meta`'s bytes (or the asked range), cut short when a cut is scripted. */
function sendFile(ex, core, meta, { cuttable = true } = {}) {
	const total = meta.size;
	const range = parseRange(ex.req.headers.range, total);
	if (ex.req.headers.range) ex.range = ex.req.headers.range;
	const start = range ? range.start : 0;
	const end = range ? range.end : total - 1;
	const headers = {
		'content-type': 'application/octet-stream',
		'content-disposition': contentDisposition(meta.fileName),
		'content-length': String(end - start + 1),
		'accept-ranges': 'bytes',
	};
	if (range) headers['content-range'] = `bytes ${start}-${end}/${total}`;
	const cutAfter = total === 0 || !cuttable ? null : core.downloadCuts.take();
	if (cutAfter !== null) ex.cut = true;
	const lastSent = cutAfter === null ? end : Math.min(end, start + cutAfter - 1);
	const open = () =>
		total === 0 || lastSent < start
			? Readable.from([])
			: fs.createReadStream(meta.path, { start, end: lastSent });
	return ex.sendStream(range ? 206 : 200, headers, open, { cut: cutAfter !== null });
}

async function handleDownload(ex, core, fileToken) {
	await ex.drain();
	const meta = core.files.get(fileToken);
	if (!meta) return ex.fail(1061003);
	const refusal = readRefusal(
		meta,
		new URL(ex.req.url, 'http://127.0.0.1').searchParams.get('extra'),
	);
	if (refusal) return ex.fail(refusal);
	return sendFile(ex, core, meta);
}

module.exports = { handleDownload, sendFile, parseRange, contentDisposition };
