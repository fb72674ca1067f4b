'use strict';
// Feishu's per-app limits on the Open APIs beside the media endpoints, each family counted on its
// own over a sliding window: docx block calls 3/s per app (HTTP 400, code 99991400) and 3 edits/s
// per document (HTTP 429); Base record update 50/s, record get and field list 20/s per app.
// Every arrival counts, refused ones too. A breach is recorded; with rateLimit: false it is let through.

const LIMITS = Object.freeze({
	docx_create_children: { family: 'docx', perSecond: 3 },
	docx_patch_block: { family: 'docx', perSecond: 3 },
	docx_batch_delete: { family: 'docx', perSecond: 3 },
	docx_list_children: { family: 'docx', perSecond: 3 },
	bitable_update_record: { family: 'bitable_update_record', perSecond: 50 },
	bitable_get_record: { family: 'bitable_get_record', perSecond: 20 },
	bitable_list_fields: { family: 'bitable_list_fields', perSecond: 20 },
});
const DOCUMENT_EDITS_PER_SECOND = 3;
const WINDOW_MS = 1000;

class ApiLimits {
	constructor({ enforce = true } = {}) {
		this.enforce = enforce;
		this.reset();
	}

	reset() {
		this.windows = new Map(); // key -> arrival times within the window
	}

	count(key, now) {
		const recent = (this.windows.get(key) || []).filter((t) => t > now - WINDOW_MS);
		recent.push(now);
		this.windows.set(key, recent);
		return recent.length;
	}

	/**
	 * One arrival at `endpoint` for `appId` (and, for document edits, `documentId`).
	 * -> null, or { reason: 'rate' | 'document', enforced, httpStatus }
	 */
	arrive(endpoint, appId, documentId, now = Date.now()) {
		const limit = LIMITS[endpoint];
		if (!limit) return null;
		let breach = null;
		if (this.count(`${appId}|${limit.family}`, now) > limit.perSecond)
			breach = { reason: 'rate', httpStatus: 400 };
		const edit = documentId && endpoint !== 'docx_list_children';
		if (edit && this.count(`doc|${documentId}`, now) > DOCUMENT_EDITS_PER_SECOND && !breach)
			breach = { reason: 'document', httpStatus: 429 };
		return breach && { ...breach, enforced: this.enforce };
	}
}

module.exports = { ApiLimits, API_LIMITS: LIMITS };
