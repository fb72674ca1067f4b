import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from '../protocol/retryPolicy';

// The options several operations offer, worded once: the same name must mean the same thing
// in every operation (saved workflows hold these names).

export const FILE_NAME_OPTION: INodeProperties = {
	displayName: 'File Name',
	name: 'fileName',
	type: 'string',
	default: '',
	description:
		"Name of the file in Feishu (1-250 characters). Leave empty to use the binary's own file name.",
};

export function maxRetriesOption(
	description = 'How often a request is retried when Feishu says "retry later", times out or drops the connection',
): INodeProperties {
	return {
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		default: DEFAULT_MAX_RETRIES,
		typeOptions: { minValue: 0, maxValue: 20 },
		description,
	};
}

export function timeoutOption(
	description = 'Milliseconds one request may take, answer included, before it is abandoned and retried',
): INodeProperties {
	return {
		displayName: 'Timeout',
		name: 'timeout',
		type: 'number',
		default: DEFAULT_TIMEOUT_MS,
		typeOptions: { minValue: 100 },
		description,
	};
}
