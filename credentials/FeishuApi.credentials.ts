import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A Feishu / Lark custom app (app id + secret). The node exchanges them for a tenant access
 * token itself: Feishu signals an expired token with HTTP 400, which n8n's generic refresh
 * does not handle.
 */
export class FeishuApi implements ICredentialType {
	name = 'feishuApi';

	displayName = 'Feishu API';

	icon = 'file:feishu.svg' as const;

	documentationUrl = 'https://open.feishu.cn/document/server-docs/docs/drive-v1/media/introduction';

	properties: INodeProperties[] = [
		{
			displayName: 'Platform',
			name: 'platform',
			type: 'options',
			default: 'feishu',
			options: [
				{ name: 'Feishu (open.feishu.cn)', value: 'feishu' },
				{ name: 'Lark (open.larksuite.com)', value: 'lark' },
				{ name: 'Custom Base URL', value: 'custom' },
			],
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://open.feishu.cn',
			description: 'Origin of the Open Platform API. Plain http:// is accepted only for loopback hosts (127.0.0.1, localhost, ::1), e.g. the bundled fake Feishu server.',
			displayOptions: { show: { platform: ['custom'] } },
		},
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
	];
}
