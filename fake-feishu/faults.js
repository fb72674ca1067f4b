'use strict';
// Seeded, repeatable fault injection: one decision per arriving upload request, in arrival
// order, from a mulberry32 stream, so the same seed replays the same sequence of faults.

const FAULT_KINDS = Object.freeze([
	'1061045',
	'1061001',
	'1061006',
	'http500',
	'ratelimit429',
	'drop',
	'slow',
]);

/** mulberry32: tiny 32-bit PRNG, good enough for picking faults and fully determined by its seed. */
function mulberry32(seed) {
	let state = seed >>> 0;
	return function next() {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

class FaultInjector {
	constructor(config) {
		this.configure(config);
	}

	/** Each call defines the whole configuration (missing fields take defaults) and restarts the seed. */
	configure({ rate = 0, seed = 1, kinds = FAULT_KINDS, slowMs = 1500 } = {}) {
		if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))
			throw new RangeError('faults.rate must be a number in [0, 1]');
		if (!Number.isInteger(seed)) throw new TypeError('faults.seed must be an integer');
		if (!Array.isArray(kinds) || kinds.length === 0)
			throw new TypeError('faults.kinds must be a non-empty array');
		const names = kinds.map(String);
		const unknown = names.filter((k) => !FAULT_KINDS.includes(k));
		if (unknown.length)
			throw new RangeError(
				`unknown fault kinds: ${unknown.join(', ')} (known: ${FAULT_KINDS.join(', ')})`,
			);
		if (!Number.isInteger(slowMs) || slowMs < 0)
			throw new TypeError('faults.slowMs must be a non-negative integer');
		this.config = { rate, seed, kinds: names, slowMs };
		this.random = mulberry32(seed);
	}

	/** The fault for the next arriving upload request, or null. */
	next() {
		if (this.config.rate <= 0) return null;
		if (this.random() >= this.config.rate) return null;
		const kinds = this.config.kinds;
		return kinds[Math.floor(this.random() * kinds.length)];
	}
}

module.exports = { FaultInjector, FAULT_KINDS, mulberry32 };
