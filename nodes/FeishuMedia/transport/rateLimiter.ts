/**
 * Feishu allows each app 5 upload requests per second and no two at once (PROTOCOL.md, "Limits").
 * One limiter per app in this process, shared by items, blocks and concurrent executions: a FIFO
 * lock for "one at a time" and a sliding window for "5 per second".
 *
 * The window is anchored at the moment each request's answer came back, not when it was sent:
 * Feishu counted the request at some point before it answered, and the next one cannot reach it
 * before we send it, so "answer + 1 s" is safe whatever the network delays, while the cost on a
 * fast link is only the request's own round trip.
 */
export class AppRateLimiter {
	private tail: Promise<void> = Promise.resolve();
	private readonly finishedAt: number[] = [];

	constructor(
		private readonly requestsPerSecond: number,
		private readonly windowMs = 1000,
		/** Timer and clock granularity. */
		private readonly slackMs = 3,
	) {}

	async run<T>(request: () => Promise<T>): Promise<T> {
		const previous = this.tail;
		let release!: () => void;
		this.tail = new Promise<void>((resolve) => (release = resolve));
		await previous;
		try {
			await this.waitForWindow();
			return await request();
		} finally {
			this.finishedAt.push(Date.now());
			release();
		}
	}

	private async waitForWindow(): Promise<void> {
		if (!(this.requestsPerSecond > 0)) return;
		while (this.finishedAt.length > this.requestsPerSecond - 1) {
			const waitMs = this.finishedAt[0] + this.windowMs + this.slackMs - Date.now();
			if (waitMs <= 0) {
				this.finishedAt.shift();
				continue;
			}
			await new Promise((resolve) => setTimeout(resolve, waitMs));
		}
	}
}

const limiters = new Map<string, AppRateLimiter>();

function configuredRequestsPerSecond(): number {
	// Only for private deployments with other limits and for benchmarks; Feishu's limit is 5.
	const fromEnv = process.env.FEISHU_MEDIA_MAX_REQUESTS_PER_SECOND;
	const value = Number(fromEnv);
	return fromEnv !== undefined && fromEnv !== '' && Number.isFinite(value) && value >= 0 ? value : 5;
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
