import type { INodeProperties } from 'n8n-workflow';

import { inputBinaryField, notice, optionsCollection } from '../commonOptions';
import { importWaitOptions } from './importOptions';

export const importAsDocumentDescription: INodeProperties[] = [
	notice(
		'importNotice',
		"Needs the scope docs:document:import (or drive:drive) besides an upload scope. The file is uploaded, imported, and the new document's token and URL are output.",
	),
	inputBinaryField('The name of the input binary field containing the file to import'),
	{
		displayName: 'Import As',
		name: 'importType',
		type: 'options',
		default: 'auto',
		options: [
			{
				name: 'From the File Extension',
				value: 'auto',
				description:
					'.docx, .doc, .txt, .md, .html become a document; .xlsx, .xls, .csv a spreadsheet',
			},
			{
				name: 'Document (Docx)',
				value: 'docx',
				description: 'From .docx, .doc, .txt, .md, .mark, .markdown, .html',
			},
			{ name: 'Spreadsheet (Sheet)', value: 'sheet', description: 'From .xlsx, .xls, .csv' },
			{ name: 'Base (Bitable)', value: 'bitable', description: 'From .xlsx, .csv' },
		],
		description: 'The kind of Feishu document the file becomes',
	},
	{
		displayName: 'Folder Token',
		name: 'folderToken',
		type: 'string',
		// A folder token is no secret, but n8n's rules mask any parameter named like a token.
		typeOptions: { password: true },
		default: '',
		placeholder: "e.g. fldcnqquW1svRIYVT2Np6Iabcef (empty: the app's root folder)",
		description:
			"The folder the new document goes into; empty puts it in the app's own root folder",
	},
	optionsCollection([
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			description: "The new document's name; default: the file's name without its extension",
		},
		...importWaitOptions(),
	]),
];
