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

// The parameters several operations share, named and defaulted once for the same reason. Each
// operation's parameters are shown only for it by operationProperties (operations.ts).

export function inputBinaryField(hint: string): INodeProperties {
	return {
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint,
	};
}

export function fileTokenField(description: string): INodeProperties {
	return {
		displayName: 'File Token',
		name: 'fileToken',
		type: 'string',
		// A file_token is no secret (it only works with the app's credential), but n8n's rules mask
		// any parameter named like a token, and the name is part of the node's contract.
		typeOptions: { password: true },
		default: '',
		required: true,
		placeholder: 'e.g. boxcnrHpsg1QDqXAAAyachabcef',
		description,
	};
}

/** A line of text above an operation's parameters. */
export function notice(name: string, text: string): INodeProperties {
	return { displayName: text, name, type: 'notice', default: '' };
}

/**
 * The options of the operations that send an item's file (File Name, Max Retries, Timeout) and
 * the operation's own `more`, in alphabetical order as the editor lists options.
 */
export function itemFileOptions(more: INodeProperties[] = []): INodeProperties[] {
	return [FILE_NAME_OPTION, maxRetriesOption(), timeoutOption(), ...more].sort((a, b) =>
		a.displayName.localeCompare(b.displayName),
	);
}

/** The Options collection that ends every operation's parameters. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options,
	};
}
