import type { INodeProperties } from 'n8n-workflow';

import { FILE_NAME_OPTION, maxRetriesOption, timeoutOption } from '../commonOptions';

const showForInsert = { operation: ['insertIntoDocument'] };

export const insertIntoDocumentDescription: INodeProperties[] = [
	{
		displayName:
			'Creates an empty Image or File block, uploads the file into it and sets it on the block. Needs the scopes docx:document (or docx:document:write_only) and docs:document.media:upload, and edit access to the document.',
		name: 'insertNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: showForInsert },
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the file to insert',
		displayOptions: { show: showForInsert },
	},
	{
		displayName: 'Document ID',
		name: 'documentId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. doxcnePuYufKa49ISjhD8Iabcef',
		description:
			'The document_ID of the new-style document (docx): the last part of its URL, after /docx/',
		displayOptions: { show: showForInsert },
	},
	{
		displayName: 'Block Type',
		name: 'blockType',
		type: 'options',
		default: 'image',
		options: [
			{
				name: 'Image',
				value: 'image',
				description: 'An Image block showing the file (png, jpg, gif, …)',
			},
			{ name: 'File', value: 'file', description: 'A File block: the file as an attachment card' },
		],
		displayOptions: { show: showForInsert },
	},
	{
		displayName: 'Parent Block ID',
		name: 'parentBlockId',
		type: 'string',
		default: '',
		placeholder: 'e.g. doxcnO6UW6wAw2qIcYf4hZabcef',
		description: 'The block to insert into. Leave empty for the document itself (its top level).',
		displayOptions: { show: showForInsert },
	},
	{
		displayName: 'Index',
		name: 'index',
		type: 'number',
		default: -1,
		typeOptions: { minValue: -1 },
		description: "Position among the parent's children, from 0; -1 puts the block at the end",
		displayOptions: { show: showForInsert },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: showForInsert },
		options: [FILE_NAME_OPTION, maxRetriesOption(), timeoutOption()],
	},
];
