#!/usr/bin/env node
'use strict';

// `node scripts/queue/simulate.js [processes] [runs]` (after npm run build): the limiter of
// dist/ in N processes that share one app, against a Feishu as strict as fake-feishu/ (5 arrivals
// per sliding second, refused ones counted too, and no two requests at once), on a simulated
// clock with the noise of a busy machine: late timers, now and then a long stall, a few ms of
// network each way. Each process runs 2 executions of 50 items (100 with 3 or more processes),
// retried as protocol/retryPolicy.ts says. Prints uploads/s as npm run test:queue counts them
// and the share of breach answers, over `runs` seeds: a quick way to weigh a change to the pace
// before the real queue-mode run, which takes minutes.

const path = require('path');
const { mulberry32 } = require('../../fake-feishu/faults');

const distLimiter = path.join(__dirname, '../../dist/nodes/FeishuMedia/protocol/rateLimiter.js');
const distRetry = path.join(__dirname, '../../dist/nodes/FeishuMedia/protocol/retryPolicy.js');

const exponential = (random, mean) => -Math.log(1 - random()) * mean;

/** Timers fire late by a millisecond or two, and 2 % of them by 10-60 ms (another process had the CPU). */
class NoisyClock {
	constructor(random) {
		this.random = random;
		this.time = 1_700_000_000_000 + Math.floor(random() * 100_000); // wall-clock-like
		this.timers = [];
		this.seq = 0;
	}

	now() {
		return this.time;
	}

	/** Exactly `ms` (the network, the server). */
	sleep(ms) {
		return new Promise((resolve) =>
			this.timers.push({ at: this.time + Math.max(0, ms), seq: this.seq++, resolve }),
		);
	}

	/** A timer of this process: late by a little, sometimes by a lot. */
	wait(ms) {
		let late = exponential(this.random, 1.5);
		if (this.random() < 0.02) late += 10 + this.random() * 50;
		return this.sleep(ms + late);
	}

	async runUntil(done) {
		let finished = false;
		void done.finally(() => (finished = true));
		for (;;) {
			await new Promise((resolve) => setImmediate(resolve));
			if (finished) return;
			if (this.timers.length === 0) throw new Error('simulation stalled');
			this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
			const next = this.timers.shift();
			this.time = Math.max(this.time, next.at);
			next.resolve();
		}
	}
}

/** One app's limits as fake-feishu/rateLimiter.js keeps them. */
class StrictFeishu {
	constructor(clock, random) {
		this.clock = clock;
		this.random = random;
		this.window = [];
		this.inFlight = 0;
		this.log = [];
	}

	async upload() {
		const { clock, random } = this;
		await clock.sleep(2 + exponential(random, 3)); // to the server
		const at = clock.now();
		this.window.push(at);
		while (this.window[0] <= at - 1000) this.window.shift();
		const breach = this.window.length > 5 || this.inFlight > 0;
		this.inFlight++;
		await clock.sleep(breach ? 1 + random() * 2 : 2 + exponential(random, 4));
		this.inFlight--;
		this.log.push({ at, breach });
		await clock.sleep(1 + exponential(random, 2)); // back
		return breach ? 'breach' : 'clean';
	}
}

/** As scripts/bench/measure.js counts: 5 per second from the first stored arrival to the last. */
function uploadsPerSecond(arrivals) {
	const span = (Math.max(...arrivals) - Math.min(...arrivals)) / 1000;
	return (5 * Math.floor((arrivals.length - 1) / 5)) / span;
}

async function simulate({ AppRateLimiter, backoffDelayMs }, processes, seed) {
	const random = mulberry32(seed);
	const clock = new NoisyClock(random);
	const feishu = new StrictFeishu(clock, random);
	const items = processes === 2 ? 50 : 100;
	const execution = async (limiter) => {
		await clock.sleep(random() * 30);
		for (let item = 0; item < items; item++) {
			await clock.sleep(1 + random() * 5); // the node reads the item and builds the body
			for (let attempt = 0; ; attempt++) {
				const answer = await limiter.run(
					() => feishu.upload(),
					undefined,
					(signal) => signal,
				);
				if (answer === 'clean') break;
				await clock.wait(backoffDelayMs(attempt, 0, random));
			}
		}
	};
	const worker = async (index) => {
		await clock.sleep(index === 0 ? 0 : random() * 300); // workers pick their jobs up apart
		const limiter = new AppRateLimiter(5, clock, 1000, 3, undefined, random);
		await Promise.all([execution(limiter), execution(limiter)]);
	};
	await clock.runUntil(Promise.all(Array.from({ length: processes }, (_, i) => worker(i))));
	const stored = feishu.log.filter((entry) => !entry.breach).map((entry) => entry.at);
	return {
		share: uploadsPerSecond(stored) / 5,
		breachShare: (feishu.log.length - stored.length) / feishu.log.length,
	};
}

async function main() {
	const processes = Number(process.argv[2] ?? 2);
	const runs = Number(process.argv[3] ?? 100);
	const code = { ...require(distLimiter), ...require(distRetry) };
	const results = [];
	for (let seed = 1; seed <= runs; seed++) results.push(await simulate(code, processes, seed));
	const sorted = (key) => results.map((result) => result[key] * 100).sort((a, b) => a - b);
	const describe = (values) => {
		const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
		const at = (q) => values[Math.floor(q * (values.length - 1))];
		return `mean ${mean.toFixed(1)} %, 10th percentile ${at(0.1).toFixed(1)} %, 90th ${at(0.9).toFixed(1)} %`;
	};
	const shares = sorted('share');
	const below80 = shares.filter((share) => share < 80).length;
	process.stdout.write(
		`${processes} processes, ${runs} runs\n` +
			`  uploads/s of 5/s: ${describe(shares)}; ${below80} runs below 80 %\n` +
			`  breach answers:   ${describe(sorted('breachShare'))}\n`,
	);
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
