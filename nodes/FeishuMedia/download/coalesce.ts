function joined(chunks: Buffer[], bytes: number): Buffer {
	return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, bytes);
}

/**
 * Joins small chunks (a socket hands out 16-64 KiB at a time) into pieces of at least `minBytes`,
 * so the binary store writes a few large blocks instead of thousands of small ones, and keeps
 * reading up to `ahead` pieces while the store writes one: reading and writing overlap, as they
 * do in curl, instead of taking turns. Holds at most `ahead` pieces plus one chunk; the order
 * and the bytes are unchanged.
 */
export async function* coalesced(
	source: AsyncIterable<Buffer>,
	minBytes: number,
	ahead = 4,
): AsyncGenerator<Buffer> {
	const ready: Buffer[] = [];
	let finished = false;
	let stopped = false;
	let failure: unknown;
	let wakeReader: (() => void) | undefined;
	let wakeWriter: (() => void) | undefined;
	const wait = async (set: (wake: () => void) => void) =>
		await new Promise<void>((resolve) => set(resolve));

	const reading = (async () => {
		let pending: Buffer[] = [];
		let pendingBytes = 0;
		for await (const chunk of source) {
			pending.push(chunk);
			pendingBytes += chunk.length;
			if (pendingBytes < minBytes) continue;
			ready.push(joined(pending, pendingBytes));
			pending = [];
			pendingBytes = 0;
			wakeWriter?.();
			while (ready.length >= ahead && !stopped) await wait((wake) => (wakeReader = wake));
			if (stopped) return;
		}
		if (pendingBytes > 0) ready.push(joined(pending, pendingBytes));
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
			const piece = ready.shift();
			if (piece) {
				wakeReader?.();
				yield piece;
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
