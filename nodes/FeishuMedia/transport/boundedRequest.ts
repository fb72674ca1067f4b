import type { FeishuAnswer } from '../protocol/failures';
import { TransportError } from '../protocol/failures';
import { settle } from '../protocol/settle';
import { discard, readAnswer, type StreamedResponse } from './answer';
import { classifyRequestError } from './requestErrors';
import { CancelledError, Deadline } from './waits';

/**
 * One request through an n8n helper (`encoding: 'stream'`, full response), bounded: the answer is
 * read up to `maxBytes`, and the whole exchange ends within `timeoutMs`. n8n's own `timeout` only
 * watches for silence, and its abort signal belongs to the execution, hence the Deadline here.
 */
export async function boundedRequest(
	send: () => Promise<unknown>,
	host: string,
	timeoutMs: number,
	maxBytes: number,
	signal?: AbortSignal,
): Promise<FeishuAnswer> {
	const deadline = new Deadline(timeoutMs);
	const pending = settle(send() as Promise<StreamedResponse>);
	const outcome = await Promise.race([pending, deadline.passed.then(() => undefined)]);
	if (outcome === undefined) {
		// The answer may still come; its socket is closed then, unread.
		void pending.then((late) => late.ok && discard(late.value));
		throw new TransportError(
			`${host} did not answer within ${timeoutMs} ms`,
			'timeout',
			'ETIMEDOUT',
		);
	}
	if (!outcome.ok) {
		deadline.cancel();
		if (signal?.aborted) throw new CancelledError();
		throw classifyRequestError(outcome.error, host);
	}
	const answer = await settle(readAnswer(outcome.value, host, maxBytes, deadline, signal));
	deadline.cancel();
	if (!answer.ok) throw answer.error;
	return answer.value;
}
