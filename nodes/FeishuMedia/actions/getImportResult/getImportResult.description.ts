import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../commonOptions';
import { importWaitOptions } from '../importAsDocument/importOptions';

export const getImportResultDescription: INodeProperties[] = [
	{
		displayName: 'Ticket',
		name: 'ticket',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 7369583175086912356',
		description:
			'The ticket of an import task, e.g. the ticket field of an Import as Document item that ran out of Max Wait',
	},
	optionsCollection([
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			description:
				"Put into the output's file_name (Feishu's result does not carry the name), e.g. the file_name field of the failed Import as Document item",
		},
		...importWaitOptions(),
	]),
];
