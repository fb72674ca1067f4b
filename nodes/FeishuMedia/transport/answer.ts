import { TransportError, type FeishuAnswer, type HeaderValue } from '../protocol/failures';
import { settle } from '../protocol/settle';
import type { Deadline } from './waits';

/** The response body as n8n's helper hands it out with `encoding: 'stream'`. */
export interface BodyStream extends AsyncIterable<unknown> {
	destroy(error?: Error): void;
}

export interface StreamedResponse {
	body: BodyStream;
	headers: Record<string, HeaderValue>;
	statusCode: number;
}

function parse(status: number, headers: Record<string, HeaderValue>, text: string): FeishuAnswer {
	try {
		const parsed: unknown = JSON.parse(text);
		if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
			return { status, headers, json: parsed as Record<string, unknown> };
		}
	} catch {
		// Not JSON: a gateway page or a proxy's error; its first words go into the error message.
	}
	return { status, headers, textSnippet: text.slice(0, 200) };
}

/**
 * Reads a reply body of at most `maxBytes` before `deadline` passes. A larger or slower reply is
 * cut off (the socket closed) and becomes a TransportError, never an unbounded buffer.
 */
export async function readAnswer(
	response: StreamedResponse,
	host: string,
	maxBytes: number,
	deadline: Deadline,
	signal?: AbortSignal,
): Promise<FeishuAnswer> {
	const { body } = response;
	let failure: TransportError | undefined;
	const stop = (error: TransportError) => {
		failure ??= error;
		body.destroy(error);
	};
	void deadline.passed.then((passed) => {
		if (passed)
			stop(
				new TransportError(
					`${host} did not finish its answer within ${deadline.ms} ms`,
					'timeout',
					'ETIMEDOUT',
				),
			);
	});
	const onAbort = () => stop(new TransportError('the execution was stopped', 'other'));
	signal?.addEventListener('abort', onAbort, { once: true });
	const chunks: Buffer[] = [];
	let size = 0;
	const reading = await settle(
		(async () => {
			for await (const chunk of body) {
				const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
				size += bytes.length;
				if (size > maxBytes) {
					stop(
						new TransportError(
							`${host} sent an answer larger than ${maxBytes} bytes; the node stopped reading it`,
							'tooLarge',
						),
					);
					break;
				}
				chunks.push(bytes);
			}
		})(),
	);
	signal?.removeEventListener('abort', onAbort);
	if (failure) throw failure;
	if (!reading.ok) {
		const code = (reading.error as { code?: string } | undefined)?.code;
		throw new TransportError(
			`the connection to ${host} broke while reading the answer`,
			'dropped',
			code,
		);
	}
	return parse(response.statusCode, response.headers, Buffer.concat(chunks).toString('utf8'));
}

/** Frees the socket of a response nobody will read (it came after the deadline). */
export function discard(response: unknown): void {
	const body = (response as Partial<StreamedResponse> | undefined)?.body;
	if (body && typeof body.destroy === 'function') body.destroy();
}
