import { mulberry32 as seeded } from '../fake-feishu/faults';
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
	readAnswers = true,
) {
	const execution = async () => {
		for (let item = 0; item < items; item++) {
			await clock.wait(2 + random() * 10); // reading the binary, building the body
			for (let retry = 0; ; retry++) {
				const signal = await limiter.run(
					async () => await feishu.request(),
					undefined,
					readAnswers ? (answer) => answer : undefined,
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
	readAnswers = true,
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
			new AppRateLimiter(5, clock, 1000, 3, DEFAULT_PACING, random),
			readAnswers,
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

	/** A limiter whose random draws are fixed, and helpers that answer its next request. */
	function probe(draw: number) {
		const clock = new FakeClock();
		const limiter = new AppRateLimiter(5, clock, 1000, 3, DEFAULT_PACING, () => draw);
		const starts: number[] = [];
		/** Sends one request and answers it with `signal` (or what it says for the start time). */
		const answer = async (signal: PaceSignal | ((at: number) => PaceSignal), afterMs = 0) => {
			if (afterMs > 0) await clock.runUntil(clock.wait(afterMs), 600_000);
			await clock.runUntil(
				limiter.run(
					async () => {
						starts.push(clock.now());
						return typeof signal === 'function' ? signal(clock.now()) : signal;
					},
					undefined,
					(s) => s,
				),
				600_000,
			);
		};
		return { clock, limiter, answer, starts };
	}

	const SLOT_MS = (1000 + DEFAULT_PACING.slotMarginMs) / 5;

	test('a breach means another process: every other slot of a grid from the clock, once the burst has left the window', async () => {
		const { limiter, answer, starts } = probe(0.9);
		await answer('clean');
		await answer('breach', 100);
		const breachAt = starts[1];
		for (let i = 0; i < 4; i++) await answer('clean');
		const after = starts.slice(2);
		expect(after[0]).toBeGreaterThanOrEqual(breachAt + 1000);
		for (const at of after) expect(at % (2 * SLOT_MS)).toBe(SLOT_MS); // the odd slots (draw 0.9)
		for (const gap of after.slice(1).map((at, i) => at - after[i])) expect(gap).toBe(2 * SLOT_MS);
		expect(limiter.currentRate).toBeCloseTo(1000 / (2 * SLOT_MS), 9);
	});

	/** Which half of the grid the last request went in. */
	const halfOf = (at: number) => Math.round(at / SLOT_MS) % 2;

	test('two breaches close together, most answers refused: our requests arrive second in the same half, so we move', async () => {
		const { answer, starts } = probe(0.7); // the even-odds draw would say "stay"
		await answer('breach');
		await answer('breach', 1100);
		await answer('breach');
		await answer('clean', 1100);
		await answer('clean');
		const last = starts[starts.length - 1];
		expect(halfOf(last)).toBe(0); // moved from the odd half, drawn on the first breach (0.7)
		expect(last - starts[starts.length - 2]).toBe(2 * SLOT_MS);
	});

	test('two breaches close together among clean answers: both processes are refused now and then; each moves at even odds', async () => {
		for (const [draw, moved] of [
			[0.2, true],
			[0.7, false],
		] as const) {
			const { answer, starts } = probe(draw);
			await answer('breach');
			for (let i = 0; i < 3; i++) await answer('clean');
			await answer('breach');
			await answer('breach');
			await answer('clean', 1100);
			await answer('clean');
			const last = starts[starts.length - 1];
			const half = draw < 0.5 ? 0 : 1; // drawn on the first breach
			expect(halfOf(last)).toBe(moved ? 1 - half : half);
			expect(last - starts[starts.length - 2]).toBe(2 * SLOT_MS);
		}
	});

	test('a probe skips our next slot and goes late into the one between; three clean ones in a row leave the grid for the full rate', async () => {
		const { limiter, answer, starts } = probe(0.9);
		await answer('breach');
		// Clean answers until the probes have run: the first after about 4 s, then about 1 s apart.
		while (limiter.currentRate < 4 && starts.length < 200) await answer('clean');
		const probes = starts.filter((at) => at % SLOT_MS === 50);
		expect(probes).toHaveLength(3);
		for (const at of probes) {
			// In the even half (ours is odd), and the slot of ours after it stays empty.
			expect(Math.floor(at / SLOT_MS) % 2).toBe(0);
			expect(starts).not.toContain(at - 50 + SLOT_MS);
		}
		// Off the grid: five requests a window, the short full-rate gap apart, as a process alone.
		await answer('clean', 1100);
		for (let i = 0; i < 4; i++) await answer('clean');
		const last = starts.slice(-5);
		for (const gap of last.slice(1).map((at, i) => at - last[i]))
			expect(gap).toBe(DEFAULT_PACING.fullRateGapMs);
		expect(limiter.currentRate).toBe(5);
	});

	test('a breach soon after leaving the grid brings it back, and the next probes wait twice as long', async () => {
		const { limiter, answer, starts } = probe(0.5); // jitter 1: the waits exactly as configured
		await answer('breach');
		while (limiter.currentRate < 5 && starts.length < 200) await answer('clean');
		await answer('breach'); // within verifyMs of the third clean probe
		const breachAt = starts[starts.length - 1];
		expect(limiter.currentRate).toBeCloseTo(1000 / (2 * SLOT_MS), 9);
		const isProbe = (at: number) => at % SLOT_MS === 50;
		while (!starts.some((at) => at > breachAt && isProbe(at)) && starts.length < 400)
			await answer('clean');
		const nextProbe = starts.find((at) => at > breachAt && isProbe(at)) as number;
		const hold = DEFAULT_PACING.probeHoldMs;
		expect(nextProbe - breachAt).toBeGreaterThanOrEqual(2 * hold);
		expect(nextProbe - breachAt).toBeLessThan(2 * hold + 1250);
	});

	test('a probe that meets the other process keeps our half, and the next one waits twice as long', async () => {
		const { limiter, answer, starts } = probe(0.5); // jitter 1: the waits exactly as configured
		await answer('breach');
		const breachAt = starts[0];
		const isProbe = (at: number) => at % SLOT_MS === 50;
		while (starts.filter(isProbe).length < 3 && starts.length < 400)
			await answer((at) => (isProbe(at) ? 'breach' : 'clean'));
		const [first, second, third] = starts.filter(isProbe);
		const hold = DEFAULT_PACING.probeHoldMs;
		// Each wait runs from the answer before, and the probe then takes the next free slot between.
		expect(first - breachAt).toBeGreaterThanOrEqual(hold);
		expect(first - breachAt).toBeLessThan(hold + 1250);
		expect(second - first).toBeGreaterThanOrEqual(2 * hold);
		expect(second - first).toBeLessThan(2 * hold + 1250);
		expect(third - second).toBeGreaterThanOrEqual(4 * hold);
		expect(third - second).toBeLessThan(4 * hold + 1250);
		expect(limiter.currentRate).toBeCloseTo(1000 / (2 * SLOT_MS), 9);
	});

	test('collisions that moving does not cure mean more than two processes: the pace becomes AIMD', async () => {
		const { limiter, answer } = probe(0.3);
		await answer('breach');
		const paired = limiter.currentRate;
		// Each breach 1.1 s after the last (past the echo of the move before) is one more collision.
		let collisions = 0;
		while (limiter.currentRate === paired && collisions < 10) {
			await answer('breach', 1100);
			collisions++;
		}
		expect(collisions).toBe(DEFAULT_PACING.collisionsToCrowd);
		// A third of Feishu's rate, give or take a fifth.
		expect(limiter.currentRate).toBeGreaterThanOrEqual((5 / 3) * 0.8);
		expect(limiter.currentRate).toBeLessThanOrEqual((5 / 3) * 1.2);
		// Then AIMD: clean answers raise it back to 5/s, never further.
		let answers = 0;
		while (limiter.currentRate < 5 && answers < 2000) {
			await answer('clean');
			answers++;
		}
		expect(limiter.currentRate).toBe(5);
	});

	test('under AIMD, breaches that keep coming cut the rate to its floor, and requests are spread evenly at it', async () => {
		const { limiter, answer, starts } = probe(0.3);
		await answer('breach');
		for (let i = 0; i < DEFAULT_PACING.collisionsToCrowd; i++) await answer('breach', 1100);
		// Past the echo of the last cut (the window) and within stepBlameMs of the breach before.
		for (let i = 0; i < 30; i++) await answer('breach', 1100);
		const floor = DEFAULT_PACING.minRequestsPerSecond;
		expect(limiter.currentRate).toBe(floor);
		const lastBreach = starts[starts.length - 1];
		await answer('clean');
		expect(starts[starts.length - 1] - lastBreach).toBeGreaterThanOrEqual(1000 / floor);
	});

	test('a request that brings no answer leaves the pace alone', async () => {
		const { clock, limiter, answer } = probe(0.9);
		await answer('breach');
		const rate = limiter.currentRate;
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
		expect(limiter.currentRate).toBe(rate);
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
			expect(shared.steadyUploadsPerSecond).toBeGreaterThanOrEqual(
				(processes === 2 ? 0.85 : 0.7) * 5,
			);
			expect(shared.uploadsPerSecond).toBeGreaterThanOrEqual((processes === 2 ? 0.85 : 0.7) * 5);
			expect(shared.uploadsPerSecond).toBeLessThanOrEqual(5);
			expect(shared.breachShare).toBeLessThanOrEqual(processes === 2 ? 0.1 : 0.2);
		},
	);

	test('without reading the answers the same processes thrash (the reason for the pace)', async () => {
		const fixed = await shareOneApp(3, 100, false);
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
