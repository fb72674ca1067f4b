import type { INodeProperties } from 'n8n-workflow';

import { readOptionFields } from '../readOptions';

const showForDownload = { operation: ['download'] };

export const downloadDescription: INodeProperties[] = [
	{
		displayName: 'File Token',
		name: 'fileToken',
		type: 'string',
		// A file_token is no secret (it only works with the app's credential), but n8n's rules mask
		// any parameter named like a token, and the name is part of the node's contract.
		typeOptions: { password: true },
		default: '',
		required: true,
		placeholder: 'e.g. boxcnrHpsg1QDqXAAAyachabcef',
		description:
			'The file_token of the media to download: what an upload returned, or the token of an image or file block',
		displayOptions: { show: showForDownload },
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
		displayOptions: { show: showForDownload },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: showForDownload },
		options: readOptionFields(
			'Milliseconds a request may wait for its answer, and the file may go without receiving bytes, before the connection is dropped and the download resumed',
		),
	},
];
