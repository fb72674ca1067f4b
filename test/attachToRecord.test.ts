import { newApp, sha256, testBytes } from '../scripts/lib/harness/fake';
import type { TestItem } from '../scripts/lib/harness/runNode';
import { fakeForFile } from './support/fakeForFile';
import { oneItem, runOn } from './support/runOn';

const fake = fakeForFile();
const run = runOn(fake);
let baseCounter = 0;

const TABLE = 'tblAttachTest01';
const RECORD = 'recAttachTest01';

const FIELDS = [
	{ name: 'Name', type: 1 },
	{ name: 'Files', type: 17 },
	{ name: 'Count', type: 2 },
];

/** A fresh Base per test: a table with a text, an attachment and a number field, one record. */
function newBase(existing: Record<string, unknown> = { Name: 'row one' }, fields = FIELDS): string {
	baseCounter++;
	const appToken = `bascnAttach${process.pid}x${baseCounter}`;
	fake.addBase({
		appToken,
		tables: [
			{
				tableId: TABLE,
				fields,
				records: [{ recordId: RECORD, fields: existing }],
			},
		],
	});
	return appToken;
}

function files(count: number, seed = 1, mimeType = 'application/pdf'): TestItem[] {
	return Array.from({ length: count }, (_, index) => ({
		binary: {
			data: {
				content: testBytes(300 + index, seed + index),
				fileName: `file-${index + 1}.${mimeType === 'image/png' ? 'png' : 'pdf'}`,
				mimeType,
			},
		},
	}));
}

const attach = (appToken: string, extra: Record<string, unknown> = {}) => ({
	operation: 'attachToRecord',
	appToken,
	tableId: TABLE,
	recordId: RECORD,
	fieldName: 'Files',
	...extra,
});

function attached(appToken: string): string[] {
	const record = fake.record(appToken, TABLE, RECORD);
	return ((record?.Files as Array<{ file_token: string }> | undefined) ?? []).map(
		(entry) => entry.file_token,
	);
}

describe('Attach to Base Record', () => {
	test('uploads into the Base and adds the file next to the attachments already there', async () => {
		const appToken = newBase();
		const credentials = newApp(fake);
		const first = await run(files(1, 3), attach(appToken), { credentials });
		const content = testBytes(2048, 11);
		const { output } = await run(oneItem(content, 'photo.png', 'image/png'), attach(appToken), {
			credentials,
		});
		expect(output[0].json).toEqual({
			record_id: RECORD,
			field_name: 'Files',
			file_token: expect.stringMatching(/^boxcn/),
			attachment_count: 2,
			parent_type: 'bitable_image',
			file_name: 'photo.png',
			size: 2048,
		});
		expect(attached(appToken)).toEqual([
			first.output[0].json.file_token,
			output[0].json.file_token,
		]);
		const stored = fake.files.get(output[0].json.file_token as string);
		expect(stored).toMatchObject({ parentType: 'bitable_image', parentNode: appToken });
		expect(stored?.sha256).toBe(sha256(content));
		// The other fields of the record are left as they were.
		expect(fake.record(appToken, TABLE, RECORD)?.Name).toBe('row one');
	});

	test('10 items for one record: all 10 end up attached, in order, within the limits', async () => {
		const appToken = newBase();
		const credentials = newApp(fake);
		const { output } = await run(files(10, 20), attach(appToken), { credentials });
		expect(output.map((item) => item.json.attachment_count)).toEqual([
			1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
		]);
		expect(attached(appToken)).toEqual(output.map((item) => item.json.file_token));
		expect(output.every((item) => item.json.parent_type === 'bitable_file')).toBe(true);
		expect(fake.stats().breaches.filter((breach) => breach.appId === credentials.appId)).toEqual(
			[],
		);
	});

	test('Options > Replace sets the field to the new file alone', async () => {
		const appToken = newBase();
		const credentials = newApp(fake);
		await run(files(2, 30), attach(appToken), { credentials });
		const { output } = await run(files(1, 40), attach(appToken, { options: { replace: true } }), {
			credentials,
		});
		expect(output[0].json.attachment_count).toBe(1);
		expect(attached(appToken)).toEqual([output[0].json.file_token]);
	});

	test('Options > Upload As overrides the MIME type', async () => {
		const appToken = newBase();
		const { output } = await run(
			files(1, 50, 'image/png'),
			attach(appToken, { options: { uploadAs: 'file' } }),
		);
		expect(fake.files.get(output[0].json.file_token as string)?.parentType).toBe('bitable_file');
	});

	// Feishu's list endpoints answer a page at a time and the node asks for 100 fields a page, so
	// it must follow page_token until has_more is false to find a field past the first page.
	test('finds a field on the third page of the field list', async () => {
		const notes = Array.from({ length: 240 }, (_, index) => ({
			name: `Note ${index + 1}`,
			type: 1,
		}));
		// 241 fields: the attachment field is the last one, on page 3 of 100.
		const appToken = newBase({ 'Note 1': 'kept' }, [...notes, { name: 'Files', type: 17 }]);
		const content = testBytes(4096, 77);
		const { output } = await run(oneItem(content, 'late.pdf', 'application/pdf'), attach(appToken));
		expect(output[0].json).toMatchObject({ field_name: 'Files', attachment_count: 1 });
		expect(attached(appToken)).toEqual([output[0].json.file_token]);
		expect(fake.record(appToken, TABLE, RECORD)?.['Note 1']).toBe('kept');
		expect(fake.files.get(output[0].json.file_token as string)?.sha256).toBe(sha256(content));
	});
});

describe('Attach to Base Record: errors', () => {
	test("an unknown field fails before the upload, listing the table's fields", async () => {
		const appToken = newBase();
		const uploadsBefore = fake.files.size;
		const { output } = await run(files(1), attach(appToken, { fieldName: 'Attachmentz' }), {
			continueOnFail: true,
		});
		expect(output[0].json.error).toBe(`Item 1: table ${TABLE} has no field "Attachmentz"`);
		expect(output[0].json.description).toContain('"Name", "Files", "Count"');
		expect(fake.files.size).toBe(uploadsBefore);
	});

	test('a field that is not an attachment field fails before the upload', async () => {
		const appToken = newBase();
		const { output } = await run(files(1), attach(appToken, { fieldName: 'Count' }), {
			continueOnFail: true,
		});
		expect(output[0].json.error).toBe(
			'Item 1: field "Count" is a number field, not an attachment field',
		);
	});

	test("an unknown record: Feishu's 1254043, said plainly; the next item still goes in", async () => {
		const appToken = newBase();
		const { output } = await run(
			files(2, 60),
			(itemIndex) => attach(appToken, { recordId: itemIndex === 0 ? 'recMissing' : RECORD }),
			{ continueOnFail: true },
		);
		expect(output[0].json).toMatchObject({
			error: 'The record does not exist (Feishu code 1254043)',
			feishu_code: 1254043,
		});
		expect(attached(appToken)).toEqual([output[1].json.file_token]);
	});

	test('a write conflict (1254291) is retried and the attachment still lands', async () => {
		const appToken = newBase();
		fake.script({ endpoint: 'bitable_update_record', code: 1254291 });
		const { output } = await run(files(1, 70), attach(appToken));
		expect(attached(appToken)).toEqual([output[0].json.file_token]);
	});

	test('a Base the app may not edit: the error names the scope to add', async () => {
		const appToken = newBase();
		fake.script({ endpoint: 'bitable_update_record', code: 1254302 });
		const { output } = await run(files(1), attach(appToken), { continueOnFail: true });
		expect(output[0].json.feishu_code).toBe(1254302);
		expect(output[0].json.description).toContain('bitable:app');
	});

	const cases: Array<[string, Record<string, unknown>, string]> = [
		['an empty App Token', { appToken: '' }, 'Item 1: App Token is empty'],
		[
			'a URL as Table ID',
			{ tableId: 'https://x.feishu.cn/base/abc?table=tbl1' },
			'Item 1: Table ID "https://x.feishu.cn/base/abc?table=tbl1" is not an ID',
		],
		['an empty Field Name', { fieldName: ' ' }, 'Item 1: Field Name is empty'],
	];
	test.each(cases)('%s fails before any request', async (_label, parameters, message) => {
		const credentials = newApp(fake);
		const { output } = await run(files(1), attach(newBase(), parameters), {
			credentials,
			continueOnFail: true,
		});
		expect(output[0].json.error).toBe(message);
		expect(fake.stats().requests.filter((request) => request.appId === credentials.appId)).toEqual(
			[],
		);
	});
});
