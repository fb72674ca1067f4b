import type { INodeProperties } from 'n8n-workflow';

import { maxRetriesOption, timeoutOption } from './commonOptions';

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
		maxRetriesOption(
			'How often a request is retried (or a broken download resumed) when Feishu says "retry later", times out or drops the connection',
		),
		timeoutOption(timeoutDescription),
	];
}
