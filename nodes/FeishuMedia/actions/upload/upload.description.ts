import type { INodeProperties } from 'n8n-workflow';

import { inputBinaryField, itemFileOptions, optionsCollection } from '../commonOptions';

import { PARENT_TYPES } from './parentTypes';

export const uploadDescription: INodeProperties[] = [
	inputBinaryField('The name of the input binary field containing the file to be uploaded'),
	{
		displayName: 'Parent Type',
		name: 'parentType',
		type: 'options',
		default: 'docx_image',
		description: "Where in Feishu the file goes (Feishu's parent_type)",
		options: PARENT_TYPES.map(({ name, value, description }) => ({ name, value, description })),
	},
	{
		displayName: 'Parent Node',
		name: 'parentNode',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. doxcnXgNGAtaAraIRVeCfmabcef',
		description:
			"Token of the place that receives the file (Feishu's parent_node): the block_ID for docx, the spreadsheet token for sheets, the app_token for Base, the doc token for old docs",
		displayOptions: { hide: { parentType: ['ccm_import_open'] } },
	},
	{
		displayName: 'Drive Route Token',
		name: 'driveRouteToken',
		type: 'string',
		// A document's token is no secret (it is in the document's URL), but n8n's rules mask any
		// parameter named like a token, and the name is part of saved workflows.
		typeOptions: { password: true },
		default: '',
		placeholder: 'e.g. doxcnXgNGAtaAraIRVeCfmabcef',
		description:
			'Token of the document that holds the media (sent as extra.drive_route_token). Needed when the document lives in a Wiki or Feishu asks for it.',
		displayOptions: {
			show: {
				parentType: PARENT_TYPES.filter((type) => type.takesDriveRouteToken).map(
					(type) => type.value,
				),
			},
		},
	},
	optionsCollection(
		itemFileOptions([
			{
				displayName: 'Extra',
				name: 'extra',
				type: 'json',
				default: '{}',
				description:
					'JSON object merged into Feishu\'s extra field, e.g. {"obj_type":"sheet","file_extension":"xlsx"} for import staging',
			},
			{
				displayName: 'Upload Mode',
				name: 'uploadMode',
				type: 'options',
				default: 'auto',
				options: [
					{
						name: 'Auto',
						value: 'auto',
						description: 'One request up to 20 MiB, block upload above',
					},
					{
						name: 'Single Request',
						value: 'uploadAll',
						description: 'Always one request (upload_all); files over 20 MiB are refused',
					},
					{
						name: 'Block Upload',
						value: 'chunked',
						description:
							'Always upload in blocks (upload_prepare / upload_part / upload_finish), at any size',
					},
				],
			},
		]),
	),
];
