import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { platformOrigin, platformProperties } from './platform';

// Each platform's accounts host (authorization page) and API host (token endpoint); a custom
// base URL (the fake Feishu server) serves both on its own origin.
function urlFor(feishu: string, lark: string, path: string): string {
	return `={{(${platformOrigin((name) => `$self["${name}"]`, feishu, lark)}) + "${path}"}}`;
}

/**
 * A Feishu / Lark user, connected with "Connect my account" (OAuth 2.0 authorization code with
 * PKCE). n8n stores and refreshes the user access token; Feishu reports a dead one with HTTP 400
 * (99991668 / 99991677), so the node asks n8n for the refresh itself (transport/exchange.ts).
 */
export class FeishuMediaOAuth2Api implements ICredentialType {
	name = 'feishuMediaOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Feishu Media OAuth2 API';

	icon = { light: 'file:feishu.svg', dark: 'file:feishu.dark.svg' } as const;

	documentationUrl =
		'https://open.feishu.cn/document/authentication-management/access-token/get-user-access-token';

	properties: INodeProperties[] = [
		...platformProperties(', also used for the authorization page'),
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'pkce',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: urlFor(
				'https://accounts.feishu.cn',
				'https://accounts.larksuite.com',
				'/open-apis/authen/v1/authorize',
			),
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: urlFor(
				'https://open.feishu.cn',
				'https://open.larksuite.com',
				'/open-apis/authen/v2/oauth/token',
			),
		},
		{
			// n8n 1.x ignores a scope typed into an OAuth2 credential type and uses this default:
			// what every operation needs, and offline_access so Feishu issues a refresh token.
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default:
				'docs:document.media:upload docs:document.media:download docs:document:import docx:document bitable:app offline_access',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			// Feishu's token endpoint takes client_id and client_secret in the body.
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];
}
