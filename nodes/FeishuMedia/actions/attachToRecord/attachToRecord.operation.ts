import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import type { ExecutionScope, ItemBudget } from '../../transport/feishuClient';
import { readMediaItem, uploadMedia } from '../mediaItem';
import { eachItem } from '../perItem';
import { scopeNote } from '../scopeNote';
import {
	ATTACHMENT_FIELD_TYPE,
	attachedTokens,
	baseParentType,
	fieldTypeName,
	nextAttachments,
	type BaseField,
	type UploadAs,
} from './attachments';
import { listFields, readRecordFields, writeRecordField, type RecordAddress } from './bitableCalls';

export { attachToRecordDescription as description } from './attachToRecord.description';

/** Feishu's Base ids: letters, digits, "_" and "-"; a pasted URL is the usual mistake. */
const BASE_ID = /^[A-Za-z0-9_-]+$/;

interface AttachRequest extends RecordAddress {
	fieldName: string;
	replace: boolean;
	uploadAs: UploadAs;
}

function readAttachRequest(
	fx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): AttachRequest {
	const fail = (message: string, description: string) =>
		new NodeOperationError(fx.getNode(), `Item ${itemIndex + 1}: ${message}`, {
			itemIndex,
			description,
		});
	const id = (name: string, label: string, example: string): string => {
		const value = String(fx.getNodeParameter(name, itemIndex, '') ?? '').trim();
		if (value === '') throw fail(`${label} is empty`, `Set ${label}, e.g. ${example}.`);
		if (!BASE_ID.test(value))
			throw fail(
				`${label} "${value.slice(0, 80)}" is not an ID`,
				`Use the ID alone, not a URL, e.g. ${example}.`,
			);
		return value;
	};
	const appToken = id(
		'appToken',
		'App Token',
		'appbcbWCzen6D8dezhoCH2RpMAh (the part of the Base URL after /base/)',
	);
	const tableId = id('tableId', 'Table ID', 'tblsRc9GRRXKqhvW');
	const recordId = id('recordId', 'Record ID', 'recPGfZZ13');
	const fieldName = String(fx.getNodeParameter('fieldName', itemIndex, '') ?? '');
	if (fieldName.trim() === '')
		throw fail(
			'Field Name is empty',
			'Set Field Name to the name of the attachment field, exactly as the table shows it.',
		);
	const uploadAs = String(options.uploadAs ?? 'auto') as UploadAs;
	if (!['auto', 'image', 'file'].includes(uploadAs))
		throw fail(`Upload As "${uploadAs}" is not auto, image or file`, 'Pick Auto, Image or File.');
	return { appToken, tableId, recordId, fieldName, replace: options.replace === true, uploadAs };
}

/** The table's fields, read once per execution and table: many items usually go to one table. */
type FieldCache = Map<string, Promise<BaseField[]>>;

async function checkAttachmentField(
	fx: IExecuteFunctions,
	itemIndex: number,
	scope: ExecutionScope,
	budget: ItemBudget,
	request: AttachRequest,
	cache: FieldCache,
): Promise<void> {
	const key = `${request.appToken}|${request.tableId}`;
	let fields = cache.get(key);
	if (!fields) {
		fields = listFields(scope, budget, request.appToken, request.tableId);
		cache.set(key, fields);
		// A failed read is not kept: the next item asks again.
		fields.catch(() => cache.delete(key));
	}
	const field = (await fields).find((candidate) => candidate.name === request.fieldName);
	if (!field) {
		const names = (await fields)
			.map((candidate) => `"${candidate.name}"`)
			.slice(0, 30)
			.join(', ');
		throw new NodeOperationError(
			fx.getNode(),
			`Item ${itemIndex + 1}: table ${request.tableId} has no field "${request.fieldName}"`,
			{
				itemIndex,
				description: `Field Name must match a field's name exactly (case and spaces included). The table's fields: ${names || 'none'}.`,
			},
		);
	}
	if (field.type !== ATTACHMENT_FIELD_TYPE) {
		throw new NodeOperationError(
			fx.getNode(),
			`Item ${itemIndex + 1}: field "${request.fieldName}" is a ${fieldTypeName(field.type)} field, not an attachment field`,
			{
				itemIndex,
				description:
					"Files can only be attached to an attachment field. Pick another field, or change the field's type in the Base.",
			},
		);
	}
}

/**
 * One item: the field checked, the file uploaded into the Base, then the record read and written
 * with its attachments plus the new one. Items run one after another, so each reads what the
 * one before wrote and none is lost.
 */
async function attachItem(
	fx: IExecuteFunctions,
	itemIndex: number,
	scope: ExecutionScope,
	cache: FieldCache,
): Promise<IDataObject> {
	const options = fx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const request = readAttachRequest(fx, itemIndex, options);
	const item = await readMediaItem(fx, itemIndex, options);
	await checkAttachmentField(fx, itemIndex, scope, item.budget, request, cache);
	const parentType = baseParentType(request.uploadAs, item.mimeType);
	const fileToken = await uploadMedia(scope, item, {
		fileName: item.fileName,
		parentType,
		parentNode: request.appToken,
		extra: JSON.stringify({ drive_route_token: request.appToken }),
	});
	const current = request.replace
		? []
		: attachedTokens((await readRecordFields(scope, item.budget, request))[request.fieldName]);
	const value = nextAttachments(current, fileToken, request.replace);
	const after = await writeRecordField(scope, item.budget, request, request.fieldName, value);
	const written = attachedTokens(after[request.fieldName]);
	return {
		record_id: request.recordId,
		field_name: request.fieldName,
		file_token: fileToken,
		attachment_count: written.length > 0 ? written.length : value.length,
		parent_type: parentType,
		file_name: item.fileName,
		size: item.source.size,
	};
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const cache: FieldCache = new Map();
	return await eachItem(
		this,
		async (itemIndex, scope) => ({ json: await attachItem(this, itemIndex, scope, cache) }),
		{ note: scopeNote('bitable:app and docs:document.media:upload') },
	);
}
