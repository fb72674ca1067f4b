import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import {
	IMPORT_TYPES,
	extensionsFor,
	importSizeLimit,
	type ImportType,
} from '../../protocol/importTask';
import type { ItemBudget } from '../../transport/feishuClient';
import type { FileSource } from '../../upload/fileSource';
import { completeImportExtra, fileExtensionOf } from '../upload/importStaging';
import { itemBudget } from '../itemBudget';
import { fileNameProblem, readItemFile } from '../upload/itemFile';
import { DEFAULT_MAX_WAIT_SECONDS } from './importOptions';

export interface ImportRequest {
	source: FileSource;
	type: ImportType;
	extension: string;
	/** What the staged upload is called: the document name plus the file's extension. */
	uploadName: string;
	/** The new document's name. */
	documentName: string;
	folderToken: string;
	maxWaitMs: number;
	budget: ItemBudget;
}

/** Max Wait, Max Retries and Timeout, with their defaults. */
export function readWaitOptions(options: IDataObject): { maxWaitMs: number; budget: ItemBudget } {
	const maxWait = Number(options.maxWait ?? DEFAULT_MAX_WAIT_SECONDS);
	return {
		maxWaitMs:
			(Number.isFinite(maxWait) && maxWait >= 0 ? maxWait : DEFAULT_MAX_WAIT_SECONDS) * 1000,
		budget: itemBudget(options),
	};
}

function withoutExtension(name: string): string {
	return name.replace(/\.[A-Za-z0-9]+$/, '');
}

/**
 * One item's import, checked before any request: the format is one Feishu imports as the chosen
 * type, and the file is within that format's size limit. Each failure names the item and what to fix.
 */
export async function buildImportRequest(
	fx: IExecuteFunctions,
	itemIndex: number,
): Promise<ImportRequest> {
	const fail = (message: string, description: string) =>
		new NodeOperationError(fx.getNode(), `Item ${itemIndex + 1}: ${message}`, {
			itemIndex,
			description,
		});
	const options = fx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const chosenType = String(fx.getNodeParameter('importType', itemIndex, 'auto'));
	const folderToken = String(fx.getNodeParameter('folderToken', itemIndex, '') ?? '').trim();
	if (/[\s/?#]/.test(folderToken)) {
		throw fail(
			`Folder Token "${folderToken.slice(0, 60)}" is not a folder token`,
			"Pass the folder's token (the last part of its URL, e.g. fldcnqquW1svRIYVT2Np6Iabcef), or leave it empty for the app's root.",
		);
	}
	const file = await readItemFile(fx, itemIndex);
	const ownName = String(file.fileName ?? '').trim();
	const chosenName = String(options.fileName ?? '').trim();
	const extension = fileExtensionOf(ownName) ?? fileExtensionOf(chosenName);
	if (!extension) {
		throw fail(
			`the file "${ownName || '(no name)'}" has no extension, so its format is unknown`,
			'Feishu imports by extension: give the binary a name such as report.docx, or set Options > File Name to one.',
		);
	}

	let type: ImportType;
	if (chosenType === 'auto') {
		const derived = completeImportExtra({}, `x.${extension}`);
		if (typeof derived === 'string') {
			throw fail(
				`Feishu cannot import a .${extension} file`,
				'Import .docx, .doc, .txt, .md, .html (as a document) or .xlsx, .xls, .csv (as a spreadsheet or Base).',
			);
		}
		type = derived.obj_type as ImportType;
	} else if ((IMPORT_TYPES as readonly string[]).includes(chosenType)) {
		type = chosenType as ImportType;
	} else {
		throw fail(
			`Import As "${chosenType}" is not one of docx, sheet, bitable`,
			'Pick Import As from the list.',
		);
	}
	const limit = importSizeLimit(type, extension);
	if (limit === undefined) {
		throw fail(
			`a .${extension} file cannot be imported as ${type}`,
			`${type} is made from ${extensionsFor(type)
				.map((e) => `.${e}`)
				.join(', ')}. Pick another Import As.`,
		);
	}
	if (file.source.size > limit) {
		throw fail(
			`the file is ${file.source.size} bytes; Feishu imports .${extension} as ${type} up to ${limit / (1024 * 1024)} MB (${limit} bytes)`,
			'Split the file, or save it in a format with a higher limit (.docx 600 MB, .xlsx 800 MB).',
		);
	}

	const documentName = withoutExtension(chosenName) || withoutExtension(ownName);
	if (documentName === '') throw fail('the document name is empty', 'Set Options > File Name.');
	const uploadName = `${documentName}.${extension}`;
	const nameProblem = fileNameProblem(uploadName);
	if (nameProblem) throw fail(...nameProblem);
	return {
		source: file.source,
		type,
		extension,
		uploadName,
		documentName,
		folderToken,
		...readWaitOptions(options),
	};
}
