import type { INodeProperties } from 'n8n-workflow';

import { inputBinaryField, itemFileOptions, notice, optionsCollection } from '../commonOptions';

export const attachToRecordDescription: INodeProperties[] = [
	notice(
		'attachNotice',
		"Uploads the file into the Base and adds it to the record's attachment field, next to the attachments already there. Needs the scopes bitable:app and docs:document.media:upload, and edit access to the Base.",
	),
	inputBinaryField('The name of the input binary field containing the file to attach'),
	{
		displayName: 'App Token',
		name: 'appToken',
		type: 'string',
		// A Base's app_token is in its URL and no secret, but n8n's rules mask any parameter named
		// like a token, and the name is part of the node's contract.
		typeOptions: { password: true },
		default: '',
		required: true,
		placeholder: 'e.g. appbcbWCzen6D8dezhoCH2RpMAh',
		description: "The Base's app_token: the part of its URL after /base/",
	},
	{
		displayName: 'Table ID',
		name: 'tableId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. tblsRc9GRRXKqhvW',
		description: "The table_ID (tbl…): the table= part of the Base's URL",
	},
	{
		displayName: 'Record ID',
		name: 'recordId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. recPGfZZ13',
		description: 'The record_ID (rec…) of the row to attach the file to',
	},
	{
		displayName: 'Field Name',
		name: 'fieldName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Attachments',
		description: 'The name of the attachment field, exactly as the table shows it',
	},
	optionsCollection(
		itemFileOptions([
			{
				displayName: 'Replace',
				name: 'replace',
				type: 'boolean',
				default: false,
				description:
					"Whether the file replaces the field's attachments instead of being added to them",
			},
			{
				displayName: 'Upload As',
				name: 'uploadAs',
				type: 'options',
				default: 'auto',
				options: [
					{
						name: 'Auto (From the MIME Type)',
						value: 'auto',
						description: 'Images as bitable_image, anything else as bitable_file',
					},
					{ name: 'Image', value: 'image', description: 'Upload with parent type bitable_image' },
					{ name: 'File', value: 'file', description: 'Upload with parent type bitable_file' },
				],
			},
		]),
	),
];
