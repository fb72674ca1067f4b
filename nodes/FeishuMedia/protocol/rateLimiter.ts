/** Time as the limiter sees it: injected, so tests can run it on a fake clock. */
export interface LimiterClock {
	now(): number;
	/** Resolves after `ms`; rejects when `signal` aborts. */
	wait(ms: number, signal?: AbortSignal): Promise<void>;
}

export class LimiterCancelledError extends Error {}

/** What an answer says about the pace: Feishu refused it for the app's limit, or it did not. */
export type PaceSignal = 'breach' | 'clean';

/** How the limiter shares the app with processes it cannot see (see AppRateLimiter). */
export interface PacingOptions {
	/** The least time between two starts while the process has the app to itself. */
	fullRateGapMs: number;
	/** The shared grid: `rate` slots per window plus this, so jitter never fits rate + 1 into one. */
	slotMarginMs: number;
	/** A request more than this late for its slot waits for the next one. */
	lateMs: number;
	/** A probe goes this long after its slot opens, so another process's request there arrives first. */
	probeOffsetMs: number;
	/** Clean probes in a row that prove the other half of the slots free. */
	probesToWiden: number;
	/** Quiet time before the first probe; doubled after each probe that meets another process... */
	probeHoldMs: number;
	/** ...up to this. */
	maxProbeHoldMs: number;
	/** Time between the probes of one series. */
	confirmMs: number;
	/** A breach this soon after widening takes the widening back. */
	verifyMs: number;
	/** Two breaches this close together, outside a probe, mean another process sends in our slots. */
	collisionMs: number;
	/** Collisions that keep coming this close together... */
	quietMs: number;
	/** ...this many times mean more than two processes: the pace becomes additive (AIMD). */
	collisionsToCrowd: number;
	/** ...and the AIMD pace starts from about this share of the rate. */
	crowdedShare: number;
	/** AIMD, with more than two processes: requests per second gained per second of clean answers... */
	increasePerSecond: number;
	/** ...doubled for every this many ms since the last breach. */
	quietDoublingMs: number;
	/** The rate is multiplied by about this when breaches keep coming. */
	decreaseFactor: number;
	/** The rate never goes below this. */
	minRequestsPerSecond: number;
	/** A breach this soon after stepping up blames the step; two this close together mean overload. */
	stepBlameMs: number;
}

/**
 * Chosen with scripts/queue/simulate.js (2 to 4 processes against a Feishu as strict as the fake,
 * with a busy machine's timer and network noise; test/rateLimiter.test.ts keeps a small one) and
 * checked with n8n's queue mode (npm run test:queue).
 */
export const DEFAULT_PACING: PacingOptions = {
	fullRateGapMs: 60,
	slotMarginMs: 35,
	lateMs: 8,
	probeOffsetMs: 50,
	probesToWiden: 3,
	probeHoldMs: 4000,
	maxProbeHoldMs: 16000,
	confirmMs: 1000,
	verifyMs: 1500,
	collisionMs: 1500,
	quietMs: 3000,
	collisionsToCrowd: 4,
	crowdedShare: 1 / 3,
	increasePerSecond: 0.03,
	quietDoublingMs: 3000,
	decreaseFactor: 0.8,
	minRequestsPerSecond: 0.5,
	stepBlameMs: 2000,
};

/**
 * - alone: the app is ours; full rate.
 * - paired: another process shares the app; requests go in slots of a grid both can see.
 * - crowded: more than two processes; additive increase, multiplicative decrease.
 */
type Mode = 'alone' | 'paired' | 'crowded';

const NEVER = Number.NEGATIVE_INFINITY;

/**
 * Feishu allows each app 5 upload requests per second and no two at once
 * (docs/feishu-protocol.md, "Limits"). One limiter per app, shared by items, blocks and
 * concurrent executions: a FIFO queue for "one at a time", a sliding window for "5 per second",
 * and a pace for processes that share the app without seeing each other (n8n queue-mode workers).
 *
 * The window is anchored at the moment each request's answer came back, not when it was sent:
 * Feishu counted the request at some point before it answered, and the next one cannot reach it
 * before we send it, so "answer + 1 s" is safe whatever the network delays. It alone keeps one
 * process within Feishu's limits; a process alone never sees a breach and keeps the full rate.
 *
 * A limit breach means another process uses the app. Both then send only in slots of one grid,
 * cut from the wall clock (window + margin, `rate` slots: 207 ms for 5/s), which every process
 * on synchronised clocks sees alike: each takes every other slot, so no window holds more than
 * `rate` requests and no two overlap. Which half is drawn at random; two breaches close together
 * say the other process drew the same, and one of them moves: the one refused nearly every time
 * (its requests arrive second), else each at even odds. Now and then a process probes the other
 * half: it skips its next slot and sends once, a little late, in the slot between, which the
 * other process's request reaches first when it is there (the probe is refused, nothing else
 * is). Clean probes in a row mean the other process is gone: the process leaves the grid for
 * the full rate (a grid slot's margin is too small once answers are slow). Collisions that moving
 * does not cure mean a third process: the pace becomes AIMD, whose rate is spent as a whole
 * number of requests per second, evenly spaced (breach after our own step up: back one step;
 * breaches that keep coming: about a fifth less; a lone one: another's step).
 */
export class AppRateLimiter {
	private busy = false;
	private readonly waiting: Array<() => void> = [];
	private readonly finishedAt: number[] = [];
	private lastStartAt = NEVER;
	private lastBreachAt = NEVER;
	private mode: Mode = 'alone';
	/** Requests per second, as AIMD sets it (crowded). */
	private rate: number;
	private budgetUpAt = NEVER;
	private lastDecreaseAt = NEVER;
	/** Paired: we send in every `stride`-th slot (2: every other one), those with this remainder. */
	private stride = 1;
	private residue = 0;
	private readonly slotMs: number;
	private lastSlot = NEVER;
	private nextSlot = 0;
	private resumeAt = NEVER;
	private ignoreUntil = NEVER;
	private lastCollisionAt = NEVER;
	private collisionsInARow = 0;
	/** Paired: answers (past the echoes) since we last moved, and how many were breaches. */
	private answersSinceMove = 0;
	private breachesSinceMove = 0;
	private probeSlot = NEVER;
	private skipSlot = NEVER;
	private probeWins = 0;
	private holdMs: number;
	private nextProbeAt = NEVER;
	private widenedAt = NEVER;

	constructor(
		private readonly requestsPerSecond: number,
		private readonly clock: LimiterClock,
		private readonly windowMs = 1000,
		/** Timer and clock granularity. */
		private readonly slackMs = 3,
		private readonly pacing: PacingOptions = DEFAULT_PACING,
		/** The random draws, injected for repeatable tests. */
		private readonly random: () => number = Math.random,
	) {
		this.rate = requestsPerSecond;
		this.slotMs = (windowMs + pacing.slotMarginMs) / Math.max(1, requestsPerSecond);
		this.holdMs = pacing.probeHoldMs;
	}

	/** The current pace in requests per second (Feishu's rate until a breach is seen). */
	get currentRate(): number {
		if (this.mode === 'paired') return this.windowMs / (this.slotMs * this.stride);
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
			const probe = this.mode === 'paired' && this.nextSlot === this.probeSlot;
			if (this.mode === 'paired') this.lastSlot = this.nextSlot;
			sent = true;
			const answer = await request();
			if (judge) this.learn(judge(answer), probe);
			return answer;
		} finally {
			if (sent) this.finishedAt.push(this.clock.now());
			this.release();
		}
	}

	/** 0.5 to 1.5: spreads the waits of processes that decided at the same moment. */
	private jitter(): number {
		return 0.5 + this.random();
	}

	private learn(signal: PaceSignal, probe: boolean): void {
		if (!(this.requestsPerSecond > 0)) return;
		const now = this.clock.now();
		if (this.mode === 'paired' && !probe && now >= this.ignoreUntil) {
			this.answersSinceMove++;
			if (signal === 'breach') this.breachesSinceMove++;
		}
		if (this.mode === 'crowded') this.learnCrowded(signal, now);
		else if (probe) this.learnFromProbe(signal, now);
		else if (signal === 'breach') this.learnFromBreach(now);
		else if (this.mode === 'paired') {
			if (this.stride > 1 && this.probeSlot === NEVER && now >= this.nextProbeAt) this.planProbe();
		}
	}

	private learnFromBreach(now: number): void {
		const p = this.pacing;
		if (this.mode === 'alone') {
			// Refused soon after the probes said the other process was gone: it was not, so the
			// probes wait longer before the next try.
			if (now - this.widenedAt < p.verifyMs)
				this.holdMs = Math.min(p.maxProbeHoldMs, this.holdMs * 2);
			this.widenedAt = NEVER;
			// The burst that met the other process is still in Feishu's window: wait it out.
			this.mode = 'paired';
			this.stride = 2;
			this.residue = this.random() < 0.5 ? 0 : 1;
			this.resumeAt = this.ignoreUntil = now + this.windowMs;
			this.nextProbeAt = now + this.holdMs * this.jitter();
		} else if (now < this.ignoreUntil) {
			return; // an echo of a change we made: its requests are still in Feishu's window
		} else if (now - this.lastBreachAt < p.collisionMs) {
			this.probeSlot = this.skipSlot = NEVER;
			this.collisionsInARow =
				now - this.lastCollisionAt < p.quietMs ? this.collisionsInARow + 1 : 1;
			this.lastCollisionAt = now;
			if (this.collisionsInARow >= p.collisionsToCrowd) {
				this.crowd(now);
			} else {
				// Refused nearly every time: our requests reach Feishu after the other's, which sees
				// no breach and stays, so we move. Refused now and then: both are, and each moves at
				// even odds.
				const second = this.breachesSinceMove >= 0.75 * this.answersSinceMove;
				if (second || this.random() < 0.5) this.residue = 1 - this.residue;
				this.answersSinceMove = this.breachesSinceMove = 0;
				this.ignoreUntil = now + this.windowMs;
				this.nextProbeAt = Math.max(this.nextProbeAt, now + this.holdMs * this.jitter());
			}
		}
		this.lastBreachAt = now;
	}

	private learnFromProbe(signal: PaceSignal, now: number): void {
		const p = this.pacing;
		this.probeSlot = NEVER;
		if (signal === 'breach') {
			this.probeWins = 0;
			this.holdMs = Math.min(p.maxProbeHoldMs, this.holdMs * 2);
			this.nextProbeAt = now + this.holdMs * this.jitter();
		} else if (++this.probeWins >= p.probesToWiden) {
			this.leaveGrid(now);
		} else {
			this.nextProbeAt = now + p.confirmMs * this.jitter();
		}
	}

	/**
	 * The other process is gone: the app is ours again, at the full rate and off the grid (the grid
	 * costs throughput once answers take longer than a slot's margin). A breach soon after brings
	 * the grid back with longer probe holds.
	 */
	private leaveGrid(now: number): void {
		this.mode = 'alone';
		this.stride = 1;
		this.probeWins = 0;
		this.widenedAt = now;
		this.holdMs = this.pacing.probeHoldMs;
		this.lastSlot = this.probeSlot = this.skipSlot = NEVER;
		this.collisionsInARow = this.answersSinceMove = this.breachesSinceMove = 0;
	}

	/** The slot between our next two: skip the second of them, so no window holds more than before. */
	private planProbe(): void {
		const now = this.clock.now();
		const own = this.slotAtOrAfter(Math.max(this.lastSlot + 1, Math.ceil(now / this.slotMs) + 1));
		this.probeSlot = own + 1;
		this.skipSlot = own + 2;
	}

	/** More than two processes: AIMD from a share of the rate drawn at random. */
	private crowd(now: number): void {
		this.mode = 'crowded';
		this.rate = Math.max(
			this.pacing.minRequestsPerSecond,
			this.requestsPerSecond * this.pacing.crowdedShare * (0.8 + 0.4 * this.random()),
		);
		this.lastDecreaseAt = now;
		this.resumeAt = now + this.windowMs;
	}

	private learnCrowded(signal: PaceSignal, now: number): void {
		const budget = Math.floor(this.rate + 1e-9);
		if (signal === 'clean') {
			// Each answer adds increase/rate, and rate answers come a second: +increase per second,
			// doubled for every quietDoublingMs without a breach, so a process left alone is back at
			// full speed within seconds.
			const quietMs = now - this.lastBreachAt;
			const increase =
				this.pacing.increasePerSecond * 2 ** Math.min(10, quietMs / this.pacing.quietDoublingMs);
			this.rate = Math.min(this.requestsPerSecond, this.rate + increase / this.rate);
			if (Math.floor(this.rate + 1e-9) > budget) this.budgetUpAt = now;
			return;
		}
		const { minRequestsPerSecond, stepBlameMs, decreaseFactor } = this.pacing;
		const echo = now - this.lastDecreaseAt < this.windowMs + this.slackMs;
		if (!echo && now - this.budgetUpAt < stepBlameMs) {
			this.rate = Math.max(minRequestsPerSecond, budget - 1 + 0.5 * this.random());
			this.lastDecreaseAt = now;
		} else if (!echo && now - this.lastBreachAt < stepBlameMs) {
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

	/** The first of our slots at or after `slot`. */
	private slotAtOrAfter(slot: number): number {
		let own = slot + ((((this.residue - slot) % this.stride) + this.stride) % this.stride);
		if (own === this.skipSlot) own += this.stride;
		return own;
	}

	/** Milliseconds until the window and the pace both allow the next request; 0 when they do. */
	private delayBeforeNext(): number {
		const now = this.clock.now();
		while (this.finishedAt.length > 0 && this.finishedAt[0] + this.windowMs + this.slackMs <= now)
			this.finishedAt.shift();
		const rate = this.mode === 'crowded' ? this.rate : this.requestsPerSecond;
		const perWindow = Math.max(1, Math.floor(rate + 1e-9));
		const windowDelay =
			this.finishedAt.length >= perWindow
				? this.finishedAt[this.finishedAt.length - perWindow] + this.windowMs + this.slackMs - now
				: 0;
		const earliest = Math.max(now + windowDelay, this.resumeAt);
		if (this.mode === 'paired') return this.slotDelay(now, earliest);
		// Below full rate evenly spaced; at full rate only a short gap, so one process finishes a run
		// nearly as fast as in bursts.
		const gapMs =
			rate >= this.requestsPerSecond
				? this.pacing.fullRateGapMs
				: this.windowMs / Math.min(rate, perWindow);
		return Math.max(0, earliest - now, this.lastStartAt + gapMs - now);
	}

	private slotDelay(now: number, earliest: number): number {
		const { lateMs, probeOffsetMs } = this.pacing;
		const first = Math.max(this.lastSlot + 1, Math.ceil((earliest - lateMs) / this.slotMs));
		let slot = this.slotAtOrAfter(first);
		let start = slot * this.slotMs;
		if (this.probeSlot !== NEVER) {
			const probeStart = this.probeSlot * this.slotMs + Math.min(probeOffsetMs, this.slotMs / 4);
			if (this.probeSlot <= this.lastSlot || probeStart + lateMs < earliest) {
				this.probeSlot = this.skipSlot = NEVER; // missed: the next clean answer plans another
			} else if (probeStart < start) {
				slot = this.probeSlot;
				start = probeStart;
			}
		}
		this.nextSlot = slot;
		if (now >= start && now >= earliest) return now <= start + lateMs ? 0 : 1;
		return Math.max(1, start - now);
	}

	private async waitForTurn(signal?: AbortSignal): Promise<void> {
		if (!(this.requestsPerSecond > 0)) return;
		for (let delay = this.delayBeforeNext(); delay > 0; delay = this.delayBeforeNext())
			await this.clock.wait(delay, signal);
	}
}
