import type { INodeProperties } from 'n8n-workflow';

import { PLATFORM_BASE_URLS } from '../nodes/FeishuMedia/protocol/baseUrl';

// What both credentials ask first: which Feishu the app lives on. The names and values are
// stored in users' credentials, and resolveBaseUrl (protocol/baseUrl.ts) reads them.

/** Platform, and Base URL for a custom one; `baseUrlUse` says what else the URL serves. */
export function platformProperties(baseUrlUse = ''): INodeProperties[] {
	return [
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
			placeholder: PLATFORM_BASE_URLS.feishu,
			description: `Origin of the Open Platform API${baseUrlUse}. Plain http:// is accepted only for loopback hosts (127.0.0.1, localhost, ::1), e.g. the bundled fake Feishu server.`,
			displayOptions: { show: { platform: ['custom'] } },
		},
	];
}

/**
 * The origin the platform chooses, as an n8n expression (without its ={{ }}), for the requests
 * n8n makes from the credential itself. `field` reads a credential field in the expression's
 * dialect, e.g. $credentials.platform. A custom Base URL loses its trailing slashes, as in
 * resolveBaseUrl.
 */
export function platformOrigin(
	field: (name: string) => string,
	feishu = PLATFORM_BASE_URLS.feishu,
	lark = PLATFORM_BASE_URLS.lark,
): string {
	return `${field('platform')} === "lark" ? "${lark}" : ${field('platform')} === "custom" ? ${field('baseUrl')}.replace(new RegExp("/+$"), "") : "${feishu}"`;
}
