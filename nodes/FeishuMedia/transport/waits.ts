import { sleep } from 'n8n-workflow';

// n8n 2.x's n8n-workflow (2.40.1) has no sleepWithAbort (n8n 1.x's has): calling it there failed
// every request with "sleepWithAbort is not a function". Both majors export sleep, and
// AbortSignal.timeout is Node's own; the two waits below are built from those.

/** Resolves after `ms`; rejects at once when `signal` aborts. The timer holds the process until it ends. */
async function sleepWithAbort(ms: number, signal: AbortSignal): Promise<void> {
	if (signal.aborted) throw new CancelledError();
	await new Promise<void>((resolve, reject) => {
		const onAbort = () => reject(new CancelledError());
		signal.addEventListener('abort', onAbort, { once: true });
		void sleep(ms).then(() => {
			signal.removeEventListener('abort', onAbort);
			resolve();
		});
	});
}

/**
 * Resolves true after `ms`, false as soon as `signal` aborts. AbortSignal.timeout's timer never
 * holds the process, so a deadline called off leaves nothing behind; while a request is in
 * flight, its socket keeps the process alive.
 */
export async function timeoutUnlessAborted(ms: number, signal: AbortSignal): Promise<boolean> {
	if (signal.aborted) return false;
	const timer = AbortSignal.timeout(Math.max(0, ms));
	return await new Promise<boolean>((resolve) => {
		const finish = (elapsed: boolean) => {
			timer.removeEventListener('abort', onTime);
			signal.removeEventListener('abort', onAbort);
			resolve(elapsed);
		};
		const onTime = () => finish(true);
		const onAbort = () => finish(false);
		timer.addEventListener('abort', onTime, { once: true });
		signal.addEventListener('abort', onAbort, { once: true });
	});
}

/** The execution was stopped: nothing more may be sent. */
export class CancelledError extends Error {
	constructor() {
		super('The execution was stopped');
	}
}

/**
 * Waits `ms`, or rejects with CancelledError as soon as `signal` aborts. A private controller per
 * wait keeps the shared signal free of leftover listeners.
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	if (signal?.aborted) throw new CancelledError();
	const local = new AbortController();
	const onAbort = () => local.abort();
	signal?.addEventListener('abort', onAbort, { once: true });
	const finished = await sleepWithAbort(ms, local.signal).then(
		() => true,
		() => false,
	);
	signal?.removeEventListener('abort', onAbort);
	if (!finished) throw new CancelledError();
}

/** A deadline that can be called off, so a finished request leaves no timer holding the process. */
export class Deadline {
	private readonly controller = new AbortController();
	/** Resolves true when the time is up, false when called off first. */
	readonly passed: Promise<boolean>;

	constructor(readonly ms: number) {
		this.passed = timeoutUnlessAborted(ms, this.controller.signal);
	}

	cancel(): void {
		this.controller.abort();
	}
}
