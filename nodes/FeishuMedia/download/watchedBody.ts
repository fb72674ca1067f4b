import { TransportError } from '../protocol/failures';
import type { BodyStream } from '../transport/answer';
import { CancelledError, Deadline } from '../transport/waits';

/**
 * The chunks of a response body, as Buffers, watched: nothing arriving for `idleMs` (the node's
 * Timeout option: time without progress) or the execution being stopped destroys the body and
 * ends the iteration with that reason. The time the consumer takes (n8n writing to its store)
 * does not count as silence.
 */
export async function* watchedBody(
	body: BodyStream,
	idleMs: number,
	host: string,
	signal?: AbortSignal,
): AsyncGenerator<Buffer> {
	let lastProgress = Date.now();
	let failure: Error | undefined;
	const stop = (error: Error) => {
		failure ??= error;
		body.destroy(error);
	};
	const watching = new AbortController();
	const onAbort = () => stop(new CancelledError());
	signal?.addEventListener('abort', onAbort, { once: true });
	void (async () => {
		const stepMs = Math.max(20, Math.min(1000, idleMs / 4));
		for (;;) {
			if (watching.signal.aborted) return;
			const step = new Deadline(stepMs);
			const onStop = () => step.cancel();
			watching.signal.addEventListener('abort', onStop, { once: true });
			const slept = await step.passed;
			watching.signal.removeEventListener('abort', onStop);
			if (!slept) return;
			if (Date.now() - lastProgress > idleMs) {
				stop(new TransportError(`${host} sent nothing for ${idleMs} ms`, 'timeout', 'ETIMEDOUT'));
				return;
			}
		}
	})();
	try {
		for await (const chunk of body) {
			lastProgress = Date.now();
			yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
			lastProgress = Date.now();
		}
	} catch (error) {
		throw failure ?? error;
	} finally {
		watching.abort();
		signal?.removeEventListener('abort', onAbort);
	}
	if (failure) throw failure;
}
