import type { IExecuteFunctions } from 'n8n-workflow';

import { settle } from '../protocol/settle';

/**
 * n8n could not renew the user access token. `dead` when the token endpoint refused the refresh
 * token (used, expired or revoked: only a new "Connect my account" helps), otherwise the token
 * endpoint could not be reached. The message never holds a token.
 */
export class UserTokenRenewalError extends Error {
	constructor(
		message: string,
		readonly dead: boolean,
	) {
		super(message);
	}
}

function describe(error: unknown): string {
	return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}

/**
 * Whether the token endpoint answered and refused: n8n 1.x passes client-oauth2's error on (its
 * `body` holds the OAuth `error`, or its `status` the HTTP status), n8n 2.x turns an invalid_grant
 * into a "needs to be reconnected" error of its own.
 */
function refused(error: unknown): boolean {
	const { body, status } = (error ?? {}) as { body?: { error?: unknown }; status?: unknown };
	if (body && typeof body === 'object' && typeof body.error === 'string') return true;
	if (typeof status === 'number' && status >= 400 && status < 500) return true;
	return /reconnect/i.test(describe(error));
}

async function storedAccessToken(fx: IExecuteFunctions, credentialType: string): Promise<unknown> {
	const outcome = await settle(fx.getCredentials(credentialType));
	if (!outcome.ok) return undefined;
	const tokenData = outcome.value.oauthTokenData as { access_token?: unknown } | undefined;
	return tokenData?.access_token;
}

/**
 * Renews the user access token through n8n's own OAuth2 refresh, so that n8n stores the new access
 * token and the rotated refresh token (Feishu's refresh tokens are single-use). n8n renews by
 * itself only after HTTP 401, and Feishu answers a dead user token with HTTP 400.
 */
export async function refreshUserToken(
	fx: IExecuteFunctions,
	credentialType: string,
): Promise<void> {
	const before = await storedAccessToken(fx, credentialType);
	const outcome = await settle(fx.helpers.refreshOAuth2Token.call(fx, credentialType));
	if (outcome.ok) return;
	// Another worker refreshed at the same moment and spent the refresh token this one used: its
	// new token is stored, so the request goes again with that one instead of failing.
	const after = await storedAccessToken(fx, credentialType);
	if (after !== undefined && after !== before) return;
	const { error } = outcome;
	if (refused(error)) {
		throw new UserTokenRenewalError(
			`Feishu refused to renew the user access token: reconnect the credential (${describe(error)})`,
			true,
		);
	}
	throw new UserTokenRenewalError(
		`Could not renew the user access token: ${describe(error)}`,
		false,
	);
}
