import { fileNameFromContentDisposition } from '../protocol/contentDisposition';
import { MAX_ANSWER_BYTES, MEDIA_PATH } from '../protocol/endpoints';
import { FeishuApiFailure, TransportError, unwrapFeishuAnswer } from '../protocol/failures';
import { downloadPath, parseContentRange } from '../protocol/mediaRead';
import { mimeTypeOf } from '../protocol/mimeTypes';
import { attempt, settle } from '../protocol/settle';
import { readAnswer, type StreamedResponse } from '../transport/answer';
import type { AttemptNotes, ExecutionScope, ItemBudget } from '../transport/feishuClient';
import { headerText, openRead } from '../transport/mediaRequest';
import { withReadRetries } from '../transport/readRetries';
import { newLedger, nextRetryDelay, waitToRetry, type RetryLedger } from '../transport/retries';
import { CancelledError, Deadline } from '../transport/waits';
import { feedBody, type BodyFeed, type FlowingBody } from './bodyFeed';
import { fedReadable, type FedReadable } from './readable';

// Bytes queued for the store while it writes: the socket keeps flowing through a write (as curl
// overlaps reading and writing), and the next write takes the queue whole. Small beside the 64 MiB
// a download may grow memory by.
const QUEUE_BYTES = 1024 * 1024;

/** An opened download: what the file is, and its bytes still to come. */
export interface OpenedDownload {
	fileName: string;
	mimeType: string;
	/** Bytes Feishu announced; undefined when it sent no length. */
	total?: number;
	/**
	 * The file's bytes, in order, across as many resumed responses as it takes: a Node.js Readable
	 * for n8n's store, already filling its queue. It fails with the download's own error.
	 */
	stream: FedReadable;
	/** Bytes handed out so far. */
	received(): number;
	/** Frees the connection when the bytes will not be read (or not to the end). */
	close(): void;
	/** Why the bytes stopped, when they did: n8n's store may word it its own way. */
	failure(): unknown;
}

/** Feishu's errors are JSON even here; a file is known by its Content-Disposition. */
function isFileAnswer(response: StreamedResponse): boolean {
	if (response.statusCode !== 200 && response.statusCode !== 206) return false;
	const type = headerText(response.headers, 'content-type') ?? '';
	return (
		!/^application\/json\b/i.test(type) ||
		headerText(response.headers, 'content-disposition') !== undefined
	);
}

async function failureOf(
	response: StreamedResponse,
	host: string,
	budget: ItemBudget,
	signal?: AbortSignal,
): Promise<never> {
	const deadline = new Deadline(budget.timeoutMs);
	try {
		const answer = await readAnswer(response, host, MAX_ANSWER_BYTES, deadline, signal);
		unwrapFeishuAnswer('download', answer);
		// A success envelope where the file should be: say so rather than store JSON as the file.
		throw new FeishuApiFailure(
			'download',
			answer.status,
			undefined,
			'a JSON answer instead of the file',
			headerText(response.headers, 'x-tt-logid'),
		);
	} finally {
		deadline.cancel();
	}
}

interface Progress {
	total?: number;
	received: number;
}

/** Checks a resumed response continues at `progress.received`; -> bytes to skip (a 200 restarts at 0). */
function continuation(response: StreamedResponse, progress: Progress, host: string): number {
	if (response.statusCode === 206) {
		const range = parseContentRange(headerText(response.headers, 'content-range'));
		if (
			!range ||
			range.start !== progress.received ||
			(progress.total !== undefined && range.total !== progress.total)
		) {
			throw new TransportError(
				`${host} resumed the download at the wrong place (${headerText(response.headers, 'content-range') ?? 'no Content-Range'})`,
				'other',
			);
		}
		return 0;
	}
	// The server ignored the Range: the whole file again, of which the first bytes are already here.
	const length = Number(headerText(response.headers, 'content-length'));
	if (progress.total !== undefined && Number.isFinite(length) && length !== progress.total) {
		throw new TransportError(
			`${host} sent a file of another size when the download was resumed`,
			'other',
		);
	}
	return progress.received;
}

function asTransportError(error: unknown, host: string, progress: Progress): unknown {
	if (
		error instanceof TransportError ||
		error instanceof CancelledError ||
		error instanceof FeishuApiFailure
	)
		return error;
	const code = (error as { code?: unknown } | undefined)?.code;
	return new TransportError(
		`the connection to ${host} broke after ${progress.received} bytes of the file`,
		'dropped',
		typeof code === 'string' ? code : undefined,
	);
}

/**
 * Opens the download of one file and hands out its bytes as they come. A connection that breaks,
 * closes early or goes silent mid-file is resumed with `Range: bytes=N-` from the byte reached,
 * within the item's retry budget. At most QUEUE_BYTES and one chunk are held here.
 */
export async function openDownload(
	scope: ExecutionScope,
	budget: ItemBudget,
	fileToken: string,
	extra: string | undefined,
): Promise<OpenedDownload> {
	const url = `${scope.baseUrl}${MEDIA_PATH}${downloadPath(fileToken, extra)}`;
	const host = new URL(url).host;
	const ledger: RetryLedger = newLedger();
	const open = async (offset: number) =>
		await withReadRetries(scope, budget, ledger, 'download', async (renewToken) => {
			// identity: the bytes as stored, so Content-Length and Range count the file's own bytes
			// (a gzip-encoded answer, which n8n's helper would inflate, would count others).
			const headers: Record<string, string> = {
				'Accept-Encoding': 'identity',
				...(offset > 0 ? { Range: `bytes=${offset}-` } : {}),
			};
			const response = await openRead(scope, {
				url,
				headers,
				timeoutMs: budget.timeoutMs,
				renewToken,
				signal: scope.signal,
			});
			if (isFileAnswer(response)) return response;
			return await failureOf(response, host, budget, scope.signal);
		});

	const first = await open(0);
	const range =
		first.statusCode === 206
			? parseContentRange(headerText(first.headers, 'content-range'))
			: undefined;
	const length = Number(headerText(first.headers, 'content-length'));
	const progress: Progress = {
		total: range?.total ?? (Number.isSafeInteger(length) && length >= 0 ? length : undefined),
		received: 0,
	};
	const fileName =
		fileNameFromContentDisposition(headerText(first.headers, 'content-disposition')) ?? fileToken;

	let response = first;
	let feed: BodyFeed | undefined;
	let stopped = false;
	let stoppedBy: unknown;
	// Bytes of a restarted (200) answer that are already here.
	let skip = 0;
	const stream = fedReadable(first.body, {
		highWaterMark: QUEUE_BYTES,
		// Feeding starts with the store's first read, so the stream cannot fail before the store
		// listens; after that, a read resumes a body paused for the store.
		read: () => (feed ? feed.resume() : startFeeding()),
		destroy: (error, callback) => {
			// The store stopped reading (or the download failed): nothing more is fetched.
			stopped = true;
			feed?.stop(error ?? new CancelledError());
			response.body.destroy();
			callback(error);
		},
	});
	// The store reads the stream's failure itself; this listener only keeps a store that stopped
	// listening from turning the failure into an uncaught one.
	stream.on('error', () => undefined);

	const take = (chunk: Buffer): boolean => {
		let bytes = chunk;
		if (skip > 0) {
			const dropped = Math.min(skip, bytes.length);
			skip -= dropped;
			bytes = bytes.subarray(dropped);
			if (bytes.length === 0) return true;
		}
		progress.received += bytes.length;
		if (progress.total !== undefined && progress.received > progress.total) {
			throw new TransportError(
				`${host} sent more bytes than the ${progress.total} it announced`,
				'other',
			);
		}
		return stream.push(bytes);
	};
	const giveUp = (failure: unknown) => {
		stoppedBy = failure;
		stream.destroy(failure instanceof Error ? failure : new Error(String(failure)));
	};

	/** Feeds each response's body in turn, resuming after a break, until the file is whole. */
	const feedAll = async (): Promise<void> => {
		for (;;) {
			feed = feedBody(response.body as unknown as FlowingBody, take, {
				idleMs: budget.timeoutMs,
				host,
				signal: scope.signal,
			});
			const fed = await settle(feed.done);
			if (stopped) return;
			let failure: unknown;
			if (fed.ok) {
				if (progress.total === undefined || progress.received === progress.total) {
					stream.push(null);
					return;
				}
				failure = new TransportError(
					`${host} closed the download after ${progress.received} of ${progress.total} bytes`,
					'dropped',
				);
			} else failure = asTransportError(fed.error, host, progress);
			if (failure instanceof CancelledError || scope.signal?.aborted)
				return giveUp(new CancelledError());
			const delay =
				progress.total === undefined ? undefined : nextRetryDelay(failure, ledger, budget);
			if (delay === undefined) {
				if (failure instanceof Error)
					Object.assign(failure, { attempts: ledger.retriesUsed + 1 } satisfies AttemptNotes);
				return giveUp(failure);
			}
			const reason = failure instanceof Error ? failure.message : String(failure);
			const waited = await settle(
				waitToRetry(
					scope,
					ledger,
					budget,
					delay,
					`download: ${reason}; resuming at byte ${progress.received}`,
				),
			);
			if (!waited.ok) return giveUp(waited.error);
			if (stopped) return;
			const reopened = await settle(open(progress.received));
			if (!reopened.ok) return giveUp(reopened.error);
			response = reopened.value;
			if (stopped) {
				response.body.destroy();
				return;
			}
			const resumedAt = attempt(() => continuation(response, progress, host));
			if (!resumedAt.ok) {
				response.body.destroy();
				return giveUp(resumedAt.error);
			}
			skip = resumedAt.value;
		}
	};
	let started = false;
	function startFeeding(): void {
		if (started) return;
		started = true;
		// feedAll settles its own failures; anything else still ends the stream, never hangs it.
		void feedAll().catch((error: unknown) => {
			if (!stopped) giveUp(error);
		});
	}

	return {
		fileName,
		mimeType: mimeTypeOf(headerText(first.headers, 'content-type'), fileName),
		total: progress.total,
		stream,
		received: () => progress.received,
		// The stream's destroy hook stops the feed and frees the connection.
		close: () => stream.destroy(),
		failure: () => stoppedBy,
	};
}
