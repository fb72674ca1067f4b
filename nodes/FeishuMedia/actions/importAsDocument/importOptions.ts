import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from '../../protocol/retryPolicy';

/** How long an item waits for Feishu to finish an import before it hands back the ticket. */
export const DEFAULT_MAX_WAIT_SECONDS = 120;

/** The options Import as Document and Get Import Result share. */
export function importWaitOptions(): INodeProperties[] {
	return [
		{
			displayName: 'Max Wait',
			name: 'maxWait',
			type: 'number',
			default: DEFAULT_MAX_WAIT_SECONDS,
			typeOptions: { minValue: 0, maxValue: 3600 },
			description:
				'Seconds to wait for Feishu to finish the import, checking with growing gaps. When it runs out the item fails with the ticket, for Get Import Result later.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			default: DEFAULT_MAX_RETRIES,
			typeOptions: { minValue: 0, maxValue: 20 },
			description:
				'How often a request is retried when Feishu says "retry later", times out or drops the connection',
		},
		{
			displayName: 'Timeout',
			name: 'timeout',
			type: 'number',
			default: DEFAULT_TIMEOUT_MS,
			typeOptions: { minValue: 100 },
			description:
				'Milliseconds one request may take, answer included, before it is abandoned and retried',
		},
	];
}
