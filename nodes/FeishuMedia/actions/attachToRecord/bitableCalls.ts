import { FeishuApiFailure } from '../../protocol/failures';
import { callFeishuApi } from '../../transport/feishuApi';
import type { ExecutionScope, ItemBudget } from '../../transport/feishuClient';
import type { BaseField } from './attachments';

const FIELDS_PAGE_SIZE = 100;
/** A table has at most a few hundred fields; a list that never ends is refused, not followed. */
const MAX_FIELD_PAGES = 50;

export interface RecordAddress {
	appToken: string;
	tableId: string;
	recordId: string;
}

function tablePath(appToken: string, tableId: string): string {
	return `/open-apis/bitable/v1/apps/${encodeURIComponent(appToken)}/tables/${encodeURIComponent(tableId)}`;
}

/** Every field of the table, by name and type. */
export async function listFields(
	scope: ExecutionScope,
	budget: ItemBudget,
	appToken: string,
	tableId: string,
): Promise<BaseField[]> {
	const fields: BaseField[] = [];
	let pageToken: string | undefined;
	for (let page = 0; page < MAX_FIELD_PAGES; page++) {
		const data = await callFeishuApi(scope, budget, {
			method: 'GET',
			path: `${tablePath(appToken, tableId)}/fields`,
			query: { page_size: FIELDS_PAGE_SIZE, page_token: pageToken },
			bucket: 'bitable',
			label: 'bitable list fields',
			retrySafe: true,
		});
		const items = Array.isArray(data.items)
			? (data.items as Array<{ field_name?: unknown; type?: unknown }>)
			: [];
		for (const item of items) {
			if (typeof item?.field_name === 'string')
				fields.push({ name: item.field_name, type: item.type });
		}
		pageToken =
			typeof data.page_token === 'string' && data.page_token !== '' ? data.page_token : undefined;
		if (data.has_more !== true || pageToken === undefined) return fields;
	}
	throw new FeishuApiFailure(
		'bitable list fields',
		200,
		undefined,
		`more than ${MAX_FIELD_PAGES} pages of fields`,
		undefined,
	);
}

/** The record's fields as Feishu reads them (empty fields are left out). */
export async function readRecordFields(
	scope: ExecutionScope,
	budget: ItemBudget,
	address: RecordAddress,
): Promise<Record<string, unknown>> {
	const data = await callFeishuApi(scope, budget, {
		method: 'GET',
		path: `${tablePath(address.appToken, address.tableId)}/records/${encodeURIComponent(address.recordId)}`,
		bucket: 'bitable',
		label: 'bitable get record',
		retrySafe: true,
	});
	const record = data.record as { fields?: unknown } | undefined;
	const fields = record?.fields;
	return fields && typeof fields === 'object' && !Array.isArray(fields)
		? (fields as Record<string, unknown>)
		: {};
}

/**
 * Writes one field of the record. Feishu's update is partial (other fields stay) and sets the
 * field to exactly the value sent, so repeating it is harmless. Answers the record's fields after.
 */
export async function writeRecordField(
	scope: ExecutionScope,
	budget: ItemBudget,
	address: RecordAddress,
	fieldName: string,
	value: unknown,
): Promise<Record<string, unknown>> {
	const data = await callFeishuApi(scope, budget, {
		method: 'PUT',
		path: `${tablePath(address.appToken, address.tableId)}/records/${encodeURIComponent(address.recordId)}`,
		json: { fields: { [fieldName]: value } },
		bucket: 'bitable',
		label: 'bitable update record',
		retrySafe: true,
	});
	const record = data.record as { fields?: unknown } | undefined;
	const fields = record?.fields;
	return fields && typeof fields === 'object' && !Array.isArray(fields)
		? (fields as Record<string, unknown>)
		: {};
}
