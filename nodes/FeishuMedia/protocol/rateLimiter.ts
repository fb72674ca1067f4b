/** Time as the limiter sees it: injected, so tests can run it on a fake clock. */
export interface LimiterClock {
	now(): number;
	/** Resolves after `ms`; rejects when `signal` aborts. */
	wait(ms: number, signal?: AbortSignal): Promise<void>;
}

export class LimiterCancelledError extends Error {}

/** What an answer says about the pace: Feishu refused it for the app's limit, or it did not. */
export type PaceSignal = 'breach' | 'clean';

/** How the pace adapts to Feishu's answers (see AppRateLimiter). */
export interface PacingOptions {
	/** Requests per second gained for each second of clean answers... */
	increasePerSecond: number;
	/** ...doubled for every this many ms since the last breach. */
	quietDoublingMs: number;
	/** The rate is multiplied by about this when breaches keep coming. */
	decreaseFactor: number;
	/** The rate never goes below this. */
	minRequestsPerSecond: number;
	/** The least time between two starts at full rate (below it, requests are evenly spaced). */
	fullRateGapMs: number;
	/** A breach this soon after stepping up blames the step; two this close together mean overload. */
	probeMs: number;
}

/**
 * Chosen with the simulation in test/rateLimiter.test.ts (2 to 4 workers against a strict Feishu)
 * and checked with n8n's queue mode in scripts/queue (npm run test:queue): slow steps up keep the
 * breaches rare; the doubling gets a worker left alone back to full speed within seconds.
 */
export const DEFAULT_PACING: PacingOptions = {
	increasePerSecond: 0.03,
	quietDoublingMs: 3000,
	decreaseFactor: 0.8,
	minRequestsPerSecond: 0.5,
	fullRateGapMs: 60,
	probeMs: 2000,
};

/**
 * Feishu allows each app 5 upload requests per second and no two at once
 * (docs/feishu-protocol.md, "Limits"). One limiter per app, shared by items, blocks and
 * concurrent executions: a FIFO queue for "one at a time", a sliding window for "5 per second",
 * and a pace that adapts to Feishu's answers.
 *
 * The window is anchored at the moment each request's answer came back, not when it was sent:
 * Feishu counted the request at some point before it answered, and the next one cannot reach it
 * before we send it, so "answer + 1 s" is safe whatever the network delays. It alone keeps one
 * process within Feishu's limits; a single process never sees a breach and keeps the full rate.
 *
 * The pace is for several processes (n8n queue-mode workers) sharing one app without seeing each
 * other. The rate is spent as a whole number of requests per second, evenly spaced (2.6/s sends
 * at most 2 in any second): two workers at 2.5/s each, out of phase, put 6 requests in some
 * seconds; whole budgets that add up to 5 never do. Clean answers raise the rate slowly (additive
 * increase); crossing into the next whole budget is a probe. On a limit breach:
 * - right after our own step up: the step overloaded Feishu, back to the budget below;
 * - a second breach soon after another, not caused by a step of ours: too many workers, the rate
 *   drops by about a fifth (multiplicative decrease);
 * - a lone breach while we kept our pace: another worker's probe, which that worker takes back;
 * - within a second of our own decrease: an echo of that overload (its requests are still in
 *   Feishu's second), ignored.
 * The steps back are randomised, so workers that stepped up together do not keep doing so.
 */
export class AppRateLimiter {
	private busy = false;
	private readonly waiting: Array<() => void> = [];
	private readonly finishedAt: number[] = [];
	private rate: number;
	private lastStartAt = Number.NEGATIVE_INFINITY;
	private lastBreachAt = Number.NEGATIVE_INFINITY;
	private budgetUpAt = Number.NEGATIVE_INFINITY;
	private lastDecreaseAt = Number.NEGATIVE_INFINITY;

	constructor(
		private readonly requestsPerSecond: number,
		private readonly clock: LimiterClock,
		private readonly windowMs = 1000,
		/** Timer and clock granularity. */
		private readonly slackMs = 3,
		private readonly pacing: PacingOptions = DEFAULT_PACING,
		/** Jitter for the steps back, injected for repeatable tests. */
		private readonly random: () => number = Math.random,
	) {
		this.rate = requestsPerSecond;
	}

	/** The current pace in requests per second (Feishu's rate until a breach is seen). */
	get currentRate(): number {
		return this.rate;
	}

	/**
	 * Runs `request` when the app's slot is free and the window and pace allow; a cancelled wait
	 * gives up its place. `judge` reads the answer for the pace; a request that throws (no answer)
	 * leaves the pace as it is.
	 */
	async run<T>(
		request: () => Promise<T>,
		signal?: AbortSignal,
		judge?: (answer: T) => PaceSignal,
	): Promise<T> {
		await this.acquire(signal);
		let sent = false;
		try {
			await this.waitForTurn(signal);
			this.lastStartAt = this.clock.now();
			sent = true;
			const answer = await request();
			if (judge) this.learn(judge(answer));
			return answer;
		} finally {
			if (sent) this.finishedAt.push(this.clock.now());
			this.release();
		}
	}

	private learn(signal: PaceSignal): void {
		if (!(this.requestsPerSecond > 0)) return;
		const now = this.clock.now();
		const budget = Math.floor(this.rate + 1e-9);
		if (signal === 'clean') {
			// Each answer adds increase/rate, and rate answers come a second: +increase per second,
			// doubled for every quietDoublingMs without a breach, so a worker left alone (the others
			// done) is back at full speed within seconds.
			const quietMs = now - this.lastBreachAt;
			const increase =
				this.pacing.increasePerSecond * 2 ** Math.min(10, quietMs / this.pacing.quietDoublingMs);
			this.rate = Math.min(this.requestsPerSecond, this.rate + increase / this.rate);
			if (Math.floor(this.rate + 1e-9) > budget) this.budgetUpAt = now;
			return;
		}
		const { minRequestsPerSecond, probeMs, decreaseFactor } = this.pacing;
		const echo = now - this.lastDecreaseAt < this.windowMs + this.slackMs;
		if (!echo && now - this.budgetUpAt < probeMs) {
			this.rate = Math.max(minRequestsPerSecond, budget - 1 + 0.5 * this.random());
			this.lastDecreaseAt = now;
		} else if (!echo && now - this.lastBreachAt < probeMs) {
			this.rate = Math.max(
				minRequestsPerSecond,
				this.rate * decreaseFactor * (0.9 + 0.1 * this.random()),
			);
			this.lastDecreaseAt = now;
		}
		this.lastBreachAt = now;
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

	/** Milliseconds until the window and the pace both allow the next request; 0 when they do. */
	private delayBeforeNext(): number {
		const now = this.clock.now();
		while (this.finishedAt.length > 0 && this.finishedAt[0] + this.windowMs + this.slackMs <= now)
			this.finishedAt.shift();
		const perWindow = Math.max(1, Math.floor(this.rate + 1e-9));
		const windowDelay =
			this.finishedAt.length >= perWindow
				? this.finishedAt[this.finishedAt.length - perWindow] + this.windowMs + this.slackMs - now
				: 0;
		// Below full rate evenly spaced; at full rate only a short gap, so one process finishes a run
		// nearly as fast as in bursts, yet workers that start together interleave instead of colliding.
		const gapMs =
			this.rate >= this.requestsPerSecond
				? this.pacing.fullRateGapMs
				: this.windowMs / Math.min(this.rate, perWindow);
		const paceDelay = this.lastStartAt + gapMs - now;
		return Math.max(0, windowDelay, paceDelay);
	}

	private async waitForTurn(signal?: AbortSignal): Promise<void> {
		if (!(this.requestsPerSecond > 0)) return;
		for (let delay = this.delayBeforeNext(); delay > 0; delay = this.delayBeforeNext())
			await this.clock.wait(delay, signal);
	}
}
