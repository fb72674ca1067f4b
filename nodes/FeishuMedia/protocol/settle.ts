/** A promise's outcome as a value, so a failure can be judged after the fact, outside any catch. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function settle<T>(work: Promise<T>): Promise<Settled<T>> {
	return await work.then(
		(value): Settled<T> => ({ ok: true, value }),
		(error: unknown): Settled<T> => ({ ok: false, error }),
	);
}

/** Runs a synchronous step and returns its outcome instead of throwing. */
export function attempt<T>(step: () => T): Settled<T> {
	try {
		return { ok: true, value: step() };
	} catch (error) {
		return { ok: false, error };
	}
}
