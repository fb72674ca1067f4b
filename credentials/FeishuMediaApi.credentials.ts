import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import { fetchTenantToken } from '../nodes/FeishuMedia/transport/tenantToken';
import { platformOrigin, platformProperties } from './platform';

/**
 * A Feishu / Lark custom app (app id + secret). n8n keeps the tenant access token in the
 * credential: preAuthentication fetches it when it is empty, authenticate sends it. Feishu reports
 * a dead token with HTTP 400, not 401, so the node asks n8n for a new one itself (transport/exchange.ts).
 */
export class FeishuMediaApi implements ICredentialType {
	name = 'feishuMediaApi';

	displayName = 'Feishu Media API';

	icon = { light: 'file:feishu.svg', dark: 'file:feishu.dark.svg' } as const;

	documentationUrl = 'https://open.feishu.cn/document/server-docs/docs/drive-v1/media/introduction';

	properties: INodeProperties[] = [
		...platformProperties(),
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'cli_a1b2c3d4e5f6',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Tenant Access Token',
			name: 'tenantAccessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			// When to renew the token (epoch ms). A plain number, not a password field: n8n 1.x masks
			// password fields with string methods and fails on a number there.
			displayName: 'Tenant Access Renew At',
			name: 'tenantAccessRenewAt',
			type: 'hidden',
			default: 0,
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return { ...(await fetchTenantToken(this.helpers.httpRequest, credentials)) };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.tenantAccessToken}}' },
		},
	};

	// preAuthentication runs first and throws a message that tells a wrong secret, an unknown
	// app id and an unreachable host apart; this request then only confirms the token endpoint.
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{${platformOrigin((name) => `$credentials.${name}`)}}}`,
			url: '/open-apis/auth/v3/tenant_access_token/internal',
			method: 'POST',
			body: { app_id: '={{$credentials.appId}}', app_secret: '={{$credentials.appSecret}}' },
		},
	};
}
