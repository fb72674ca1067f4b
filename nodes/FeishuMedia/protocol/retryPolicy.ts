export const DEFAULT_MAX_RETRIES = 8;

/** The whole-request deadline when the Timeout option is left alone. */
export const DEFAULT_TIMEOUT_MS = 120_000;

/** The longest wait the gateway's x-ogw-ratelimit-reset may impose; beyond it the item fails. */
export const MAX_GATEWAY_WAIT_MS = 60_000;

/** An unreachable host is retried for about this long, then the item fails and so do the rest at once. */
export const UNREACHABLE_BUDGET_MS = 8_000;

/** No retry starts once an item has been running this long (its requests still end within Timeout). */
export const ITEM_RETRY_BUDGET_MS = 15 * 60_000;

const BASE_DELAY_MS = 400;
const MAX_DELAY_MS = 15_000;

/** Exponential backoff with jitter, so that retrying workers do not hit Feishu in lockstep. */
export function backoffDelayMs(
	attempt: number,
	serverAskedMs = 0,
	random: () => number = Math.random,
): number {
	const exponential = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
	const jittered = exponential / 2 + random() * (exponential / 2);
	return Math.max(jittered, serverAskedMs);
}
