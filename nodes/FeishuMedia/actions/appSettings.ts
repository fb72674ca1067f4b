import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
} from 'n8n-workflow';

import { resolveBaseUrl } from '../protocol/baseUrl';
import { credentialFor, type CredentialChoice } from '../transport/exchange';
import type { ExecutionScope } from '../transport/feishuClient';

/** Where each credential keeps the app's id and secret, and what to say when one is missing. */
const APP_KEYS: Record<
	CredentialChoice['identity'],
	{ id: string; secret: string; missing: string; whatToDo: string }
> = {
	tenant: {
		id: 'appId',
		secret: 'appSecret',
		missing: 'The Feishu Media API credential has no App ID or no App Secret',
		whatToDo:
			"Open the credential and enter both, from the developer console's Credentials & Basic Info page.",
	},
	user: {
		id: 'clientId',
		secret: 'clientSecret',
		missing: 'The Feishu Media OAuth2 API credential has no Client ID or no Client Secret',
		whatToDo:
			"Open the credential and enter the app's App ID and App Secret, from the developer console's Credentials & Basic Info page.",
	},
};

/** The app id of a usable credential, or the error that says what to fill in. */
function appIdOf(
	fx: IExecuteFunctions,
	credential: CredentialChoice,
	data: ICredentialDataDecryptedObject,
): string {
	const keys = APP_KEYS[credential.identity];
	const appId = String(data[keys.id] ?? '').trim();
	if (!appId || !String(data[keys.secret] ?? ''))
		throw new NodeOperationError(fx.getNode(), keys.missing, { description: keys.whatToDo });
	if (credential.identity === 'user' && !data.oauthTokenData) {
		throw new NodeOperationError(
			fx.getNode(),
			'The Feishu Media OAuth2 API credential is not connected to a Feishu user',
			{
				description:
					'Open the credential and press "Connect my account", then sign in to Feishu as the user the files should belong to.',
			},
		);
	}
	return appId;
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
