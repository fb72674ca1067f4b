import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	INode,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
// n8n's own request helper (axios, proxies, abort signal), exactly as nodes get it in n8n 1.x.
import {
	httpRequest,
	refreshOAuth2Token,
	requestOAuth2,
} from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';

import { FeishuMediaApi } from '../../../credentials/FeishuMediaApi.credentials';

const credentialType = new FeishuMediaApi();

/** One stored credential, as n8n's database holds it: the token lands here after preAuthentication. */
export interface StoredCredential {
	data: ICredentialDataDecryptedObject;
	/** How often preAuthentication ran (a token fetch each). */
	preAuthentications: number;
	/** How often n8n stored refreshed OAuth2 token data (a refresh each). */
	oauthUpdates?: number;
}

/**
 * `httpRequestWithAuthentication` and `refreshOAuth2Token` for an OAuth2 credential: n8n-core's own
 * requestOAuth2 / refreshOAuth2Token (the code n8n runs), over a context that reads the stored
 * credential and a credentials helper that stores what n8n would store in its database.
 */
export function oauth2Helpers(
	node: INode,
	stored: StoredCredential,
	cancelSignal: AbortSignal | undefined,
) {
	const context = {
		getCredentials: async () => structuredClone(stored.data),
		getNode: () => node,
		helpers: { httpRequest },
		logger: {
			debug: () => undefined,
			info: () => undefined,
			warn: () => undefined,
			error: () => undefined,
		},
	} as never;
	const additionalData = {
		credentialsHelper: {
			updateCredentialsOauthTokenData: async (
				_ref: unknown,
				_type: string,
				data: ICredentialDataDecryptedObject,
			) => {
				stored.oauthUpdates = (stored.oauthUpdates ?? 0) + 1;
				stored.data = { ...stored.data, oauthTokenData: structuredClone(data.oauthTokenData) };
			},
		},
	} as never;
	return {
		async httpRequestWithAuthentication(
			credentialsType: string,
			requestOptions: IHttpRequestOptions,
		): Promise<unknown> {
			const options: IHttpRequestOptions = { ...requestOptions, abortSignal: cancelSignal };
			try {
				return await requestOAuth2.call(
					context,
					credentialsType,
					options,
					node,
					additionalData,
					undefined,
					true,
				);
			} catch (error) {
				throw new NodeApiError(node, error as never);
			}
		},
		async refreshOAuth2Token(credentialsType: string): Promise<unknown> {
			return await refreshOAuth2Token.call(context, credentialsType, node, additionalData);
		},
	};
}

function bearer(data: ICredentialDataDecryptedObject): string {
	// The credential's generic authenticate, resolved the way n8n resolves `{{$credentials.x}}`.
	const template = credentialType.authenticate.properties.headers?.Authorization as string;
	return template
		.replace(/^=/, '')
		.replace('{{$credentials.tenantAccessToken}}', String(data.tenantAccessToken ?? ''));
}

/**
 * `httpRequestWithAuthentication` as n8n-core 1.x and n8n's CredentialsHelper implement it for a
 * credential with an expirable property: the execution's cancel signal replaces any abortSignal,
 * preAuthentication runs when the token is empty and its result is stored, authenticate adds the
 * header, a 401 renews once, and any failure is wrapped in a NodeApiError.
 */
export function authenticatedRequest(
	node: INode,
	stored: StoredCredential,
	cancelSignal: AbortSignal | undefined,
) {
	const preAuthenticate = async (data: ICredentialDataDecryptedObject, expired: boolean) => {
		if (data.tenantAccessToken && !expired) return;
		stored.preAuthentications++;
		const output = await credentialType.preAuthentication.call(
			{ helpers: { httpRequest } } as never,
			data,
		);
		Object.assign(data, output);
		stored.data = { ...stored.data, ...output };
	};
	return async function httpRequestWithAuthentication(
		_credentialsType: string,
		requestOptions: IHttpRequestOptions,
		additional?: IAdditionalCredentialOptions,
	): Promise<unknown> {
		const options: IHttpRequestOptions = { ...requestOptions, abortSignal: cancelSignal };
		const data = { ...(additional?.credentialsDecrypted?.data ?? stored.data) };
		const send = async (expired: boolean) => {
			await preAuthenticate(data, expired);
			return await httpRequest({
				...options,
				headers: { ...options.headers, Authorization: bearer(data) },
			});
		};
		try {
			return await send(false);
		} catch (error) {
			if ((error as { response?: { status?: number } }).response?.status === 401) {
				try {
					return await send(true);
				} catch (retryError) {
					throw new NodeApiError(node, retryError as never);
				}
			}
			throw new NodeApiError(node, error as never);
		}
	};
}

export { httpRequest };
