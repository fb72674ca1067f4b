'use strict';
// The Open API endpoints beside the media ones (docx blocks, Base records): routing, then in
// order per request: auth, per-app and per-document limits (every authenticated arrival counts),
// scripted answers, auth refusal, limit refusal, a strict JSON body, then the endpoint itself.
const docx = require('./docx');
const bitable = require('./bitable');
const { readJsonObject } = require('./body');

const DOCX = '/open-apis/docx/v1/documents/([A-Za-z0-9_-]+)/blocks/([A-Za-z0-9_-]+)';
const TABLE = '/open-apis/bitable/v1/apps/([A-Za-z0-9_-]+)/tables/([A-Za-z0-9_-]+)';

const ROUTES = [
	{
		method: 'POST',
		pattern: new RegExp(`^${DOCX}/children$`),
		endpoint: 'docx_create_children',
		handler: docx.createChildren,
		body: true,
	},
	{
		method: 'GET',
		pattern: new RegExp(`^${DOCX}/children$`),
		endpoint: 'docx_list_children',
		handler: docx.listChildren,
	},
	{
		method: 'DELETE',
		pattern: new RegExp(`^${DOCX}/children/batch_delete$`),
		endpoint: 'docx_batch_delete',
		handler: docx.batchDelete,
		body: true,
	},
	{
		method: 'PATCH',
		pattern: new RegExp(`^${DOCX}$`),
		endpoint: 'docx_patch_block',
		handler: docx.patchBlock,
		body: true,
	},
	{
		method: 'GET',
		pattern: new RegExp(`^${TABLE}/records/([A-Za-z0-9_-]+)$`),
		endpoint: 'bitable_get_record',
		handler: bitable.getRecord,
	},
	{
		method: 'PUT',
		pattern: new RegExp(`^${TABLE}/records/([A-Za-z0-9_-]+)$`),
		endpoint: 'bitable_update_record',
		handler: bitable.updateRecord,
		body: true,
	},
	{
		method: 'GET',
		pattern: new RegExp(`^${TABLE}/fields$`),
		endpoint: 'bitable_list_fields',
		handler: bitable.listFields,
	},
];

const OPEN_API_ENDPOINTS = Object.freeze(ROUTES.map((route) => route.endpoint));

function paramsOf(endpoint, match) {
	if (endpoint.startsWith('docx_')) return { documentId: match[1], blockId: match[2] };
	return { appToken: match[1], tableId: match[2], recordId: match[3] };
}

/** The Open API route for a request, or null (then the media router decides). */
function matchOpenApi(method, pathname) {
	for (const route of ROUTES) {
		const match = route.pattern.exec(pathname);
		if (match && route.method === method) return { route, params: paramsOf(route.endpoint, match) };
	}
	return null;
}

/** Two writes to one Base table at once: Feishu refuses the second (1254291). */
function tableWriteConflict(ex, core, route, params) {
	if (route.endpoint !== 'bitable_update_record') return false;
	const table = core.bitable.bases.get(params.appToken)?.tables.get(params.tableId);
	if (!table) return false;
	const conflict = table.writing > 0;
	table.writing += 1;
	ex.onRelease(() => {
		table.writing -= 1;
	});
	return conflict;
}

async function handleOpenApi(ex, core, { route, params }) {
	const auth = core.tokens.authenticate(ex.req.headers.authorization);
	ex.appId = auth.appId || null;
	let breach = null;
	if (!auth.code) breach = core.apiLimits.arrive(route.endpoint, auth.appId, params.documentId);
	const conflict = tableWriteConflict(ex, core, route, params);
	const scripted = core.scripts.answer(ex);
	if (scripted) return scripted;
	if (auth.code) return ex.fail(auth.code);
	if (breach) {
		core.stats.recordBreach(ex, breach);
		if (breach.enforced) return ex.fail(99991400, { httpStatus: breach.httpStatus });
	}
	if (conflict) return ex.fail(1254291);
	const query = new URL(ex.req.url, 'http://127.0.0.1').searchParams;
	let body = {};
	if (route.body) {
		const read = await readJsonObject(ex.req);
		if (!read.ok) {
			if (read.reason === 'aborted') return undefined;
			core.debug(ex, read.reason);
			return ex.fail(route.endpoint.startsWith('docx_') ? 1770001 : 1254000);
		}
		body = read.value;
	} else {
		await ex.drain();
	}
	return route.handler(ex, core, params, query, body);
}

module.exports = { matchOpenApi, handleOpenApi, OPEN_API_ENDPOINTS };
