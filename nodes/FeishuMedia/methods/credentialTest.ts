import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { BaseUrlError, resolveBaseUrl } from '../transport/baseUrl';
import { FeishuApiFailure } from '../transport/feishuFailure';
import { TransportError } from '../transport/httpClient';
import { requestTenantToken } from '../transport/tenantToken';

/**
 * The credential dialog's "Test": fetch a tenant token and say in words what is wrong. Feishu
 * answers a wrong secret and an unknown app with HTTP 400, which a declarative test cannot tell
 * apart, hence a function.
 */
export async function feishuApiCredentialTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const appId = String(data.appId ?? '').trim();
	const appSecret = String(data.appSecret ?? '');
	if (!appId || !appSecret) return { status: 'Error', message: 'Enter both the App ID and the App Secret' };
	let baseUrl: string;
	try {
		baseUrl = resolveBaseUrl(data);
	} catch (error) {
		if (error instanceof BaseUrlError) return { status: 'Error', message: error.message };
		throw error;
	}
	try {
		await requestTenantToken({ baseUrl, appId, appSecret });
		return { status: 'OK', message: 'Connection successful: the App ID and App Secret work' };
	} catch (error) {
		if (error instanceof FeishuApiFailure && error.code === 10014) {
			return { status: 'Error', message: 'The App Secret is wrong for this App ID: copy it again from the developer console (Credentials & Basic Info)' };
		}
		if (error instanceof FeishuApiFailure && error.code === 10003) {
			return { status: 'Error', message: `Feishu does not know the App ID "${appId}": check it, and that the platform (Feishu or Lark) is the one the app was created on` };
		}
		if (error instanceof TransportError) {
			return { status: 'Error', message: `Cannot reach ${baseUrl}: ${error.message}. Check the platform or Base URL and this n8n's network access` };
		}
		if (error instanceof FeishuApiFailure) {
			return { status: 'Error', message: `Feishu refused the token request (code ${error.code ?? 'none'}, HTTP ${error.httpStatus}): ${error.feishuMessage}` };
		}
		return { status: 'Error', message: `The token request failed: ${(error as Error).message}` };
	}
}
