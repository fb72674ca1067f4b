import type { INodeProperties } from 'n8n-workflow';

import { maxRetriesOption, timeoutOption } from '../commonOptions';

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
		maxRetriesOption(),
		timeoutOption(),
	];
}
