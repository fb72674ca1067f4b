'use strict';
// Feishu's per-app limits on the upload endpoints (counted over all four together):
// 5 requests per sliding second, no two uploads in flight at once, 10 000 per day.

const WINDOW_MS = 1000;
const DAY_MS = 24 * 3600 * 1000;
const BEIJING_OFFSET_MS = 8 * 3600 * 1000; // Feishu's "day" is taken as a Beijing calendar day

class RateLimiter {
	constructor({ enforce = true, requestsPerSecond = 5, dailyLimit = 10000 } = {}) {
		this.enforce = enforce;
		this.requestsPerSecond = requestsPerSecond;
		this.dailyLimit = dailyLimit;
		this.inFlight = new Map(); // appId -> count; survives reset(): it tracks live sockets
		this.reset();
	}

	reset() {
		this.arrivals = new Map(); // appId -> timestamps within the last window
		this.daily = new Map(); // appId -> { day, count }
	}

	/**
	 * Called when an upload request's headers arrive. Every arrival counts, even ones that
	 * will be refused. -> { breach: null | { reason, enforced }, release() }
	 */
	arrive(appId, now = Date.now()) {
		const recent = (this.arrivals.get(appId) || []).filter((t) => t > now - WINDOW_MS);
		recent.push(now);
		this.arrivals.set(appId, recent);

		const day = Math.floor((now + BEIJING_OFFSET_MS) / DAY_MS);
		const daily = this.daily.get(appId);
		const todays = daily && daily.day === day ? daily : { day, count: 0 };
		todays.count += 1;
		this.daily.set(appId, todays);

		const busy = this.inFlight.get(appId) || 0;
		let breach = null;
		if (todays.count > this.dailyLimit) breach = { reason: 'daily', enforced: true };
		else if (recent.length > this.requestsPerSecond)
			breach = { reason: 'rate', enforced: this.enforce };
		else if (busy > 0) breach = { reason: 'concurrency', enforced: this.enforce };

		this.inFlight.set(appId, busy + 1);
		let released = false;
		const release = () => {
			if (released) return;
			released = true;
			this.inFlight.set(appId, (this.inFlight.get(appId) || 1) - 1);
		};
		return { breach, release };
	}
}

module.exports = { RateLimiter };
