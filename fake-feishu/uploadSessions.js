'use strict';
// Open block uploads (upload_id -> what was prepared and which blocks arrived).
const crypto = require('crypto');

class UploadSessions {
	constructor({ blockSize, ttlMs }) {
		this.blockSize = blockSize;
		this.ttlMs = ttlMs;
		this.sessions = new Map();
	}

	/** Feishu's upload ids are long decimal strings (19 digits here). */
	newId() {
		let id;
		do {
			id = `7${crypto.randomInt(1e8, 1e9)}${crypto.randomInt(1e8, 1e9)}`;
		} while (this.sessions.has(id));
		return id;
	}

	create({ appId, openId = null, fileName, parentType, parentNode, extra, size }) {
		const session = {
			uploadId: this.newId(),
			appId,
			openId,
			fileName,
			parentType,
			parentNode,
			extra,
			size,
			blockSize: this.blockSize,
			blockNum: Math.ceil(size / this.blockSize),
			blocks: new Set(),
			expiresAt: Date.now() + this.ttlMs,
			expired: false,
			finishing: false,
		};
		this.sessions.set(session.uploadId, session);
		return session;
	}

	/**
	 * -> { state: 'unknown' } | { state: 'expired', session } | { state: 'open', session }.
	 * An upload being assembled by upload_finish is no longer usable: 'unknown'.
	 */
	lookup(uploadId) {
		const session = this.sessions.get(uploadId);
		if (!session || session.finishing) return { state: 'unknown' };
		if (!session.expired && Date.now() >= session.expiresAt) session.expired = true;
		return { state: session.expired ? 'expired' : 'open', session };
	}

	/** Declared size of block seq: block_size for all but the last, the remainder for the last. */
	expectedBlockSize(session, seq) {
		return seq < session.blockNum - 1
			? session.blockSize
			: session.size - session.blockSize * (session.blockNum - 1);
	}

	/** Mark every open upload expired; -> their ids (so their blocks can be deleted). */
	expireAll() {
		const ids = [];
		for (const session of this.sessions.values()) {
			if (!session.expired && !session.finishing) {
				session.expired = true;
				ids.push(session.uploadId);
			}
		}
		return ids;
	}

	delete(uploadId) {
		this.sessions.delete(uploadId);
	}

	clear() {
		this.sessions.clear();
	}
}

module.exports = { UploadSessions };
