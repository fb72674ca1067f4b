import type { IExecuteFunctions } from 'n8n-workflow';

import { MEDIA_PATH, type UploadEndpoint } from '../protocol/endpoints';
import type { MultipartBody } from '../protocol/multipart';
import type { CredentialChoice } from './exchange';
import { callFeishuApi } from './feishuApi';

export interface ClientLogger {
	warn(message: string): void;
	debug(message: string): void;
}

/** What one execution of the node shares across its items. */
export interface ExecutionScope {
	fx: IExecuteFunctions;
	/** The credential (and so the identity: app or user) every request of the execution uses. */
	credential: CredentialChoice;
	baseUrl: string;
	appId: string;
	logger?: ClientLogger;
	signal?: AbortSignal;
	/** Set once Feishu proved unreachable: later items fail at once with the same error. */
	unreachable?: Error;
}

/** The per-item knobs (node options) and when the item started. */
export interface ItemBudget {
	maxRetries: number;
	timeoutMs: number;
	startedAt: number;
}

export type RequestPayload = { json: Record<string, unknown> } | { multipart: MultipartBody };

/** How hard the node tried, for the user's error message. */
export interface AttemptNotes {
	attempts?: number;
	/** An earlier attempt's answer was lost: the request may have taken effect. */
	earlierAnswerLost?: boolean;
}

/**
 * One media API call, made reliable like every Open API call (callFeishuApi), in the app's media
 * limiter. The body is a finished Buffer, so every attempt sends it anew. A lost answer is
 * retried; where a repeated step may already have taken effect (upload_finish), blockUpload tells
 * the user from earlierAnswerLost.
 */
export async function callFeishu(
	scope: ExecutionScope,
	budget: ItemBudget,
	endpoint: UploadEndpoint,
	payload: RequestPayload,
): Promise<Record<string, unknown>> {
	return await callFeishuApi(scope, budget, {
		method: 'POST',
		path: `${MEDIA_PATH}${endpoint}`,
		...payload,
		bucket: 'media',
		label: endpoint,
		retrySafe: true,
	});
}
