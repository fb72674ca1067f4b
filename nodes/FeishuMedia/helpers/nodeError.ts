import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { BaseUrlError } from '../protocol/baseUrl';
import { BlockPlanError } from '../protocol/blockPlan';
import { describeFeishuCode } from '../protocol/errorCodes';
import { FeishuApiFailure, TransportError, type TransportFailureKind } from '../protocol/failures';
import { MAX_GATEWAY_WAIT_MS } from '../protocol/retryPolicy';
import { TokenRequestError } from '../protocol/token';
import { EndlessListError } from '../transport/pagedList';
import { GatewayWaitTooLongError } from '../transport/retries';
import { UserTokenRenewalError } from '../transport/userToken';
import { CancelledError } from '../transport/waits';
import { BlockUploadError, FinishOutcomeUnknownError } from '../upload/blockUpload';

function attemptsNote(error: unknown): string {
	const attempts = (error as { attempts?: number }).attempts;
	return attempts && attempts > 1 ? ` The node tried ${attempts} times.` : '';
}

/** The Feishu answer behind an error, if there was one (also inside a block or token failure). */
export function feishuFailureOf(error: unknown): FeishuApiFailure | undefined {
	const cause = error instanceof BlockUploadError ? error.cause : error;
	if (cause instanceof FeishuApiFailure) return cause;
	if (cause instanceof TokenRequestError || cause instanceof GatewayWaitTooLongError)
		return cause.failure;
	if (cause instanceof FinishOutcomeUnknownError) return cause.cause;
	return undefined;
}

const TRANSPORT_HEADLINES: Record<TransportFailureKind, string> = {
	unreachable: 'Could not reach Feishu',
	dns: 'Could not reach Feishu',
	timeout: 'Feishu did not answer in time',
	dropped: 'The connection to Feishu broke',
	tooLarge: "Feishu's answer was refused",
	badToken: "Feishu's token was refused",
	other: 'The request to Feishu failed',
};

function responseOf(failure: FeishuApiFailure): JsonObject {
	return {
		code: failure.code ?? null,
		msg: failure.feishuMessage,
		log_id: failure.logId ?? null,
		http_status: failure.httpStatus,
		endpoint: failure.endpoint,
	};
}

function feishuError(
	node: INode,
	failure: FeishuApiFailure,
	error: unknown,
	itemIndex: number,
	where: string,
) {
	if (failure.code === undefined) {
		return new NodeApiError(node, responseOf(failure), {
			itemIndex,
			httpCode: String(failure.httpStatus),
			message: `Feishu ${failure.endpoint} failed with HTTP ${failure.httpStatus}${where}`,
			description: `Feishu's server did not give a usable answer (${failure.feishuMessage || 'empty body'}).${attemptsNote(error)} Run the item again later.`,
		});
	}
	return feishuCodeError(node, failure, error, itemIndex, describeFeishuCode(failure.code), where);
}

/** What the user reads about a Feishu code: the problem, what to do, and Feishu's own words. */
export interface CodeWording {
	problem: string;
	action: string;
}

/** The error for a Feishu code, in `wording` (errorCodes.ts, or an operation's own for that code). */
export function feishuCodeError(
	node: INode,
	failure: FeishuApiFailure,
	error: unknown,
	itemIndex: number,
	wording: CodeWording,
	where = '',
): NodeApiError {
	return new NodeApiError(node, responseOf(failure), {
		itemIndex,
		httpCode: String(failure.httpStatus),
		message: `${wording.problem} (Feishu code ${failure.code ?? 'none'})${where}`,
		description: `${wording.action}${attemptsNote(error)} Feishu said "${failure.feishuMessage}" on ${failure.endpoint}, HTTP ${failure.httpStatus}, log id ${failure.logId ?? 'none'}.`,
	});
}

/**
 * Turns whatever the transport threw into the error the user sees: what went wrong, what to do,
 * and Feishu's code, msg, log id and HTTP status. Built only from Feishu's answer, never from
 * the request, so no token or secret can leak into it.
 */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const blockLabel = error instanceof BlockUploadError ? error.blockLabel : undefined;
	const cause = error instanceof BlockUploadError ? error.cause : error;
	const where = blockLabel ? ` at ${blockLabel}` : '';

	if (cause instanceof FeishuApiFailure) return feishuError(node, cause, error, itemIndex, where);
	if (cause instanceof TokenRequestError) {
		if (cause.failure?.code !== undefined)
			return feishuError(node, cause.failure, error, itemIndex, where);
		return new NodeOperationError(node, cause.message, {
			itemIndex,
			description: 'Open the Feishu Media API credential and press Test.',
		});
	}
	if (cause instanceof GatewayWaitTooLongError) {
		return new NodeApiError(node, responseOf(cause.failure), {
			itemIndex,
			httpCode: String(cause.failure.httpStatus),
			message: `${cause.message}, longer than the ${MAX_GATEWAY_WAIT_MS / 1000} s the node waits (Feishu code ${cause.failure.code ?? 'none'})${where}`,
			description: `The app's rate limit is used up for now. Run the item again later, or spread the uploads over time. Log id ${cause.failure.logId ?? 'none'}.`,
		});
	}
	if (cause instanceof FinishOutcomeUnknownError) {
		return new NodeApiError(node, responseOf(cause.cause), {
			itemIndex,
			httpCode: String(cause.cause.httpStatus),
			message: cause.message,
			description: `Check the target document before running the item again: the file may already be there, and a new run would add it twice. Feishu said "${cause.cause.feishuMessage}", log id ${cause.cause.logId ?? 'none'}.`,
		});
	}
	if (cause instanceof TransportError) {
		const errno = cause.causeCode ? ` (${cause.causeCode})` : '';
		return new NodeOperationError(
			node,
			`${TRANSPORT_HEADLINES[cause.kind]}: ${cause.message}${where}`,
			{
				itemIndex,
				description: `Check the credential's platform or Base URL, and that this n8n can reach it (proxy, firewall, DNS)${errno}.${attemptsNote(error)}`,
			},
		);
	}
	if (cause instanceof UserTokenRenewalError) {
		return new NodeOperationError(node, `${cause.message}${where}`, {
			itemIndex,
			description: cause.dead
				? 'Open the Feishu Media OAuth2 API credential and press "Connect my account" again: the stored refresh token was used, expired or revoked.'
				: "Check that this n8n can reach Feishu's token endpoint (proxy, firewall, DNS), then run the item again.",
		});
	}
	if (cause instanceof BaseUrlError) {
		return new NodeOperationError(node, cause.message, {
			itemIndex,
			description: 'Fix the Base URL in the Feishu Media API credential.',
		});
	}
	if (cause instanceof EndlessListError) {
		return new NodeOperationError(node, `${cause.message}${where}`, {
			itemIndex,
			description: `Feishu kept answering that more ${cause.itemsName} follow. Check that the IDs in the node's fields are the ones you meant, then run the item again.`,
		});
	}
	if (cause instanceof BlockPlanError) {
		return new NodeOperationError(node, `${cause.message}${where}`, {
			itemIndex,
			description:
				'The upload was not started. Run the item again; if it persists, report it with the log.',
		});
	}
	if (cause instanceof CancelledError)
		return new NodeOperationError(node, cause.message, { itemIndex });
	const message = cause instanceof Error ? cause.message : String(cause);
	return new NodeOperationError(node, `${message}${where}`, { itemIndex });
}
