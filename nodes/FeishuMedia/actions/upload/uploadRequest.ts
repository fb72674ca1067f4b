import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { UPLOAD_ALL_MAX_BYTES, type UploadTarget } from '../../protocol/uploadTarget';
import type { ItemBudget } from '../../transport/feishuClient';
import type { FileSource } from '../../upload/fileSource';
import { itemBudget } from '../itemBudget';
import { completeImportExtra } from './importStaging';
import { readNamedItemFile } from './itemFile';
import { parentTypeInfo } from './parentTypes';

export type UploadMode = 'auto' | 'uploadAll' | 'chunked';

export interface UploadRequest {
	target: UploadTarget;
	source: FileSource;
	/** The mode this file goes up in: `auto` already decided by its size. */
	mode: 'uploadAll' | 'chunked';
	budget: ItemBudget;
}

function parseExtraOption(raw: unknown): Record<string, unknown> | string {
	if (raw === undefined || raw === null || raw === '') return {};
	let value = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw);
		} catch (error) {
			return `it is not valid JSON (${(error as Error).message})`;
		}
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return 'it must be a JSON object such as {"obj_type":"sheet","file_extension":"xlsx"}';
	}
	return value as Record<string, unknown>;
}

/**
 * Reads one item's parameters and file, and checks everything Feishu would reject before any
 * request is sent: each failure names the item and the field to fix.
 */
export async function buildUploadRequest(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<UploadRequest> {
	const node = context.getNode();
	const fail = (message: string, description: string) =>
		new NodeOperationError(node, `Item ${itemIndex + 1}: ${message}`, { itemIndex, description });

	const parentType = context.getNodeParameter('parentType', itemIndex) as string;
	const typeInfo = parentTypeInfo(parentType);
	if (!typeInfo) {
		throw fail(
			`Parent Type "${parentType}" is not an open Feishu upload point`,
			'Pick a Parent Type from the list.',
		);
	}
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;

	const parentNode = typeInfo.needsParentNode
		? String(context.getNodeParameter('parentNode', itemIndex, '')).trim()
		: '';
	if (typeInfo.needsParentNode && parentNode === '') {
		throw fail(
			'Parent Node is empty',
			`Parent Type "${parentType}" needs a Parent Node: ${typeInfo.description}`,
		);
	}

	const extraOption = parseExtraOption(options.extra);
	if (typeof extraOption === 'string') {
		throw fail(
			`Options > Extra is invalid: ${extraOption}`,
			'Enter a JSON object, or remove the Extra option.',
		);
	}

	const file = await readNamedItemFile(context, itemIndex, options);
	const { fileName } = file;

	let extra: Record<string, unknown> = { ...extraOption };
	if (typeInfo.takesDriveRouteToken) {
		const driveRouteToken = String(
			context.getNodeParameter('driveRouteToken', itemIndex, ''),
		).trim();
		if (driveRouteToken) extra.drive_route_token = driveRouteToken;
	}
	if (parentType === 'ccm_import_open') {
		const completed = completeImportExtra(extra, fileName);
		if (typeof completed === 'string') {
			throw fail(
				`import staging needs extra.obj_type and extra.file_extension, but ${completed}`,
				'Set Options > Extra, e.g. {"obj_type":"sheet","file_extension":"xlsx"}.',
			);
		}
		extra = completed;
	}

	const mode = (options.uploadMode as UploadMode | undefined) ?? 'auto';
	if (mode === 'uploadAll' && file.source.size > UPLOAD_ALL_MAX_BYTES) {
		throw fail(
			`the file is ${file.source.size} bytes; Single Request upload takes at most ${UPLOAD_ALL_MAX_BYTES} bytes (20 MiB)`,
			'Set Options > Upload Mode to Auto or Block Upload.',
		);
	}
	return {
		target: {
			fileName,
			parentType,
			parentNode,
			extra: Object.keys(extra).length ? JSON.stringify(extra) : undefined,
		},
		source: file.source,
		mode:
			mode === 'chunked' || (mode === 'auto' && file.source.size > UPLOAD_ALL_MAX_BYTES)
				? 'chunked'
				: 'uploadAll',
		budget: itemBudget(options),
	};
}
