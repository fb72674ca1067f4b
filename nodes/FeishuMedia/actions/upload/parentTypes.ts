import type { INodePropertyOptions } from 'n8n-workflow';

export interface ParentTypeInfo extends INodePropertyOptions {
	value: string;
	/** Whether parent_node must be given (only import staging goes without). */
	needsParentNode: boolean;
	/** Whether the media belongs to a document that `drive_route_token` can name. */
	takesDriveRouteToken: boolean;
}

/** The open upload points (docs/feishu-protocol.md); vc_virtual_background and moments are not open yet. */
export const PARENT_TYPES: ParentTypeInfo[] = [
	{
		name: 'Docx Image',
		value: 'docx_image',
		description:
			'Image in a new-style document. Parent Node: block_ID of an Image block created first; Drive Route Token: the document_ID.',
		needsParentNode: true,
		takesDriveRouteToken: true,
	},
	{
		name: 'Docx File',
		value: 'docx_file',
		description:
			'Attachment in a new-style document. Parent Node: block_ID of a File block; Drive Route Token: the document_ID.',
		needsParentNode: true,
		takesDriveRouteToken: true,
	},
	{
		name: 'Sheet Image',
		value: 'sheet_image',
		description: 'Image in a spreadsheet. Parent Node: the spreadsheet token.',
		needsParentNode: true,
		takesDriveRouteToken: true,
	},
	{
		name: 'Sheet File',
		value: 'sheet_file',
		description: 'File in a spreadsheet. Parent Node: the spreadsheet token.',
		needsParentNode: true,
		takesDriveRouteToken: true,
	},
	{
		name: 'Base (Bitable) Image',
		value: 'bitable_image',
		description: 'Image for a Base attachment field. Parent Node: the Base app_token.',
		needsParentNode: true,
		takesDriveRouteToken: true,
	},
	{
		name: 'Base (Bitable) File',
		value: 'bitable_file',
		description: 'File for a Base attachment field. Parent Node: the Base app_token.',
		needsParentNode: true,
		takesDriveRouteToken: true,
	},
	{
		name: 'Import Staging',
		value: 'ccm_import_open',
		description:
			'Stage a file for an import task (e.g. .xlsx to a sheet, .md to a docx). No Parent Node; Extra gives obj_type and file_extension (derived from the file name when left out).',
		needsParentNode: false,
		takesDriveRouteToken: false,
	},
	{
		name: 'Old Doc Image (Deprecated)',
		value: 'doc_image',
		description: 'Image in an old-style doc. Parent Node: the doc token.',
		needsParentNode: true,
		takesDriveRouteToken: false,
	},
	{
		name: 'Old Doc File (Deprecated)',
		value: 'doc_file',
		description: 'File in an old-style doc. Parent Node: the doc token.',
		needsParentNode: true,
		takesDriveRouteToken: false,
	},
];

export function parentTypeInfo(value: string): ParentTypeInfo | undefined {
	return PARENT_TYPES.find((type) => type.value === value);
}
