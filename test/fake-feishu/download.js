'use strict';
// GET /open-apis/drive/v1/medias/:file_token/download: the stored bytes, so demos can show
// what arrived. Supports a single "Range: bytes=a-b" (206), as Feishu does.
const fs = require('fs');

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
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

async function handleDownload(ex, core, fileToken) {
  await ex.drain();
  const meta = core.files.get(fileToken);
  if (!meta) return ex.fail(1061003);
  const total = meta.size;
  const range = parseRange(ex.req.headers.range, total);
  const start = range ? range.start : 0;
  const end = range ? range.end : total - 1;
  const headers = {
    'content-type': 'application/octet-stream',
    'content-disposition': contentDisposition(meta.fileName),
    'content-length': String(end - start + 1),
    'accept-ranges': 'bytes',
  };
  if (range) headers['content-range'] = `bytes ${start}-${end}/${total}`;
  return ex.sendStream(range ? 206 : 200, headers, () =>
    total === 0 ? fs.createReadStream(meta.path) : fs.createReadStream(meta.path, { start, end }),
  );
}

module.exports = { handleDownload, parseRange, contentDisposition };
