/**
 * A faster clock for one test file. Jest gives each test file its own global scope, and the node
 * and the in-process fake Feishu both read time from it (Date.now, setTimeout, setInterval,
 * AbortSignal.timeout). Running that clock `factor` times faster than the wall clock keeps the two
 * agreeing on time, so the fake's rules hold as Feishu documents them (5 upload requests per
 * second, token lifetimes, import job phases), only in shorter real time.
 *
 * What is not on this clock keeps real time: the network and the CPU, so they look `factor` times
 * slower to the node and the fake. Files that assert on how long a socket or a CPU-bound step
 * takes, or on the gap between two requests, stay on the real clock; the pacing, the token renewal
 * and the import polling are checked once more there (test/realTime.test.ts).
 *
 * Call once at the top of a test file: the clock runs faster from the file's first beforeAll to
 * its last afterAll, and everything the file started (the fake included) must be closed by then.
 */
export function runClockFaster(factor: number): void {
	const realNow = Date.now;
	const realSetTimeout = globalThis.setTimeout;
	const realSetInterval = globalThis.setInterval;
	const realSignalTimeout = AbortSignal.timeout;
	const shorten = (ms: unknown) => Math.max(0, Number(ms) || 0) / factor;

	beforeAll(() => {
		const realStart = realNow();
		// Time never goes back while the file runs: virtual time starts at the real time.
		Date.now = () => realStart + (realNow() - realStart) * factor;
		globalThis.setTimeout = ((
			handler: (...args: unknown[]) => void,
			ms?: number,
			...args: unknown[]
		) => realSetTimeout(handler, shorten(ms), ...args)) as typeof setTimeout;
		globalThis.setInterval = ((
			handler: (...args: unknown[]) => void,
			ms?: number,
			...args: unknown[]
		) => realSetInterval(handler, shorten(ms), ...args)) as typeof setInterval;
		// AbortSignal is shared by the test files of one jest worker: put back in afterAll.
		AbortSignal.timeout = (ms: number) => realSignalTimeout.call(AbortSignal, shorten(ms));
	});

	afterAll(() => {
		Date.now = realNow;
		globalThis.setTimeout = realSetTimeout;
		globalThis.setInterval = realSetInterval;
		AbortSignal.timeout = realSignalTimeout;
	});
}
