'use strict';
// POST /open-apis/auth/v3/tenant_access_token/internal: the token sits at the top level
// (not under data) and the success msg is "ok".
const { readJsonObject } = require('./body');

const nonEmptyText = (value) => typeof value === 'string' && value !== '';

async function handleToken(ex, core) {
	const scripted = core.scripts.answer(ex);
	if (scripted) return scripted;
	const body = await readJsonObject(ex.req);
	if (!body.ok) {
		core.debug(ex, body.reason);
		return ex.fail(10003);
	}
	const { app_id: appId, app_secret: appSecret } = body.value;
	if (!nonEmptyText(appId) || !nonEmptyText(appSecret)) return ex.fail(10003);
	if (core.tokens.hasApp(appId)) ex.appId = appId;
	const result = core.tokens.request(appId, appSecret);
	if (result.code) return ex.fail(result.code);
	if (result.minted) core.stats.tokensIssued.push(result.token);
	return ex.sendJson(
		200,
		{ code: 0, msg: 'ok', tenant_access_token: result.token, expire: result.expire },
		undefined,
		0,
	);
}

module.exports = { handleToken };
