import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
} from 'n8n-workflow';

import { resolveBaseUrl } from '../protocol/baseUrl';
import { credentialFor, type CredentialChoice } from '../transport/exchange';
import type { ExecutionScope } from '../transport/feishuClient';

/** The app id of a usable credential, or the error that says what to fill in. */
function appIdOf(
	fx: IExecuteFunctions,
	credential: CredentialChoice,
	data: ICredentialDataDecryptedObject,
): string {
	if (credential.identity === 'tenant') {
		const appId = String(data.appId ?? '').trim();
		if (!appId || !String(data.appSecret ?? '')) {
			throw new NodeOperationError(
				fx.getNode(),
				'The Feishu Media API credential has no App ID or no App Secret',
				{
					description:
						"Open the credential and enter both, from the developer console's Credentials & Basic Info page.",
				},
			);
		}
		return appId;
	}
	const clientId = String(data.clientId ?? '').trim();
	if (!clientId || !String(data.clientSecret ?? '')) {
		throw new NodeOperationError(
			fx.getNode(),
			'The Feishu Media OAuth2 API credential has no Client ID or no Client Secret',
			{
				description:
					"Open the credential and enter the app's App ID and App Secret, from the developer console's Credentials & Basic Info page.",
			},
		);
	}
	if (!data.oauthTokenData) {
		throw new NodeOperationError(
			fx.getNode(),
			'The Feishu Media OAuth2 API credential is not connected to a Feishu user',
			{
				description:
					'Open the credential and press "Connect my account", then sign in to Feishu as the user the files should belong to.',
			},
		);
	}
	return clientId;
}

/** The app (and user) every Feishu call of this execution uses, checked before any request. */
export async function openExecutionScope(fx: IExecuteFunctions): Promise<ExecutionScope> {
	const credential = credentialFor(fx.getNodeParameter('authentication', 0, 'tenantToken'));
	const data = await fx.getCredentials(credential.type);
	const appId = appIdOf(fx, credential, data);
	return {
		fx,
		credential,
		baseUrl: resolveBaseUrl(data),
		appId,
		logger: fx.logger,
		signal: fx.getExecutionCancelSignal?.(),
	};
}
