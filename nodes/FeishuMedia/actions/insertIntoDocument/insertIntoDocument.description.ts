import type { INodeProperties } from 'n8n-workflow';

import { inputBinaryField, itemFileOptions, notice, optionsCollection } from '../commonOptions';

export const insertIntoDocumentDescription: INodeProperties[] = [
	notice(
		'insertNotice',
		'Creates an empty Image or File block, uploads the file into it and sets it on the block. Needs the scopes docx:document (or docx:document:write_only) and docs:document.media:upload, and edit access to the document.',
	),
	inputBinaryField('The name of the input binary field containing the file to insert'),
	{
		displayName: 'Document ID',
		name: 'documentId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. doxcnePuYufKa49ISjhD8Iabcef',
		description:
			'The document_ID of the new-style document (docx): the last part of its URL, after /docx/',
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
	},
	{
		displayName: 'Parent Block ID',
		name: 'parentBlockId',
		type: 'string',
		default: '',
		placeholder: 'e.g. doxcnO6UW6wAw2qIcYf4hZabcef',
		description: 'The block to insert into. Leave empty for the document itself (its top level).',
	},
	{
		displayName: 'Index',
		name: 'index',
		type: 'number',
		default: -1,
		typeOptions: { minValue: -1 },
		description: "Position among the parent's children, from 0; -1 puts the block at the end",
	},
	optionsCollection(itemFileOptions()),
];
