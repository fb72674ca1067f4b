/**
 * Joins small chunks (a socket hands out 16-64 KiB at a time) into pieces of at least `minBytes`,
 * so the binary store writes a few large blocks instead of thousands of small ones. Holds at most
 * one piece plus one chunk; the order and the bytes are unchanged.
 */
export async function* coalesced(source: AsyncIterable<Buffer>, minBytes: number): AsyncGenerator<Buffer> {
	let pending: Buffer[] = [];
	let pendingBytes = 0;
	for await (const chunk of source) {
		pending.push(chunk);
		pendingBytes += chunk.length;
		if (pendingBytes >= minBytes) {
			yield pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
			pending = [];
			pendingBytes = 0;
		}
	}
	if (pendingBytes > 0) yield pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
}
