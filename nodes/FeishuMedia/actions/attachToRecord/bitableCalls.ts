import { callFeishuApi, type FeishuApiRequest } from '../../transport/feishuApi';
import type { ExecutionScope, ItemBudget } from '../../transport/feishuClient';
import { pagesOf } from '../../transport/pagedList';
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

function recordPath(address: RecordAddress): string {
	return `${tablePath(address.appToken, address.tableId)}/records/${encodeURIComponent(address.recordId)}`;
}

/** Every field of the table, by name and type. */
export async function listFields(
	scope: ExecutionScope,
	budget: ItemBudget,
	appToken: string,
	tableId: string,
): Promise<BaseField[]> {
	const fields: BaseField[] = [];
	const pages = pagesOf(scope, budget, {
		method: 'GET',
		path: `${tablePath(appToken, tableId)}/fields`,
		pageSize: FIELDS_PAGE_SIZE,
		maxPages: MAX_FIELD_PAGES,
		itemsName: 'fields',
		bucket: 'bitable',
		label: 'bitable list fields',
		retrySafe: true,
	});
	for await (const items of pages) {
		for (const item of items as Array<{ field_name?: unknown; type?: unknown }>) {
			if (typeof item?.field_name === 'string')
				fields.push({ name: item.field_name, type: item.type });
		}
	}
	return fields;
}

/**
 * One call on the record, answering its fields after it as Feishu reads them (empty fields are
 * left out). Reading is safe to repeat, and so is the update (see writeRecordField).
 */
async function recordCall(
	scope: ExecutionScope,
	budget: ItemBudget,
	address: RecordAddress,
	request: Pick<FeishuApiRequest, 'method' | 'json' | 'label'>,
): Promise<Record<string, unknown>> {
	const data = await callFeishuApi(scope, budget, {
		...request,
		path: recordPath(address),
		bucket: 'bitable',
		retrySafe: true,
	});
	const fields = (data.record as { fields?: unknown } | undefined)?.fields;
	return fields && typeof fields === 'object' && !Array.isArray(fields)
		? (fields as Record<string, unknown>)
		: {};
}

/** The record's fields as Feishu reads them. */
export async function readRecordFields(
	scope: ExecutionScope,
	budget: ItemBudget,
	address: RecordAddress,
): Promise<Record<string, unknown>> {
	return await recordCall(scope, budget, address, { method: 'GET', label: 'bitable get record' });
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
	return await recordCall(scope, budget, address, {
		method: 'PUT',
		json: { fields: { [fieldName]: value } },
		label: 'bitable update record',
	});
}
