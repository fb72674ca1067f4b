/**
 * Feishu allows each app 5 upload requests per second and no two at once (PROTOCOL.md, "Limits").
 * One limiter per app in this process, shared by items, blocks and concurrent executions: a FIFO
 * lock for "one at a time" and a sliding window of start times for "5 per second".
 */
export class AppRateLimiter {
	private tail: Promise<void> = Promise.resolve();
	private readonly starts: number[] = [];

	constructor(
		private readonly requestsPerSecond: number,
		/** Slightly over a second: the server counts arrivals, which lag our start times a little. */
		private readonly windowMs = 1030,
	) {}

	async run<T>(request: () => Promise<T>): Promise<T> {
		const previous = this.tail;
		let release!: () => void;
		this.tail = new Promise<void>((resolve) => (release = resolve));
		await previous;
		try {
			await this.waitForWindow();
			this.starts.push(Date.now());
			return await request();
		} finally {
			release();
		}
	}

	private async waitForWindow(): Promise<void> {
		if (!(this.requestsPerSecond > 0)) return;
		while (this.starts.length > this.requestsPerSecond) this.starts.shift();
		if (this.starts.length < this.requestsPerSecond) return;
		const waitMs = this.starts[0] + this.windowMs - Date.now();
		if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
	}
}

const limiters = new Map<string, AppRateLimiter>();

function configuredRequestsPerSecond(): number {
	// Only for private deployments with other limits and for benchmarks; Feishu's limit is 5.
	const fromEnv = Number(process.env.FEISHU_MEDIA_MAX_REQUESTS_PER_SECOND);
	return Number.isFinite(fromEnv) && fromEnv >= 0 && process.env.FEISHU_MEDIA_MAX_REQUESTS_PER_SECOND !== '' ? fromEnv : 5;
}

export function rateLimiterFor(baseUrl: string, appId: string): AppRateLimiter {
	const key = `${baseUrl}|${appId}`;
	let limiter = limiters.get(key);
	if (!limiter) {
		limiter = new AppRateLimiter(configuredRequestsPerSecond());
		limiters.set(key, limiter);
	}
	return limiter;
}
