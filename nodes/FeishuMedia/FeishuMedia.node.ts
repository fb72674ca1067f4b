import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { router } from './actions/router';
import * as download from './actions/download/download.operation';
import * as getImportResult from './actions/getImportResult/getImportResult.operation';
import * as getTemporaryUrls from './actions/getTemporaryUrls/getTemporaryUrls.operation';
import * as attachToRecord from './actions/attachToRecord/attachToRecord.operation';
import * as insertIntoDocument from './actions/insertIntoDocument/insertIntoDocument.operation';
import * as importAsDocument from './actions/importAsDocument/importAsDocument.operation';
import * as upload from './actions/upload/upload.operation';

export class FeishuMedia implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Feishu Media',
		name: 'feishuMedia',
		icon: { light: 'file:feishu.svg', dark: 'file:feishu.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] === "upload" ? "upload to " + $parameter["parentType"] : $parameter["operation"]}}',
		description: 'Upload files into Feishu / Lark documents, sheets and Bases, download them, and get temporary download links',
		defaults: { name: 'Feishu Media' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [
			{ name: 'feishuMediaApi', required: true, displayOptions: { show: { authentication: ['tenantToken'] } } },
			{ name: 'feishuMediaOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				default: 'tenantToken',
				description: 'Act as the app (files go where the app may edit) or as a Feishu user who connected the credential (the user\'s own documents)',
				options: [
					{ name: 'Tenant (App)', value: 'tenantToken' },
					{ name: 'User (OAuth2)', value: 'oAuth2' },
				],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'upload',
				options: [
					{
						name: 'Attach to Base Record',
						value: 'attachToRecord',
						description: 'Upload a file into a Base and add it to a record\'s attachment field, next to the attachments already there',
						action: 'Attach a file to a base record',
					},
					{
						name: 'Download',
						value: 'download',
						description: 'Download a file by its file_token into a binary field',
						action: 'Download a file',
					},
					{
						name: 'Get Import Result',
						value: 'getImportResult',
						description: 'Look up an import task by its ticket and output the new document\'s token and URL',
						action: 'Get an import result',
					},
					{
						name: 'Get Temporary Download URLs',
						value: 'getTemporaryUrls',
						description: 'Get a link per file_token that downloads the file without a token for 24 hours',
						action: 'Get temporary download links',
					},
					{
						name: 'Import as Document',
						value: 'importAsDocument',
						description: 'Import a file (Word, Markdown, Excel, CSV …) as a new Feishu document, spreadsheet or Base and output its token and URL',
						action: 'Import a file as a document',
					},
					{
						name: 'Insert Into Document',
						value: 'insertIntoDocument',
						description: 'Insert a file into a docx as a new Image or File block: the block is created, the file uploaded into it and set on it',
						action: 'Insert a file into a document',
					},
					{
						name: 'Upload',
						value: 'upload',
						description: 'Upload a file into a Feishu document and output its file_token',
						action: 'Upload a file',
					},
				],
			},
			...upload.description,
			...download.description,
			...getTemporaryUrls.description,
			...insertIntoDocument.description,
			...attachToRecord.description,
			...importAsDocument.description,
			...getImportResult.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
