import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { BaseUrlError } from './baseUrl';
import { BlockUploadError } from './blockUpload';
import { describeFeishuCode } from './feishuErrorCodes';
import { FeishuApiFailure } from './feishuFailure';
import { TransportError } from './httpClient';

function attemptsNote(error: unknown): string {
	const attempts = (error as { attempts?: number }).attempts;
	return attempts && attempts > 1 ? ` The node tried ${attempts} times.` : '';
}

/** The Feishu answer behind an error, if there was one (also inside a block failure). */
export function feishuFailureOf(error: unknown): FeishuApiFailure | undefined {
	const cause = error instanceof BlockUploadError ? error.cause : error;
	return cause instanceof FeishuApiFailure ? cause : undefined;
}

/**
 * Turns whatever the transport threw into the error the user sees: what went wrong, what to do,
 * and Feishu's code, msg, log id and HTTP status. Built only from Feishu's answer, never from
 * the request, so no token or secret can leak into it.
 */
export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const blockLabel = error instanceof BlockUploadError ? error.blockLabel : undefined;
	const cause = error instanceof BlockUploadError ? error.cause : error;
	const where = blockLabel ? ` at ${blockLabel}` : '';

	if (cause instanceof FeishuApiFailure) {
		const response: JsonObject = {
			code: cause.code ?? null,
			msg: cause.feishuMessage,
			log_id: cause.logId ?? null,
			http_status: cause.httpStatus,
			endpoint: cause.endpoint,
		};
		if (cause.code === undefined) {
			return new NodeApiError(node, response, {
				itemIndex,
				httpCode: String(cause.httpStatus),
				message: `Feishu ${cause.endpoint} failed with HTTP ${cause.httpStatus}${where}`,
				description: `Feishu's server did not give a usable answer (${cause.feishuMessage || 'empty body'}).${attemptsNote(error)} Run the item again later.`,
			});
		}
		const info = describeFeishuCode(cause.code);
		return new NodeApiError(node, response, {
			itemIndex,
			httpCode: String(cause.httpStatus),
			message: `${info.problem} (Feishu code ${cause.code})${where}`,
			description: `${info.action}${attemptsNote(error)} Feishu said "${cause.feishuMessage}" on ${cause.endpoint}, HTTP ${cause.httpStatus}, log id ${cause.logId ?? 'none'}.`,
		});
	}
	if (cause instanceof TransportError) {
		const errno = cause.causeCode ? ` (${cause.causeCode})` : '';
		return new NodeOperationError(node, `Could not reach Feishu: ${cause.message}${where}`, {
			itemIndex,
			description: `Check the credential's platform or Base URL, and that this n8n can reach it (proxy, firewall, DNS)${errno}.${attemptsNote(error)}`,
		});
	}
	if (cause instanceof BaseUrlError) {
		return new NodeOperationError(node, cause.message, { itemIndex, description: 'Fix the Base URL in the Feishu API credential.' });
	}
	const message = cause instanceof Error ? cause.message : String(cause);
	return new NodeOperationError(node, `${message}${where}`, { itemIndex });
}
