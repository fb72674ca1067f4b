import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import * as attachToRecord from './attachToRecord/attachToRecord.operation';
import * as download from './download/download.operation';
import * as getImportResult from './getImportResult/getImportResult.operation';
import * as getTemporaryUrls from './getTemporaryUrls/getTemporaryUrls.operation';
import * as importAsDocument from './importAsDocument/importAsDocument.operation';
import * as insertIntoDocument from './insertIntoDocument/insertIntoDocument.operation';
import * as upload from './upload/upload.operation';

interface Operation {
	/** The entry in the Operation selector; its `value` is what saved workflows hold. */
	option: INodePropertyOptions & { value: string; action: string };
	/** The parameters shown for it. */
	description: INodeProperties[];
	execute(this: IExecuteFunctions): Promise<INodeExecutionData[]>;
}

/**
 * Every operation, in the selector's (alphabetical) order: one table for the selector, the
 * parameters and the router, so they cannot disagree. They stay in one Operation selector, with no
 * Resource above it, because saved workflows and issue 10's contract name them that way.
 */
export const OPERATIONS: Operation[] = [
	{
		option: {
			name: 'Attach to Base Record',
			value: 'attachToRecord',
			description:
				"Upload a file into a Base and add it to a record's attachment field, next to the attachments already there",
			action: 'Attach a file to a base record',
		},
		description: attachToRecord.description,
		execute: attachToRecord.execute,
	},
	{
		option: {
			name: 'Download',
			value: 'download',
			description: 'Download a file by its file_token into a binary field',
			action: 'Download a file',
		},
		description: download.description,
		execute: download.execute,
	},
	{
		option: {
			name: 'Get Import Result',
			value: 'getImportResult',
			description:
				"Look up an import task by its ticket and output the new document's token and URL",
			action: 'Get an import result',
		},
		description: getImportResult.description,
		execute: getImportResult.execute,
	},
	{
		option: {
			name: 'Get Temporary Download URLs',
			value: 'getTemporaryUrls',
			description: 'Get a link per file_token that downloads the file without a token for 24 hours',
			action: 'Get temporary download links',
		},
		description: getTemporaryUrls.description,
		execute: getTemporaryUrls.execute,
	},
	{
		option: {
			name: 'Import as Document',
			value: 'importAsDocument',
			description:
				'Import a file (Word, Markdown, Excel, CSV …) as a new Feishu document, spreadsheet or Base and output its token and URL',
			action: 'Import a file as a document',
		},
		description: importAsDocument.description,
		execute: importAsDocument.execute,
	},
	{
		option: {
			name: 'Insert Into Document',
			value: 'insertIntoDocument',
			description:
				'Insert a file into a docx as a new Image or File block: the block is created, the file uploaded into it and set on it',
			action: 'Insert a file into a document',
		},
		description: insertIntoDocument.description,
		execute: insertIntoDocument.execute,
	},
	{
		option: {
			name: 'Upload',
			value: 'upload',
			description: 'Upload a file into a Feishu document and output its file_token',
			action: 'Upload a file',
		},
		description: upload.description,
		execute: upload.execute,
	},
];

/**
 * Every operation's parameters, each shown only while its operation is chosen: said here once,
 * so a parameter cannot show up under another operation (several share a name, e.g. options).
 */
export function operationProperties(): INodeProperties[] {
	return OPERATIONS.flatMap(({ option, description }) =>
		description.map((property) => ({
			...property,
			displayOptions: {
				...property.displayOptions,
				show: { ...property.displayOptions?.show, operation: [option.value] },
			},
		})),
	);
}
