import type { FeishuAnswer } from './failures';
import type { PaceSignal } from './rateLimiter';

/** Feishu's answers to a breach of the app's limits: 1061045 (with HTTP 200) and the gateway's 99991400 / HTTP 429. */
const LIMIT_BREACH_CODES: ReadonlySet<unknown> = new Set([1061045, 99991400]);

/** What an answer tells the app's limiter: slow down on a limit breach, speed up on anything else. */
export function paceSignalOf(answer: FeishuAnswer): PaceSignal {
	return answer.status === 429 || LIMIT_BREACH_CODES.has(answer.json?.code) ? 'breach' : 'clean';
}
