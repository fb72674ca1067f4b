/** Time as the limiter sees it: injected, so tests can run it on a fake clock. */
export interface LimiterClock {
	now(): number;
	/** Resolves after `ms`; rejects when `signal` aborts. */
	wait(ms: number, signal?: AbortSignal): Promise<void>;
}

export class LimiterCancelledError extends Error {}

/**
 * Feishu allows each app 5 upload requests per second and no two at once
 * (docs/feishu-protocol.md, "Limits"). One limiter per app, shared by items, blocks and
 * concurrent executions: a FIFO queue for "one at a time" and a sliding window for "5 per second".
 *
 * The window is anchored at the moment each request's answer came back, not when it was sent:
 * Feishu counted the request at some point before it answered, and the next one cannot reach it
 * before we send it, so "answer + 1 s" is safe whatever the network delays.
 */
export class AppRateLimiter {
	private busy = false;
	private readonly waiting: Array<() => void> = [];
	private readonly finishedAt: number[] = [];

	constructor(
		private readonly requestsPerSecond: number,
		private readonly clock: LimiterClock,
		private readonly windowMs = 1000,
		/** Timer and clock granularity. */
		private readonly slackMs = 3,
	) {}

	/** Runs `request` when the app's slot is free and the window allows; a cancelled wait gives up its place. */
	async run<T>(request: () => Promise<T>, signal?: AbortSignal): Promise<T> {
		await this.acquire(signal);
		let sent = false;
		try {
			await this.waitForWindow(signal);
			sent = true;
			return await request();
		} finally {
			if (sent) this.finishedAt.push(this.clock.now());
			this.release();
		}
	}

	private async acquire(signal?: AbortSignal): Promise<void> {
		if (signal?.aborted) throw new LimiterCancelledError('cancelled');
		if (!this.busy) {
			this.busy = true;
			return;
		}
		await new Promise<void>((resolve, reject) => {
			const turn = () => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			};
			const onAbort = () => {
				const index = this.waiting.indexOf(turn);
				if (index >= 0) this.waiting.splice(index, 1);
				reject(new LimiterCancelledError('cancelled'));
			};
			this.waiting.push(turn);
			signal?.addEventListener('abort', onAbort, { once: true });
		});
	}

	private release(): void {
		const next = this.waiting.shift();
		if (next) next();
		else this.busy = false;
	}

	private async waitForWindow(signal?: AbortSignal): Promise<void> {
		if (!(this.requestsPerSecond > 0)) return;
		while (this.finishedAt.length > this.requestsPerSecond - 1) {
			const waitMs = this.finishedAt[0] + this.windowMs + this.slackMs - this.clock.now();
			if (waitMs <= 0) {
				this.finishedAt.shift();
				continue;
			}
			await this.clock.wait(waitMs, signal);
		}
	}
}
