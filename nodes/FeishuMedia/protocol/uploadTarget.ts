/** Where a file goes in Feishu, already validated. */
export interface UploadTarget {
	fileName: string;
	parentType: string;
	/** Empty for ccm_import_open, but still sent: Feishu expects the field. */
	parentNode: string;
	/** The JSON string for Feishu's `extra` field, when there is one. */
	extra?: string;
}

export const UPLOAD_ALL_MAX_BYTES = 20 * 1024 * 1024;

export function targetFields(target: UploadTarget): Record<string, string> {
	const fields: Record<string, string> = {
		file_name: target.fileName,
		parent_type: target.parentType,
		parent_node: target.parentNode,
	};
	if (target.extra !== undefined) fields.extra = target.extra;
	return fields;
}
