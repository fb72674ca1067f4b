import type { INodeProperties } from 'n8n-workflow';

import { fileTokenField, optionsCollection } from '../commonOptions';
import { readOptionFields } from '../readOptions';

export const downloadDescription: INodeProperties[] = [
	fileTokenField(
		'The file_token of the media to download: what an upload returned, or the token of an image or file block',
	),
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
	},
	optionsCollection(
		readOptionFields(
			'Milliseconds a request may wait for its answer, and the file may go without receiving bytes, before the connection is dropped and the download resumed',
		),
	),
];
