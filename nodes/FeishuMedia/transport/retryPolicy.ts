export const DEFAULT_MAX_RETRIES = 8;

const BASE_DELAY_MS = 400;
const MAX_DELAY_MS = 15_000;

/** Exponential backoff with jitter, so that retrying workers do not hit Feishu in lockstep. */
export function backoffDelayMs(attempt: number, serverAskedMs?: number): number {
	const exponential = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
	const jittered = exponential / 2 + Math.random() * (exponential / 2);
	return Math.max(jittered, serverAskedMs ?? 0);
}

export async function sleep(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}
