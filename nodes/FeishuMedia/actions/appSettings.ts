import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { resolveBaseUrl } from '../transport/baseUrl';
import type { FeishuClientSettings } from '../transport/feishuClient';

/** The app identity and logger every Feishu call of this execution uses. */
export async function loadAppSettings(context: IExecuteFunctions): Promise<Omit<FeishuClientSettings, 'maxRetries'>> {
	const credentials = await context.getCredentials('feishuApi');
	const appId = String(credentials.appId ?? '').trim();
	const appSecret = String(credentials.appSecret ?? '');
	if (!appId || !appSecret) {
		throw new NodeOperationError(context.getNode(), 'The Feishu API credential has no App ID or no App Secret', {
			description: 'Open the credential and enter both, from the developer console\'s Credentials & Basic Info page.',
		});
	}
	return { baseUrl: resolveBaseUrl(credentials), appId, appSecret, logger: context.logger };
}
