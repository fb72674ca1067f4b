import { sleepWithAbort } from 'n8n-workflow';

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

/** A deadline that can be called off, so a finished request leaves no timer behind. */
export class Deadline {
	private readonly controller = new AbortController();
	/** Resolves true when the time is up, false when called off first. */
	readonly passed: Promise<boolean>;

	constructor(readonly ms: number) {
		this.passed = sleepWithAbort(ms, this.controller.signal).then(
			() => true,
			() => false,
		);
	}

	cancel(): void {
		this.controller.abort();
	}
}
