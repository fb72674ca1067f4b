import { FeishuApiFailure, handlingOf, unwrapFeishuResponse } from './feishuFailure';
import { sendRequest, type RequestBody } from './httpClient';
import { rateLimiterFor } from './rateLimiter';
import { backoffDelayMs, sleep } from './retryPolicy';
import { getTenantToken, invalidateTenantToken, type AppIdentity } from './tenantToken';

export interface ClientLogger {
	warn(message: string): void;
	debug(message: string): void;
}

export interface FeishuClientSettings extends AppIdentity {
	maxRetries: number;
	logger?: ClientLogger;
	idleTimeoutMs?: number;
}

export type UploadEndpoint = 'upload_all' | 'upload_prepare' | 'upload_part' | 'upload_finish';

const MEDIA_PATH = '/open-apis/drive/v1/medias/';

function describeForLog(error: unknown): string {
	if (error instanceof FeishuApiFailure) {
		return error.code === undefined
			? `HTTP ${error.httpStatus}`
			: `code ${error.code} (HTTP ${error.httpStatus}, log id ${error.logId ?? 'none'})`;
	}
	return error instanceof Error ? error.message : String(error);
}

/**
 * One upload API call, made reliable: waits its turn in the app's rate limiter, authenticates,
 * renews the token once on 99991661/99991663 (Feishu answers 400 there, so n8n's own refresh
 * never fires), and retries the retryable classes with backoff. `makeBody` runs per attempt
 * because a streamed multipart body cannot be sent twice.
 */
export async function callUploadEndpoint(
	settings: FeishuClientSettings,
	endpoint: UploadEndpoint,
	makeBody: () => Promise<RequestBody> | RequestBody,
): Promise<Record<string, unknown>> {
	const limiter = rateLimiterFor(settings.baseUrl, settings.appId);
	let retriesUsed = 0;
	let tokenRenewed = false;
	for (;;) {
		let token: string | undefined;
		try {
			token = await getTenantToken(settings);
			const authorization = `Bearer ${token}`;
			const response = await limiter.run(async () =>
				sendRequest('POST', `${settings.baseUrl}${MEDIA_PATH}${endpoint}`, { Authorization: authorization }, await makeBody(), settings.idleTimeoutMs),
			);
			const body = unwrapFeishuResponse(endpoint, response);
			return (body.data as Record<string, unknown> | undefined) ?? {};
		} catch (error) {
			const handling = handlingOf(error);
			if (handling === 'refresh' && !tokenRenewed && token !== undefined) {
				tokenRenewed = true;
				invalidateTenantToken(settings, token);
				settings.logger?.debug(`Feishu ${endpoint}: token rejected (${describeForLog(error)}); fetching a new one`);
				continue;
			}
			if (handling === 'retry' && retriesUsed < settings.maxRetries) {
				const retryAfterMs = error instanceof FeishuApiFailure ? error.retryAfterMs : undefined;
				const delay = backoffDelayMs(retriesUsed, retryAfterMs);
				retriesUsed++;
				settings.logger?.warn(
					`Feishu ${endpoint}: ${describeForLog(error)}; retry ${retriesUsed} of ${settings.maxRetries} in ${Math.round(delay)} ms`,
				);
				await sleep(delay);
				continue;
			}
			// The user's error says how hard the node tried (see nodeError.ts).
			if (error instanceof Error) (error as Error & { attempts?: number }).attempts = retriesUsed + 1;
			throw error;
		}
	}
}
