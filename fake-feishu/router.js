'use strict';
// Maps each incoming request to its handler. Unknown paths and wrong methods get a 404
// Feishu envelope (1061003); anything unexpected inside a handler becomes 1061001.
const { handleAdmin } = require('./admin');
const { handleToken } = require('./tokenEndpoint');
const { handleUploadRequest, handleAuthenticatedRequest } = require('./gateway');
const { handleUploadAll } = require('./uploadAll');
const { handlePrepare, handlePart, handleFinish } = require('./blockUpload');
const { handleDownload } = require('./download');
const { handleBatchTmpUrls, handleTmpLink, TMP_PATH } = require('./tmpDownloadUrls');
const { matchOpenApi, handleOpenApi } = require('./openApi');
const { handleAuthorize, handleOAuthToken } = require('./oauthEndpoints');
const { handleCreateImport, handleGetImport, routeImport } = require('./importTasks');

const POST_ROUTES = {
	'/open-apis/auth/v3/tenant_access_token/internal': 'token',
	'/open-apis/authen/v2/oauth/token': 'oauth_token',
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
const TMP_URLS_PATH = '/open-apis/drive/v1/medias/batch_get_tmp_download_url';
// Feishu serves this page on its accounts host; the fake serves everything on one origin.
const AUTHORIZE_PATH = '/open-apis/authen/v1/authorize';

function route(method, pathname) {
	const imports = routeImport(method, pathname);
	if (imports) return imports;
	if (pathname === AUTHORIZE_PATH)
		return { endpoint: method === 'GET' ? 'authorize' : 'not_found' };
	if (pathname === TMP_URLS_PATH)
		return { endpoint: method === 'GET' ? 'batch_get_tmp_download_url' : 'not_found' };
	if (POST_ROUTES[pathname])
		return { endpoint: method === 'POST' ? POST_ROUTES[pathname] : 'not_found' };
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
		if (pathname === '/__fake' || pathname.startsWith('/__fake/'))
			return handleAdmin(req, res, api, pathname);
		const tmpLink = TMP_PATH.exec(pathname);
		if (tmpLink) return handleTmpLink(req, res, core, tmpLink[1]);
		const openApi = matchOpenApi(req.method, pathname);
		if (openApi) {
			const apiEx = core.newExchange(req, res, openApi.route.endpoint);
			return handleOpenApi(apiEx, core, openApi).catch(async (err) => {
				core.logError(err);
				if (!apiEx.answered) await apiEx.fail(1061001);
			});
		}

		const { endpoint, fileToken, ticket } = route(req.method, pathname);
		const ex = core.newExchange(req, res, endpoint);
		try {
			if (endpoint === 'token') return await handleToken(ex, core);
			if (endpoint === 'authorize')
				return await handleAuthorize(ex, core, new URL(req.url, 'http://127.0.0.1'));
			if (endpoint === 'oauth_token') return await handleOAuthToken(ex, core);
			if (endpoint === 'download')
				return await handleAuthenticatedRequest(ex, core, () =>
					handleDownload(ex, core, fileToken),
				);
			if (endpoint === 'batch_get_tmp_download_url')
				return await handleAuthenticatedRequest(ex, core, () => handleBatchTmpUrls(ex, core));
			if (endpoint === 'import_tasks')
				return await handleAuthenticatedRequest(ex, core, () => handleCreateImport(ex, core));
			if (endpoint === 'import_task_get')
				return await handleAuthenticatedRequest(ex, core, () => handleGetImport(ex, core, ticket));
			if (UPLOAD_HANDLERS[endpoint])
				return await handleUploadRequest(ex, core, UPLOAD_HANDLERS[endpoint]);
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
