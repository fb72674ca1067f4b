import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from '../protocol/retryPolicy';

/** The options the read operations share: Extra (Base attachments), Max Retries, Timeout. */
export function readOptionFields(timeoutDescription: string): INodeProperties[] {
	return [
		{
			displayName: 'Extra',
			name: 'extra',
			type: 'json',
			default: '{}',
			description:
				'JSON object sent as Feishu\'s extra query parameter. A Base attachment in a Base with advanced permissions needs {"bitablePerm":{"tableId":"tbl…","attachments":{"fld…":{"rec…":["boxcn…"]}}}}.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			default: DEFAULT_MAX_RETRIES,
			typeOptions: { minValue: 0, maxValue: 20 },
			description:
				'How often a request is retried (or a broken download resumed) when Feishu says "retry later", times out or drops the connection',
		},
		{
			displayName: 'Timeout',
			name: 'timeout',
			type: 'number',
			default: DEFAULT_TIMEOUT_MS,
			typeOptions: { minValue: 100 },
			description: timeoutDescription,
		},
	];
}
