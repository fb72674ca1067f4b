'use strict';
// Scripted cuts: "the next K downloads stop after N bytes of body", the connection then closed
// mid-file, so a client's resume (Range: bytes=N-) can be tested at a precise byte.

class DownloadCuts {
	constructor() {
		this.entries = [];
	}

	add({ afterBytes, times = 1 } = {}) {
		if (!Number.isSafeInteger(afterBytes) || afterBytes < 0)
			throw new TypeError('cut afterBytes must be a non-negative integer');
		if (!Number.isInteger(times) || times < 1)
			throw new TypeError('cut times must be a positive integer');
		this.entries.push({ afterBytes, remaining: times });
	}

	/** Bytes of body the next download may send before its connection is cut, or null. */
	take() {
		const entry = this.entries[0];
		if (!entry) return null;
		entry.remaining -= 1;
		if (entry.remaining === 0) this.entries.shift();
		return entry.afterBytes;
	}

	clear() {
		this.entries = [];
	}
}

module.exports = { DownloadCuts };
