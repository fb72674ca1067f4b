import { paceSignalOf } from '../nodes/FeishuMedia/protocol/paceSignal';
import {
	AppRateLimiter,
	DEFAULT_PACING,
	LimiterCancelledError,
	type LimiterClock,
	type PaceSignal,
} from '../nodes/FeishuMedia/protocol/rateLimiter';

/**
 * A clock that only moves when the test says so. Every pending wait is a timer; step() jumps to
 * the earliest one and lets every promise that follows from it settle before the next.
 */
class FakeClock implements LimiterClock {
	private time = 0;
	private timers: Array<{ at: number; seq: number; resolve: () => void }> = [];
	private seq = 0;

	now(): number {
		return this.time;
	}

	async wait(ms: number, signal?: AbortSignal): Promise<void> {
		await new Promise<void>((resolve, reject) => {
			const timer = { at: this.time + Math.max(0, ms), seq: this.seq++, resolve };
			this.timers.push(timer);
			signal?.addEventListener('abort', () => {
				this.timers = this.timers.filter((t) => t !== timer);
				reject(new Error('aborted'));
			});
		});
	}

	/** Runs the simulation until `done` settles (or time runs past `limitMs`, which fails the test). */
	async runUntil(done: Promise<unknown>, limitMs: number): Promise<void> {
		let finished = false;
		void done.finally(() => (finished = true));
		for (;;) {
			await new Promise((resolve) => setImmediate(resolve)); // every microtask that can run, runs
			if (finished) return;
			if (this.timers.length === 0)
				throw new Error('simulation stalled: nothing pending and not done');
			this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
			const next = this.timers.shift()!;
			if (next.at > limitMs) throw new Error(`simulation still running at ${limitMs} ms`);
			this.time = next.at;
			next.resolve();
		}
	}
}

/** mulberry32: a seeded PRNG, so every run of the simulation is the same. */
function seeded(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = Math.imul(state ^ (state >>> 15), state | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Feishu as strict as fake-feishu/: per app, every arrival counts in a sliding second (refused
 * ones too), more than 5 in it is a breach, and so is an arrival while another request is in flight.
 */
class StrictFeishu {
	arrivals: number[] = [];
	breaches = 0;
	served = 0;
	private inFlight = 0;

	constructor(
		private readonly clock: FakeClock,
		private readonly random: () => number,
	) {}

	async request(): Promise<PaceSignal> {
		const now = this.clock.now();
		this.arrivals.push(now);
		const inWindow = this.arrivals.filter((t) => t > now - 1000).length;
		const breach = inWindow > 5 || this.inFlight > 0;
		this.inFlight++;
		await this.clock.wait(3 + this.random() * 12); // the upload itself
		this.inFlight--;
		if (breach) this.breaches++;
		else this.served++;
		return breach ? 'breach' : 'clean';
	}
}

/** One n8n process: its own limiter, `executions` running at once, each uploading items one by one and retrying breaches. */
async function simulateProcess(
	feishu: StrictFeishu,
	clock: FakeClock,
	random: () => number,
	executions: number,
	items: number,
	limiter: AppRateLimiter,
) {
	const execution = async () => {
		for (let item = 0; item < items; item++) {
			await clock.wait(2 + random() * 10); // reading the binary, building the body
			for (let retry = 0; ; retry++) {
				const signal = await limiter.run(
					async () => await feishu.request(),
					undefined,
					(answer) => answer,
				);
				if (signal === 'clean') break;
				const backoff = Math.min(15_000, 400 * 2 ** retry); // as protocol/retryPolicy.ts: jittered exponential
				await clock.wait(backoff / 2 + random() * (backoff / 2));
			}
		}
	};
	await Promise.all(Array.from({ length: executions }, execution));
}

interface SharedRun {
	/** Uploads per second over the whole run, the last worker's lone tail included. */
	uploadsPerSecond: number;
	/** Uploads per second while every worker still had work. */
	steadyUploadsPerSecond: number;
	breachShare: number;
	requests: number;
}

/** `processes` workers, each with 2 executions of `items` items, against one strict Feishu app. */
async function shareOneApp(
	processes: number,
	items: number,
	pacing = DEFAULT_PACING,
): Promise<SharedRun> {
	const clock = new FakeClock();
	const random = seeded(20261203 + processes);
	const feishu = new StrictFeishu(clock, random);
	let steadyUploadsPerSecond = 0;
	const workers = Array.from({ length: processes }, async () => {
		await simulateProcess(
			feishu,
			clock,
			random,
			2,
			items,
			new AppRateLimiter(5, clock, 1000, 3, pacing, random),
		);
		steadyUploadsPerSecond ||= feishu.served / (clock.now() / 1000);
	});
	await clock.runUntil(Promise.all(workers), 30 * 60_000);
	const requests = feishu.arrivals.length;
	return {
		uploadsPerSecond: feishu.served / (clock.now() / 1000),
		steadyUploadsPerSecond,
		breachShare: feishu.breaches / requests,
		requests,
	};
}

function describeRun(what: string, run: SharedRun): string {
	return (
		`${what}: ${run.uploadsPerSecond.toFixed(2)} uploads/s in total (${run.steadyUploadsPerSecond.toFixed(2)} while all worked), ` +
		`${(run.breachShare * 100).toFixed(1)} % of ${run.requests} requests breached\n`
	);
}

describe('AppRateLimiter on a fake clock', () => {
	test("one process keeps Feishu's full rate: 100 requests at ≥ 95 % of 5/s, never a breach", async () => {
		const clock = new FakeClock();
		const feishu = new StrictFeishu(clock, seeded(1));
		const limiter = new AppRateLimiter(5, clock);
		const done = simulateProcess(feishu, clock, seeded(2), 2, 50, limiter);
		await clock.runUntil(done, 60_000);
		expect(feishu.served).toBe(100);
		expect(feishu.breaches).toBe(0);
		// As scripts/bench/measure.js counts it: a client that sends each second's 5 at once needs
		// floor(99 / 5) s from the first arrival to the last.
		const span = (feishu.arrivals[99] - feishu.arrivals[0]) / 1000;
		const rate = (5 * Math.floor(99 / 5)) / span;
		process.stdout.write(`1 process: ${rate.toFixed(2)} requests/s as the bench counts them\n`);
		expect(rate).toBeGreaterThanOrEqual(0.95 * 5);
		expect(rate).toBeLessThanOrEqual(5);
		expect(limiter.currentRate).toBe(5);
	});

	/** A limiter whose random jitter is fixed, and helpers that answer its next request. */
	function probe(jitter: number) {
		const clock = new FakeClock();
		const limiter = new AppRateLimiter(5, clock, 1000, 3, DEFAULT_PACING, () => jitter);
		const answer = async (signal: PaceSignal, afterMs = 0) => {
			if (afterMs > 0) await clock.runUntil(clock.wait(afterMs), 600_000);
			await clock.runUntil(
				limiter.run(
					async () => signal,
					undefined,
					(s) => s,
				),
				600_000,
			);
		};
		return { clock, limiter, answer };
	}

	test("a lone breach is another worker's probe and changes nothing; breaches that keep coming cut the rate by a fifth", async () => {
		const { limiter, answer } = probe(1);
		await answer('breach');
		expect(limiter.currentRate).toBe(5);
		await answer('breach', 1100);
		expect(limiter.currentRate).toBeCloseTo(4, 9);
		await answer('breach', 1100);
		expect(limiter.currentRate).toBeCloseTo(3.2, 9);
		// 3 s later it is a lone breach again.
		await answer('breach', 3000);
		expect(limiter.currentRate).toBeCloseTo(3.2, 9);
	});

	test('breaches within a second of a decrease are echoes of the same overload', async () => {
		const { limiter, answer } = probe(1);
		await answer('breach');
		await answer('breach', 1100);
		expect(limiter.currentRate).toBeCloseTo(4, 9);
		await answer('breach', 300);
		await answer('breach', 300);
		expect(limiter.currentRate).toBeCloseTo(4, 9);
	});

	test('clean answers raise the rate back to 5/s and no further; a breach right after that step goes back one', async () => {
		const { limiter, answer } = probe(0);
		await answer('breach');
		await answer('breach', 1100);
		expect(limiter.currentRate).toBeCloseTo(4 * 0.9, 9);
		let answers = 0;
		while (limiter.currentRate < 5 && answers < 1000) {
			await answer('clean');
			answers++;
		}
		expect(limiter.currentRate).toBe(5);
		await answer('breach');
		expect(limiter.currentRate).toBe(4);
	});

	test('the rate is spent as whole requests per second, evenly spaced: 2.56/s sends 2, 500 ms apart', async () => {
		const { clock, limiter, answer } = probe(1);
		await answer('breach');
		for (let i = 0; i < 3; i++) await answer('breach', 1100);
		expect(limiter.currentRate).toBeCloseTo(2.56, 9);
		const starts: number[] = [];
		const record = () => limiter.run(async () => void starts.push(clock.now()));
		await clock.runUntil(Promise.all([record(), record(), record(), record()]), 60_000);
		// 500 ms apart, plus the window's 3 ms slack where a third would fall into one second.
		for (const gap of starts.slice(1).map((at, i) => at - starts[i]))
			expect([500, 503]).toContain(gap);
	});

	test('never below the floor, and a request that brings no answer leaves the pace alone', async () => {
		const { clock, limiter, answer } = probe(0);
		await answer('breach');
		for (let i = 0; i < 20; i++) await answer('breach', 1100);
		expect(limiter.currentRate).toBe(DEFAULT_PACING.minRequestsPerSecond);
		const failing = limiter.run(
			async () => await Promise.reject(new Error('connection dropped')),
			undefined,
			() => 'breach',
		);
		const outcome = failing.then(
			() => 'sent',
			(error: Error) => error.message,
		);
		await clock.runUntil(outcome, 600_000);
		await expect(outcome).resolves.toBe('connection dropped');
		expect(limiter.currentRate).toBe(DEFAULT_PACING.minRequestsPerSecond);
	});

	test('a cancelled wait gives up its place and sends nothing', async () => {
		const clock = new FakeClock();
		const limiter = new AppRateLimiter(5, clock);
		const sent: string[] = [];
		const controller = new AbortController();
		const first = limiter.run(async () => sent.push('first'));
		const second = limiter.run(async () => sent.push('second'), controller.signal);
		controller.abort();
		await expect(second).rejects.toBeInstanceOf(LimiterCancelledError);
		await clock.runUntil(first, 10_000);
		expect(sent).toEqual(['first']);
	});

	// The queue-mode test's shape (2 workers, 2 executions of 50 each), then more workers with more work.
	test.each([
		[2, 50],
		[3, 100],
		[4, 100],
	])(
		'%i processes that cannot see each other settle near 5/s in total with few breaches (%i items per execution)',
		async (processes, items) => {
			const shared = await shareOneApp(processes, items);
			process.stdout.write(describeRun(`${processes} processes, adaptive pace`, shared));
			expect(shared.steadyUploadsPerSecond).toBeGreaterThanOrEqual(0.8 * 5);
			expect(shared.uploadsPerSecond).toBeGreaterThanOrEqual(0.75 * 5);
			expect(shared.uploadsPerSecond).toBeLessThanOrEqual(5);
			// More workers, more probes: each step up by one of them costs a breach or two.
			expect(shared.breachShare).toBeLessThanOrEqual(processes === 2 ? 0.1 : 0.2);
		},
	);

	test('without the adaptive pace the same processes thrash (the reason for it)', async () => {
		// Today's limiter in each worker: full rate whatever Feishu answers.
		const fixed = await shareOneApp(3, 100, {
			...DEFAULT_PACING,
			increasePerSecond: 0,
			decreaseFactor: 1,
			minRequestsPerSecond: 5,
		});
		process.stdout.write(describeRun('3 processes, fixed pace', fixed));
		expect(fixed.breachShare).toBeGreaterThan(0.2);
	});
});

describe('paceSignalOf: which answers slow the app down', () => {
	const answer = (status: number, code?: number) => ({
		status,
		headers: {},
		json: code === undefined ? undefined : { code, msg: '' },
	});

	test.each([
		[200, 1061045],
		[429, 99991400],
		[400, 99991400],
		[429, undefined],
	])('HTTP %i with code %s is a limit breach', (status, code) => {
		expect(paceSignalOf(answer(status, code))).toBe('breach');
	});

	test.each([
		[200, 0],
		[200, 1061001],
		[400, 1061044],
		[500, undefined],
		[400, 99991663],
	])('HTTP %i with code %s is not', (status, code) => {
		expect(paceSignalOf(answer(status, code))).toBe('clean');
	});
});
