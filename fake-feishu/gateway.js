'use strict';
// What stands in front of the media service, in order, for each upload request:
// fault draw (every arrival), auth, per-app limits (every authenticated arrival counts),
// scripted answers, auth refusal, limit refusal, injected fault, then the endpoint itself.
const { HTTP_500_HTML } = require('./envelope');

function countTowardsRevocation(core) {
	if (!core.revokeTokensAfter || core.revokedByCount) return;
	core.authenticatedUploads += 1;
	if (core.authenticatedUploads >= core.revokeTokensAfter) {
		core.revokedByCount = true;
		core.tokens.revokeAll(); // this request is already in; the next one with an old token is not
	}
}

/** -> true when the fault has answered (or cut) the request, false to go on ('slow'). */
async function applyFault(ex, core, fault) {
	switch (fault) {
		case '1061045':
		case '1061001':
		case '1061006':
			await ex.fail(Number(fault));
			return true;
		case 'http500':
			await ex.sendText(500, 'text/html; charset=utf-8', HTTP_500_HTML);
			return true;
		case 'ratelimit429':
			await ex.fail(99991400, { httpStatus: 429 });
			return true;
		case 'drop':
			await ex.drop();
			return true;
		case 'slow':
			ex.delayMs = core.faults.config.slowMs;
			return false;
		default:
			throw new Error(`unknown fault ${fault}`);
	}
}

async function handleUploadRequest(ex, core, handler) {
	// Drawn for every arrival, so the fault sequence depends only on the order of requests.
	const fault = core.faults.next();
	const auth = core.tokens.authenticate(ex.req.headers.authorization);
	let breach = null;
	ex.appId = auth.appId || null; // also set for a revoked/expired token, for the record only
	ex.openId = auth.openId || null; // the user behind a user token
	if (!auth.code) {
		const admission = core.limiter.arrive(auth.appId);
		ex.onRelease(admission.release);
		breach = admission.breach;
		countTowardsRevocation(core);
	}

	const scripted = core.scripts.answer(ex);
	if (scripted) return scripted;
	if (auth.code) return ex.fail(auth.code);
	if (breach) {
		core.stats.recordBreach(ex, breach);
		if (breach.enforced) return ex.fail(1061045); // Feishu answers limit breaches with HTTP 200
	}
	if (fault) {
		core.stats.faultsInjected += 1;
		ex.fault = fault;
		if (await applyFault(ex, core, fault)) return undefined;
	}
	return handler(ex, core);
}

/**
 * Read endpoints (download, batch_get_tmp_download_url): a valid token, then any scripted
 * answer. They are outside the upload limits and the fault draw.
 */
async function handleAuthenticatedRequest(ex, core, handler) {
	const auth = core.tokens.authenticate(ex.req.headers.authorization);
	ex.appId = auth.appId || null;
	ex.openId = auth.openId || null;
	const scripted = core.scripts.answer(ex);
	if (scripted) return scripted;
	if (auth.code) return ex.fail(auth.code);
	return handler(ex, core);
}

module.exports = { handleUploadRequest, handleAuthenticatedRequest };
