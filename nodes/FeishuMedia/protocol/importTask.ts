// Feishu's import tasks (drive/v1/import_tasks): which files become which documents, the size
// limits, and what each job_status means (docs/feishu-protocol.md, "Import tasks").

export const IMPORT_TASKS_PATH = '/open-apis/drive/v1/import_tasks';

export type ImportType = 'docx' | 'sheet' | 'bitable';
export const IMPORT_TYPES: readonly ImportType[] = ['docx', 'sheet', 'bitable'];

const MB = 1024 * 1024;

/** Which extensions each document type imports, and the largest file Feishu takes for each. */
const SIZE_LIMITS: Record<ImportType, Record<string, number>> = {
	docx: {
		docx: 600 * MB,
		doc: 600 * MB,
		txt: 20 * MB,
		md: 20 * MB,
		mark: 20 * MB,
		markdown: 20 * MB,
		html: 20 * MB,
	},
	sheet: { xlsx: 800 * MB, xls: 20 * MB, csv: 20 * MB },
	bitable: { xlsx: 800 * MB, csv: 100 * MB },
};

/** The extensions `type` imports, for error messages. */
export function extensionsFor(type: ImportType): string[] {
	return Object.keys(SIZE_LIMITS[type]);
}

/** The largest file of this extension Feishu imports as `type`; undefined when it does not import it at all. */
export function importSizeLimit(type: ImportType, extension: string): number | undefined {
	return SIZE_LIMITS[type][extension];
}

export function sizeLimitsText(): string {
	return 'docx and doc 600 MB; txt, md and html 20 MB; xlsx 800 MB; xls 20 MB; csv 20 MB as a sheet, 100 MB as a Base';
}

/** The JSON body of POST import_tasks. An empty folder token means the app's root folder. */
export function importTaskBody(fields: {
	extension: string;
	fileToken: string;
	type: ImportType;
	fileName: string;
	folderToken: string;
}) {
	return {
		file_extension: fields.extension,
		file_token: fields.fileToken,
		type: fields.type,
		file_name: fields.fileName,
		point: { mount_type: 1, mount_key: fields.folderToken },
	};
}

export const JOB_DONE = 0;
/** 1 initialising, 2 processing: poll again. */
export const PENDING_JOB_STATUSES: ReadonlySet<number> = new Set([1, 2]);

export interface JobStatusInfo {
	problem: string;
	action: string;
}

const INTERNAL: JobStatusInfo = {
	problem: 'Feishu failed internally while importing the file',
	action: 'Run the item again later; if it keeps failing, report it to Feishu with the ticket.',
};

/** Every failing job_status on Feishu's import_task/get page, in plain words. */
const JOB_STATUSES: Record<number, JobStatusInfo> = {
	3: INTERNAL,
	101: INTERNAL,
	102: INTERNAL,
	103: INTERNAL,
	106: INTERNAL,
	109: INTERNAL,
	114: INTERNAL,
	5000: INTERNAL,
	100: {
		problem: 'The file is encrypted (password-protected)',
		action: 'Remove the password, save the file, and import it again.',
	},
	104: {
		problem: "The tenant's storage quota is exceeded",
		action: 'Free up space or extend the storage, then run the item again.',
	},
	105: {
		problem: 'The target folder holds too many items',
		action: 'Set Folder Token to another folder.',
	},
	108: {
		problem: 'Feishu timed out processing the file',
		action: 'The file may be too large or too complex; split it or run the item again later.',
	},
	110: {
		problem: 'The app has no permission for this import',
		action:
			'Give the app edit access to the target folder and check its scopes (docs:document:import or drive:drive).',
	},
	112: {
		problem:
			'The file format is not supported for import (its content is not what its extension says)',
		action:
			'Import .docx, .doc, .txt, .md, .html as docx; .xlsx, .xls, .csv as sheet; .xlsx, .csv as bitable, with content matching the extension.',
	},
	113: {
		problem: 'This Office file variant is not supported',
		action:
			'Open the file and save it as a plain .docx or .xlsx (no macros, not "strict" Open XML), then import it.',
	},
	115: {
		problem: 'The file is larger than Feishu imports',
		action: `Feishu's limits: ${sizeLimitsText()}. Split the file.`,
	},
	116: {
		problem: 'The app may not import into this folder',
		action:
			"Share the folder with the app (edit permission), or leave Folder Token empty for the app's own root.",
	},
	117: {
		problem: 'The target folder has been deleted',
		action: 'Set Folder Token to an existing folder.',
	},
	118: {
		problem: "The file's extension does not match the import task's",
		action: 'Check the file name: its extension must be the real format of the file.',
	},
	119: {
		problem: 'The target folder does not exist',
		action: 'Set Folder Token to an existing folder, or leave it empty for the root.',
	},
	120: {
		problem: 'The file does not match the Import As type',
		action: 'Pick an Import As type this file can become.',
	},
	121: {
		problem: 'The uploaded file expired before the import ran (Feishu keeps it 5 minutes)',
		action: 'Run the item again.',
	},
	122: {
		problem: 'The source file forbids copying, so it cannot be imported',
		action: 'Lift the copy restriction on the source, then import it again.',
	},
	129: {
		problem: 'The file is damaged (its format is broken)',
		action: 'Open the file, save it as a new file, and import that.',
	},
	7000: {
		problem: 'The document would have more blocks than Feishu allows',
		action: 'Split the file into smaller documents.',
	},
	7001: {
		problem: 'The document nests blocks deeper than Feishu allows',
		action: 'Flatten deeply nested lists or tables, then import again.',
	},
	7002: {
		problem: 'A block of the document is larger than Feishu allows',
		action: 'Split very long paragraphs or tables, then import again.',
	},
};

export function describeJobStatus(status: number): JobStatusInfo {
	return (
		JOB_STATUSES[status] ?? {
			problem: `Feishu reported import job status ${status}`,
			action: "Look the status up on Feishu's import_task/get page, or report it with the ticket.",
		}
	);
}

/** The hints Feishu adds to a finished import when it cut content (the result's `extra`). */
const EXTRA_HINTS: Record<string, string> = {
	'1000': 'more than 20,000 blocks: the rest was cut',
	'1001': 'a table with more than 2,000 cells: the rest was cut',
	'1002': 'a table with more than 100 columns: the rest was cut',
	'1003': 'a paragraph over 100,000 characters: the rest was cut',
	'1005': 'some images could not be uploaded',
	'2000': 'too many columns: the rest was cut',
	'2001': 'too many cells: the rest was cut',
	'2002': 'more than 4,000 images: the rest were dropped',
	'2003': 'the drive storage is full',
	'2004': 'some images could not be uploaded',
	'2005': 'a cell longer than allowed: the rest was cut',
	'3000': 'images outside the data rows were dropped',
	'3001': 'images outside the data columns were dropped',
	'3003': 'too many columns: the rest was cut',
	'3004': 'too many cells: the rest was cut',
	'3005': 'more than 4,000 images: the rest were dropped',
	'3006': 'some images could not be uploaded',
};

export function describeExtraHint(code: string): string {
	return `${code}: ${EXTRA_HINTS[code] ?? "see Feishu's import_task/get page"}`;
}
