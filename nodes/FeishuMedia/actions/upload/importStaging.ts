/** The document type an import task makes from each file extension (Feishu's import formats). */
const OBJ_TYPE_BY_EXTENSION: Record<string, string> = {
	docx: 'docx',
	doc: 'docx',
	txt: 'docx',
	md: 'docx',
	mark: 'docx',
	markdown: 'docx',
	html: 'docx',
	xlsx: 'sheet',
	xls: 'sheet',
	csv: 'sheet',
};

export function fileExtensionOf(fileName: string): string | undefined {
	const match = /\.([A-Za-z0-9]+)$/.exec(fileName);
	return match ? match[1].toLowerCase() : undefined;
}

/**
 * Import staging needs extra.obj_type and extra.file_extension; fill them from the file name
 * when the user left them out, so the common case (an .xlsx or .md) needs no JSON at all.
 */
export function completeImportExtra(
	extra: Record<string, unknown>,
	fileName: string,
): Record<string, unknown> | string {
	const completed = { ...extra };
	if (completed.file_extension === undefined) {
		const extension = fileExtensionOf(fileName);
		if (!extension)
			return `the file name "${fileName}" has no extension to derive extra.file_extension from`;
		completed.file_extension = extension;
	}
	if (completed.obj_type === undefined) {
		const objType = OBJ_TYPE_BY_EXTENSION[String(completed.file_extension).toLowerCase()];
		if (!objType)
			return `extra.obj_type cannot be derived from the extension "${String(completed.file_extension)}"`;
		completed.obj_type = objType;
	}
	return completed;
}
