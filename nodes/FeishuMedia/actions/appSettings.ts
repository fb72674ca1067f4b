import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { resolveBaseUrl } from '../protocol/baseUrl';
import { CREDENTIAL_TYPE } from '../transport/exchange';
import type { ExecutionScope } from '../transport/feishuClient';

/** The app every Feishu call of this execution uses, checked before any request. */
export async function openExecutionScope(fx: IExecuteFunctions): Promise<ExecutionScope> {
	const credentials = await fx.getCredentials(CREDENTIAL_TYPE);
	const appId = String(credentials.appId ?? '').trim();
	if (!appId || !String(credentials.appSecret ?? '')) {
		throw new NodeOperationError(fx.getNode(), 'The Feishu Media API credential has no App ID or no App Secret', {
			description: "Open the credential and enter both, from the developer console's Credentials & Basic Info page.",
		});
	}
	return {
		fx,
		baseUrl: resolveBaseUrl(credentials),
		appId,
		logger: fx.logger,
		signal: fx.getExecutionCancelSignal?.(),
	};
}
