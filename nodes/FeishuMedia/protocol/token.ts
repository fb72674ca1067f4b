import { attempt } from './settle';
import {
	FeishuApiFailure,
	unwrapFeishuAnswer,
	type FeishuAnswer,
	type TransportError,
} from './failures';

/** A header value may hold only visible ASCII: anything else would make every later request fail. */
const VALID_TOKEN = /^[\x21-\x7e]{1,4096}$/;

/**
 * The token request failed. Deliberately no `code`/`status` property: n8n's credential test shows
 * such a property instead of the message, and its error wrapper would replace the message.
 */
export class TokenRequestError extends Error {
	constructor(
		message: string,
		readonly failure?: FeishuApiFailure,
		/** Set when the token endpoint could not be reached at all. */
		readonly transport?: TransportError,
	) {
		super(message);
	}
}

function explain(failure: FeishuApiFailure, appId: string): string {
	if (failure.code === 10014)
		return 'The App Secret is wrong for this App ID (Feishu code 10014): copy it again from the developer console (Credentials & Basic Info)';
	if (failure.code === 10003)
		return `Feishu does not know the App ID "${appId}" (Feishu code 10003): check it, and that the platform (Feishu or Lark) is the one the app was created on`;
	if (failure.code === undefined)
		return `Feishu's token endpoint answered HTTP ${failure.httpStatus} without a Feishu answer (${failure.feishuMessage || 'empty body'})`;
	return `Feishu refused the token request (code ${failure.code}, HTTP ${failure.httpStatus}): ${failure.feishuMessage}`;
}

/** The tenant_access_token in Feishu's answer, or a TokenRequestError that says what is wrong. */
export function tenantTokenOf(
	answer: FeishuAnswer,
	appId: string,
): { token: string; expiresInSeconds: number } {
	const unwrapped = attempt(() => unwrapFeishuAnswer('tenant_access_token', answer));
	if (!unwrapped.ok) {
		const { error } = unwrapped;
		throw error instanceof FeishuApiFailure
			? new TokenRequestError(explain(error, appId), error)
			: error;
	}
	const body = unwrapped.value;
	const token = body.tenant_access_token;
	if (typeof token !== 'string' || token === '') {
		throw new TokenRequestError('Feishu answered the token request without a tenant_access_token');
	}
	if (!VALID_TOKEN.test(token)) {
		throw new TokenRequestError(
			'Feishu answered the token request with a tenant_access_token that is not a valid HTTP header value; it was not stored',
		);
	}
	const expire = Number(body.expire);
	return { token, expiresInSeconds: Number.isFinite(expire) && expire > 0 ? expire : 7200 };
}
