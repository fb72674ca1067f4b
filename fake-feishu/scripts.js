'use strict';
// Scripted answers: "the next N requests to endpoint X get code Y", for tests that need
// a precise failure at a precise moment. Consumed first-in first-out per endpoint.
const { isKnownCode } = require('./errorCodes');

const SCRIPTABLE_ENDPOINTS = Object.freeze([
	'upload_all',
	'upload_prepare',
	'upload_part',
	'upload_finish',
	'token',
	'download',
	'batch_get_tmp_download_url',
	// Open API endpoints (openApi.js)
	'docx_create_children',
	'docx_patch_block',
	'docx_batch_delete',
	'docx_list_children',
	'bitable_get_record',
	'bitable_update_record',
	'bitable_list_fields',
	'import_tasks',
	'import_task_get',
]);

class ScriptQueue {
	constructor() {
		this.entries = [];
	}

	/** `after`: that many requests to the endpoint pass first (to fail the 5th item, say). */
	add({ endpoint, code, times = 1, httpStatus, after = 0 } = {}) {
		if (!SCRIPTABLE_ENDPOINTS.includes(endpoint)) {
			throw new RangeError(`script endpoint must be one of ${SCRIPTABLE_ENDPOINTS.join(', ')}`);
		}
		if (!Number.isInteger(code) || code === 0)
			throw new TypeError('script code must be a non-zero integer Feishu code');
		if (!Number.isInteger(times) || times < 1)
			throw new TypeError('script times must be a positive integer');
		if (
			httpStatus !== undefined &&
			!(Number.isInteger(httpStatus) && httpStatus >= 200 && httpStatus <= 599)
		) {
			throw new TypeError('script httpStatus must be an HTTP status code');
		}
		// A code outside the table has no documented status: make the caller say which.
		if (!isKnownCode(code) && httpStatus === undefined) {
			throw new RangeError(`code ${code} is not in the error table; pass httpStatus too`);
		}
		if (!Number.isInteger(after) || after < 0)
			throw new TypeError('script after must be a non-negative integer');
		this.entries.push({ endpoint, code, remaining: times, httpStatus, after });
	}

	/** The scripted answer for this request, if any: { code, httpStatus }. */
	take(endpoint) {
		const entry = this.entries.find((e) => e.endpoint === endpoint);
		if (!entry) return null;
		if (entry.after > 0) {
			entry.after -= 1;
			return null;
		}
		entry.remaining -= 1;
		if (entry.remaining === 0) this.entries.splice(this.entries.indexOf(entry), 1);
		return { code: entry.code, httpStatus: entry.httpStatus };
	}

	/** Answers the exchange with its endpoint's scripted answer, if one is due: -> that answer's promise, or null. */
	answer(ex) {
		const scripted = this.take(ex.endpoint);
		if (!scripted) return null;
		ex.scripted = true;
		return ex.fail(scripted.code, { httpStatus: scripted.httpStatus });
	}

	clear() {
		this.entries = [];
	}
}

module.exports = { ScriptQueue, SCRIPTABLE_ENDPOINTS };
