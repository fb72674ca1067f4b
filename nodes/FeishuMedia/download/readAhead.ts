/**
 * Reads `source` ahead of its consumer, up to `maxBytes` queued, so the socket keeps flowing while
 * n8n's store writes (curl overlaps reading and writing the same way) instead of the two taking
 * turns. The chunks pass on as they came, never joined: a joined piece is a second Buffer of every
 * byte, and that churn of Buffers set off back-to-back full garbage collections (npm run bench
 * with --trace-gc: 20-36 mark-compacts per 500 MiB, twice the CPU). Holds at most `maxBytes` plus
 * one chunk; the order and the bytes are unchanged.
 */
export async function* readAhead(
	source: AsyncIterable<Buffer>,
	maxBytes: number,
): AsyncGenerator<Buffer> {
	const ready: Buffer[] = [];
	let readyBytes = 0;
	let finished = false;
	let stopped = false;
	let failure: unknown;
	let wakeReader: (() => void) | undefined;
	let wakeWriter: (() => void) | undefined;
	const wait = async (set: (wake: () => void) => void) =>
		await new Promise<void>((resolve) => set(resolve));

	const reading = (async () => {
		for await (const chunk of source) {
			ready.push(chunk);
			readyBytes += chunk.length;
			wakeWriter?.();
			while (readyBytes >= maxBytes && !stopped) await wait((wake) => (wakeReader = wake));
			if (stopped) return;
		}
	})();
	// The reader's end (or failure) wakes the writer; a failure surfaces in the writer's order.
	void reading.then(
		() => {
			finished = true;
			wakeWriter?.();
		},
		(error: unknown) => {
			failure = error;
			finished = true;
			wakeWriter?.();
		},
	);

	try {
		for (;;) {
			const chunk = ready.shift();
			if (chunk) {
				readyBytes -= chunk.length;
				if (readyBytes < maxBytes) wakeReader?.();
				yield chunk;
				continue;
			}
			if (finished) break;
			await wait((wake) => (wakeWriter = wake));
		}
		if (failure !== undefined) throw failure;
	} finally {
		// Stopped early (the store failed): the reader ends with the socket, which its owner closes.
		stopped = true;
		wakeReader?.();
	}
}
