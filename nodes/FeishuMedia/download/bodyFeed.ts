import { TransportError } from '../protocol/failures';
import { CancelledError, Deadline } from '../transport/waits';

/** A response body as n8n's request helper hands it out: a Node.js Readable. */
export interface FlowingBody {
	on(event: 'data', listener: (chunk: unknown) => void): unknown;
	on(event: 'end' | 'close', listener: () => void): unknown;
	on(event: 'error', listener: (error: Error) => void): unknown;
	removeListener(event: 'data', listener: (chunk: unknown) => void): unknown;
	pause(): unknown;
	resume(): unknown;
	destroy(error?: Error): unknown;
}

/** One body being read: `done` settles when it ended or stopped. */
export interface BodyFeed {
	/** Resolves once the body ended; rejects with why it stopped otherwise. */
	done: Promise<void>;
	/** The consumer wants more: reading goes on after a `take` that returned false. */
	resume(): void;
	/** Stops reading and destroys the body; `done` rejects with `reason`. */
	stop(reason: Error): void;
}

export interface FeedWatch {
	/** The node's Timeout option: time without a byte arriving. */
	idleMs: number;
	host: string;
	signal?: AbortSignal;
}

/**
 * Reads `body` chunk by chunk into `take`, by its 'data' events: one call per chunk, where an
 * async iteration costs a chain of promises per chunk (three such layers took a third of the
 * download's CPU). `take` returning false pauses the body until `resume()`; `take` throwing stops
 * it with that error. Nothing arriving for `idleMs`, while the consumer is not the one waiting,
 * or the execution being stopped, destroys the body with that reason.
 */
export function feedBody(
	body: FlowingBody,
	take: (chunk: Buffer) => boolean,
	watch: FeedWatch,
): BodyFeed {
	let lastProgress = Date.now();
	let waitingForConsumer = false;
	let settled = false;
	let outcome: { resolve: () => void; reject: (error: unknown) => void } | undefined;
	const done = new Promise<void>((resolve, reject) => (outcome = { resolve, reject }));
	const watching = new AbortController();

	const finish = (error?: Error) => {
		if (settled) return;
		settled = true;
		watching.abort();
		watch.signal?.removeEventListener('abort', onAbort);
		body.removeListener('data', onData);
		if (error) {
			// Our 'error' listener stays, so the destroyed body's own 'error' is never an uncaught one.
			body.destroy(error);
			outcome?.reject(error);
		} else outcome?.resolve();
	};
	const onAbort = () => finish(new CancelledError());

	const onData = (chunk: unknown) => {
		if (settled) return;
		lastProgress = Date.now();
		const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
		let more: boolean;
		try {
			more = take(bytes);
		} catch (error) {
			finish(error instanceof Error ? error : new Error(String(error)));
			return;
		}
		if (!more && !settled) {
			waitingForConsumer = true;
			body.pause();
		}
	};
	body.on('data', onData);
	body.on('end', () => finish());
	body.on('error', (error: Error) => finish(error));
	// Closed without 'end': the connection went before the body was whole (the owner words it).
	body.on('close', () => finish(new Error('the body closed before its end')));
	if (watch.signal?.aborted) onAbort();
	else watch.signal?.addEventListener('abort', onAbort, { once: true });

	void (async () => {
		const stepMs = Math.max(20, Math.min(1000, watch.idleMs / 4));
		while (!watching.signal.aborted) {
			const step = new Deadline(stepMs);
			const onStop = () => step.cancel();
			watching.signal.addEventListener('abort', onStop, { once: true });
			const slept = await step.passed;
			watching.signal.removeEventListener('abort', onStop);
			if (!slept) return;
			if (!waitingForConsumer && Date.now() - lastProgress > watch.idleMs) {
				finish(
					new TransportError(
						`${watch.host} sent nothing for ${watch.idleMs} ms`,
						'timeout',
						'ETIMEDOUT',
					),
				);
				return;
			}
		}
	})();

	return {
		done,
		resume() {
			if (settled || !waitingForConsumer) return;
			waitingForConsumer = false;
			lastProgress = Date.now();
			body.resume();
		},
		stop: (reason) => finish(reason),
	};
}
