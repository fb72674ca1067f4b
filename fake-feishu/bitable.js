'use strict';
// Bases (bitable v1): apps, tables, fields and records, kept so tests can assert on a record's
// end state. Record update is partial (fields not sent stay); an attachment field takes
// [{file_token}] of files uploaded into this Base (bitable_image / bitable_file with this app_token
// as parent_node) and reads back as [{file_token, name, size, type, url, tmp_url}]. Two writes to
// one table at the same time are refused (1254291), as Feishu does.

const { pageOf } = require('./paging');

const FIELD = Object.freeze({ text: 1, number: 2, attachment: 17 });
const MAX_FIELD_PAGE = 100;
const DEFAULT_FIELD_PAGE = 20;
const DEFAULT_BASES = Object.freeze([
	{
		appToken: 'bascnFakeBase0001',
		tables: [
			{
				tableId: 'tblFakeTable0001',
				fields: [
					{ name: 'Name', type: FIELD.text },
					{ name: 'Attachments', type: FIELD.attachment },
					{ name: 'Count', type: FIELD.number },
				],
				records: [{ recordId: 'recFakeRecord0001', fields: { Name: 'first record' } }],
			},
		],
	},
]);

const isPlainObject = (value) =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

class BaseStore {
	constructor(parentNodes) {
		this.parentNodes = parentNodes;
		this.bases = new Map();
		this.reset();
	}

	reset() {
		this.bases.clear();
		for (const base of DEFAULT_BASES) this.addBase(base);
	}

	/** { appToken, tables: [{ tableId, fields: [{ name, type }], records: [{ recordId, fields }] }] } */
	addBase({ appToken, tables }) {
		if (typeof appToken !== 'string' || !/^[A-Za-z0-9]+$/.test(appToken))
			throw new TypeError('appToken must be letters and digits');
		if (!Array.isArray(tables)) throw new TypeError('tables must be an array');
		const byId = new Map();
		for (const table of tables) {
			const fields = (table.fields || []).map((field, index) => ({
				field_id: `fld${String(index + 1).padStart(7, '0')}`,
				field_name: String(field.name),
				type: Number(field.type),
				is_primary: index === 0,
			}));
			const records = new Map();
			for (const record of table.records || [])
				records.set(record.recordId, new Map(Object.entries(structuredClone(record.fields || {}))));
			byId.set(table.tableId, { fields, records, writing: 0 });
		}
		this.bases.set(appToken, { tables: byId });
		this.parentNodes.add('bitable_image', appToken);
		this.parentNodes.add('bitable_file', appToken);
	}

	/** A record's stored fields (attachments as [{file_token}]), for end-state asserts. */
	record(appToken, tableId, recordId) {
		const record = this.bases.get(appToken)?.tables.get(tableId)?.records.get(recordId);
		return record ? Object.fromEntries(structuredClone([...record])) : null;
	}
}

function locateTable(core, { appToken, tableId }) {
	const base = core.bitable.bases.get(appToken);
	if (!base) return { code: 1254040 };
	const table = base.tables.get(tableId);
	if (!table) return { code: 1254041 };
	return { table };
}

function readValue(core, field, value) {
	if (field.type !== FIELD.attachment) return structuredClone(value);
	return value.map(({ file_token: token }) => {
		const media = core.files.get(token);
		return {
			file_token: token,
			name: media ? media.fileName : '',
			size: media ? media.size : 0,
			type: 'application/octet-stream',
			url: `https://open.feishu.cn/open-apis/drive/v1/medias/${token}/download`,
			tmp_url: `https://open.feishu.cn/open-apis/drive/v1/medias/batch_get_tmp_download_url?file_tokens=${token}`,
		};
	});
}

function recordJson(core, table, recordId, record) {
	const fields = {};
	for (const field of table.fields) {
		const value = record.get(field.field_name);
		if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0))
			fields[field.field_name] = readValue(core, field, value);
	}
	return { record_id: recordId, id: recordId, fields };
}

/** GET …/apps/:app_token/tables/:table_id/records/:record_id */
function getRecord(ex, core, params) {
	const found = locateTable(core, params);
	if (found.code) return ex.fail(found.code);
	const record = found.table.records.get(params.recordId);
	if (!record) return ex.fail(1254043);
	return ex.ok({ record: recordJson(core, found.table, params.recordId, record) });
}

/** The code refusing `value` for `field` in Base `appToken`, or null. */
function valueCode(core, appToken, field, value) {
	if (value === null) return null;
	if (field.type === FIELD.attachment) {
		if (
			!Array.isArray(value) ||
			value.some(
				(entry) =>
					!isPlainObject(entry) || typeof entry.file_token !== 'string' || entry.file_token === '',
			)
		)
			return 1254069;
		for (const { file_token: token } of value) {
			const media = core.files.get(token);
			if (
				!media ||
				!['bitable_image', 'bitable_file'].includes(media.parentType) ||
				media.parentNode !== appToken
			)
				return 1254303;
		}
		return null;
	}
	if (field.type === FIELD.text) return typeof value === 'string' ? null : 1254060;
	if (field.type === FIELD.number) return typeof value === 'number' ? null : 1254061;
	return null;
}

/** A write holds its table this long, as Feishu's take a moment: overlapping writes conflict. */
const WRITE_MS = 15;

/** PUT …/records/:record_id {fields}: partial update; answers the whole record. */
async function updateRecord(ex, core, params, query, body) {
	const found = locateTable(core, params);
	if (found.code) return ex.fail(found.code);
	const { table } = found;
	const record = table.records.get(params.recordId);
	if (!record) return ex.fail(1254043);
	if (!isPlainObject(body.fields) || Object.keys(body.fields).length === 0) return ex.fail(1254001);
	for (const [name, value] of Object.entries(body.fields)) {
		const field = table.fields.find((candidate) => candidate.field_name === name);
		if (!field) return ex.fail(1254045);
		const code = valueCode(core, params.appToken, field, value);
		if (code) return ex.fail(code);
	}
	await core.sleep(WRITE_MS);
	for (const [name, value] of Object.entries(body.fields)) {
		const field = table.fields.find((candidate) => candidate.field_name === name);
		record.set(
			name,
			field.type === FIELD.attachment && value
				? value.map(({ file_token: token }) => ({ file_token: token }))
				: structuredClone(value),
		);
	}
	return ex.ok({ record: recordJson(core, table, params.recordId, record) });
}

/** GET …/tables/:table_id/fields?page_size&page_token */
function listFields(ex, core, params, query) {
	const found = locateTable(core, params);
	if (found.code) return ex.fail(found.code);
	const { fields } = found.table;
	const page = pageOf(fields, query, {
		defaultSize: DEFAULT_FIELD_PAGE,
		maxSize: MAX_FIELD_PAGE,
		tokenPrefix: 'fpt_',
	});
	if (!page) return ex.fail(1254000);
	const items = page.items.map((field) => ({
		...field,
		property: null,
		ui_type: field.type === FIELD.attachment ? 'Attachment' : 'Text',
	}));
	return ex.ok({ ...page, items, total: fields.length });
}

module.exports = {
	BaseStore,
	getRecord,
	updateRecord,
	listFields,
	FIELD_TYPE: FIELD,
	DEFAULT_BASES,
};
