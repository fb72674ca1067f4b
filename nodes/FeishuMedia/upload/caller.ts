import type { UploadEndpoint } from '../protocol/endpoints';
import type { RequestPayload } from '../transport/feishuClient';

/** One reliable Feishu call (rate limit, token, retries), bound to an execution and an item. */
export type FeishuCaller = (
	endpoint: UploadEndpoint,
	payload: RequestPayload,
) => Promise<Record<string, unknown>>;

export interface UploadLog {
	warn(message: string): void;
}
