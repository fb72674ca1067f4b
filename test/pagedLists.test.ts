import {
	newApp,
	sha256,
	startFakeFeishu,
	testBytes,
	type FakeFeishu,
} from '../scripts/lib/harness/fake';
import { runFeishuMedia } from '../scripts/lib/harness/runNode';

// Feishu's list endpoints answer a page at a time. A Base table can hold more fields than one
// page of the field list (the node asks for 100 a page), so a field past the first page must
// still be found: the node follows page_token until has_more is false.

let fake: FakeFeishu;
beforeAll(async () => {
	fake = await startFakeFeishu();
});
afterAll(async () => await fake.close());

const TABLE = 'tblPagedFields01';
const RECORD = 'recPagedFields01';

test('Attach to Base Record finds a field on the third page of the field list', async () => {
	const appToken = `bascnPaged${process.pid}`;
	const textFields = Array.from({ length: 240 }, (_, index) => ({
		name: `Note ${index + 1}`,
		type: 1,
	}));
	fake.addBase({
		appToken,
		tables: [
			{
				tableId: TABLE,
				// 241 fields: the attachment field is the last one, on page 3 of 100.
				fields: [...textFields, { name: 'Files', type: 17 }],
				records: [{ recordId: RECORD, fields: { 'Note 1': 'kept' } }],
			},
		],
	});
	const content = testBytes(4096, 77);
	const { output } = await runFeishuMedia({
		credentials: newApp(fake),
		items: [{ binary: { data: { content, fileName: 'late.pdf', mimeType: 'application/pdf' } } }],
		parameters: {
			operation: 'attachToRecord',
			appToken,
			tableId: TABLE,
			recordId: RECORD,
			fieldName: 'Files',
		},
	});
	const token = output[0].json.file_token as string;
	expect(output[0].json).toMatchObject({ field_name: 'Files', attachment_count: 1 });
	const record = fake.record(appToken, TABLE, RECORD);
	expect((record?.Files as Array<{ file_token: string }>).map((file) => file.file_token)).toEqual([
		token,
	]);
	expect(record?.['Note 1']).toBe('kept');
	expect(fake.files.get(token)?.sha256).toBe(sha256(content));
});
