'use strict';
// Reading small JSON request bodies (token, upload_prepare, upload_finish), bounded.

const JSON_BODY_LIMIT = 1024 * 1024;

function isJsonContentType(header) {
	return typeof header === 'string' && /^application\/json\s*(;|$)/i.test(header.trim());
}

/**
 * -> { ok: true, value } for a JSON object body sent as application/json, else { ok: false, reason }.
 * Reads the whole body either way, so the caller can answer at once.
 */
function readJsonObject(req, limit = JSON_BODY_LIMIT) {
	return new Promise((resolve) => {
		const chunks = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > limit) tooLarge = true;
			else chunks.push(chunk);
		});
		// A client that hangs up never sends 'end'; the promise is settled by whichever comes first.
		req.once('error', () => resolve({ ok: false, reason: 'aborted' }));
		req.once('close', () => resolve({ ok: false, reason: 'aborted' }));
		req.once('end', () => {
			if (!isJsonContentType(req.headers['content-type']))
				return resolve({ ok: false, reason: 'content-type is not application/json' });
			if (tooLarge) return resolve({ ok: false, reason: 'body too large' });
			let value;
			try {
				value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
			} catch {
				return resolve({ ok: false, reason: 'body is not JSON' });
			}
			if (value === null || typeof value !== 'object' || Array.isArray(value))
				return resolve({ ok: false, reason: 'body is not a JSON object' });
			resolve({ ok: true, value });
		});
	});
}

module.exports = { readJsonObject, isJsonContentType };
