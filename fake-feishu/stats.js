'use strict';
// What happened, for tests to assert on: every answered request, every limit breach,
// every token minted, how many faults were injected.

class Stats {
	constructor() {
		this.reset();
	}

	reset() {
		this.breaches = [];
		this.requests = [];
		this.tokensIssued = [];
		this.faultsInjected = 0;
	}

	/** A limit this request breached; `reason` names the limit, `enforced` false when it was let through. */
	recordBreach(ex, { reason, enforced }) {
		this.breaches.push({
			appId: ex.appId,
			endpoint: ex.endpoint,
			at: ex.arrivedAt,
			reason,
			enforced,
		});
	}

	/** A deep copy, so callers cannot change the record by accident. */
	snapshot() {
		return structuredClone({
			breaches: this.breaches,
			requests: this.requests,
			tokensIssued: this.tokensIssued,
			faultsInjected: this.faultsInjected,
		});
	}
}

module.exports = { Stats };
