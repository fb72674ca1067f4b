'use strict';
// Maps each incoming request to its handler. Unknown paths and wrong methods get a 404
// Feishu envelope (1061003); anything unexpected inside a handler becomes 1061001.
const { handleAdmin } = require('./admin');
const { handleToken } = require('./tokenEndpoint');
const { handleUploadRequest, handleAuthenticatedRequest } = require('./gateway');
const { handleUploadAll } = require('./uploadAll');
const { handlePrepare, handlePart, handleFinish } = require('./blockUpload');
const { handleDownload } = require('./download');

const POST_ROUTES = {
  '/open-apis/auth/v3/tenant_access_token/internal': 'token',
  '/open-apis/drive/v1/medias/upload_all': 'upload_all',
  '/open-apis/drive/v1/medias/upload_prepare': 'upload_prepare',
  '/open-apis/drive/v1/medias/upload_part': 'upload_part',
  '/open-apis/drive/v1/medias/upload_finish': 'upload_finish',
};
const UPLOAD_HANDLERS = {
  upload_all: handleUploadAll,
  upload_prepare: handlePrepare,
  upload_part: handlePart,
  upload_finish: handleFinish,
};
const DOWNLOAD_PATH = /^\/open-apis\/drive\/v1\/medias\/([^/]+)\/download$/;

function route(method, pathname) {
  if (POST_ROUTES[pathname]) return { endpoint: method === 'POST' ? POST_ROUTES[pathname] : 'not_found' };
  const match = DOWNLOAD_PATH.exec(pathname);
  if (match && method === 'GET') {
    try {
      return { endpoint: 'download', fileToken: decodeURIComponent(match[1]) };
    } catch {
      return { endpoint: 'not_found' };
    }
  }
  return { endpoint: 'not_found' };
}

function pathOf(url) {
  try {
    return new URL(url, 'http://127.0.0.1').pathname;
  } catch {
    return '/';
  }
}

function createRequestHandler(core, api) {
  async function dispatch(req, res) {
    const pathname = pathOf(req.url);
    if (pathname === '/__fake' || pathname.startsWith('/__fake/')) return handleAdmin(req, res, api, pathname);

    const { endpoint, fileToken } = route(req.method, pathname);
    const ex = core.newExchange(req, res, endpoint);
    try {
      if (endpoint === 'token') return await handleToken(ex, core);
      if (endpoint === 'download') return await handleAuthenticatedRequest(ex, core, () => handleDownload(ex, core, fileToken));
      if (UPLOAD_HANDLERS[endpoint]) return await handleUploadRequest(ex, core, UPLOAD_HANDLERS[endpoint]);
      return await ex.fail(1061003);
    } catch (err) {
      core.logError(err);
      if (!ex.answered) await ex.fail(1061001);
      return undefined;
    }
  }

  return function onRequest(req, res) {
    dispatch(req, res).catch((err) => {
      core.logError(err);
      if (!res.headersSent) res.destroy();
    });
  };
}

module.exports = { createRequestHandler, route };
