import { AppRateLimiter, type LimiterClock } from '../protocol/rateLimiter';
import { pause } from './waits';

/** Feishu's limit for the media endpoints: 5 requests per second per app. */
const FEISHU_REQUESTS_PER_SECOND = 5;

const realClock: LimiterClock = { now: () => Date.now(), wait: pause };

// Process-wide: items, blocks and concurrent executions of one app share its limiter.
const limiters = new Map<string, AppRateLimiter>();
let requestsPerSecond = FEISHU_REQUESTS_PER_SECOND;

export function rateLimiterFor(baseUrl: string, appId: string): AppRateLimiter {
	const key = `${baseUrl}|${appId}`;
	let limiter = limiters.get(key);
	if (!limiter) {
		limiter = new AppRateLimiter(requestsPerSecond, realClock);
		limiters.set(key, limiter);
	}
	return limiter;
}

/**
 * Test and benchmark seam, not a user setting: 0 turns pacing off, to measure the node against
 * curl. Limiters made before the call keep their rate.
 */
export function setRequestsPerSecondForTesting(value: number): void {
	requestsPerSecond = value;
	limiters.clear();
}
