// refreshUserToken's judgement of what n8n's refreshOAuth2Token threw, with n8n's helper replaced
// by stubs that throw what n8n 1.x (client-oauth2's AuthError) and 2.x (its reconnect error) throw.
import type { IExecuteFunctions } from 'n8n-workflow';

import { UserTokenRenewalError, refreshUserToken } from '../nodes/FeishuMedia/transport/userToken';

/** An execution context whose stored access tokens are read in turn, and whose refresh throws `error`. */
function context(error: unknown, storedTokens: string[]): IExecuteFunctions {
	let reads = 0;
	return {
		getCredentials: async () => ({
			oauthTokenData: { access_token: storedTokens[Math.min(reads++, storedTokens.length - 1)] },
		}),
		helpers: {
			refreshOAuth2Token: async () => {
				if (error) throw error;
				return {};
			},
		},
	} as unknown as IExecuteFunctions;
}

class AuthErrorLike extends Error {
	constructor(readonly body: Record<string, unknown>) {
		super(
			'The provided authorization grant is invalid, expired, revoked, or does not match the redirection URI.',
		);
	}
}

async function outcomeOf(
	error: unknown,
	storedTokens = ['u-1', 'u-1'],
): Promise<UserTokenRenewalError | 'renewed'> {
	return await refreshUserToken(context(error, storedTokens), 'feishuMediaOAuth2Api').then(
		() => 'renewed' as const,
		(thrown: unknown) => thrown as UserTokenRenewalError,
	);
}

describe('refreshUserToken', () => {
	test('a refresh n8n completed is done', async () => {
		expect(await outcomeOf(undefined)).toBe('renewed');
	});

	test.each([
		[
			'n8n 1.x: the token endpoint answered invalid_grant',
			new AuthErrorLike({ error: 'invalid_grant', code: 20073 }),
		],
		[
			'n8n 2.x: its own reconnect error',
			new Error('The credential "Feishu user" needs to be reconnected.'),
		],
		[
			'an HTTP 4xx without an OAuth body',
			Object.assign(new Error('HTTP status 400'), { status: 400 }),
		],
	])('%s: a dead refresh token, "reconnect the credential"', async (_what, error) => {
		const outcome = await outcomeOf(error);
		expect(outcome).toBeInstanceOf(UserTokenRenewalError);
		expect(outcome).toMatchObject({
			dead: true,
			message: expect.stringMatching(/reconnect the credential/),
		});
	});

	test('an unreachable token endpoint is not a dead refresh token', async () => {
		const outcome = await outcomeOf(
			Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
		);
		expect(outcome).toMatchObject({
			dead: false,
			message: expect.stringMatching(
				/^Could not renew the user access token: connect ECONNREFUSED/,
			),
		});
	});

	test('refused because another worker refreshed first: its stored token is used, no error', async () => {
		expect(
			await outcomeOf(new AuthErrorLike({ error: 'invalid_grant', code: 20073 }), ['u-1', 'u-2']),
		).toBe('renewed');
	});
});
