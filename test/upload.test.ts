import { PARENT_TYPES } from '../nodes/FeishuMedia/actions/upload/parentTypes';
import { newApp, PARENT_NODES, sha256, testBytes } from '../scripts/lib/harness/fake';
import { fakeForFile } from './support/fakeForFile';
import { oneItem, runOn } from './support/runOn';

const fake = fakeForFile();
const run = runOn(fake);

function parentNodeFor(parentType: string): string {
	return parentType === 'ccm_import_open' ? '' : PARENT_NODES[parentType][0];
}

describe('upload_all into every open parent type', () => {
	test.each(PARENT_TYPES.map((type) => type.value))('%s', async (parentType) => {
		const content = testBytes(3000, parentType.length);
		const fileName = parentType === 'ccm_import_open' ? 'report.xlsx' : 'picture.png';
		const { output } = await run(oneItem(content, fileName), {
			parentType,
			parentNode: parentNodeFor(parentType),
		});
		expect(output).toHaveLength(1);
		const json = output[0].json;
		expect(json).toEqual({
			file_token: expect.any(String),
			file_name: fileName,
			size: 3000,
			parent_type: parentType,
			parent_node: parentNodeFor(parentType),
			upload_mode: 'upload_all',
		});
		const stored = fake.files.get(json.file_token as string);
		expect(stored).toMatchObject({
			parentType,
			parentNode: parentNodeFor(parentType),
			fileName,
			uploadMode: 'upload_all',
		});
		expect(stored?.sha256).toBe(sha256(content));
		expect(fake.readFile(json.file_token as string).equals(content)).toBe(true);
		expect(output[0].pairedItem).toEqual({ item: 0 });
	});
});

describe('file name and extra', () => {
	const docx = PARENT_NODES.docx_image[0];

	test("file_name defaults to the binary's own name", async () => {
		const { output } = await run(oneItem(Buffer.from('x'), '季度报告 2026.png'), {
			parentType: 'docx_image',
			parentNode: docx,
		});
		expect(fake.files.get(output[0].json.file_token as string)?.fileName).toBe('季度报告 2026.png');
	});

	test('Options > File Name overrides it', async () => {
		const { output } = await run(oneItem(Buffer.from('x'), 'upstream.bin'), {
			parentType: 'docx_image',
			parentNode: docx,
			options: { fileName: 'chosen.png' },
		});
		expect(output[0].json.file_name).toBe('chosen.png');
		expect(fake.files.get(output[0].json.file_token as string)?.fileName).toBe('chosen.png');
	});

	test('drive route token and Options > Extra are merged into one extra JSON', async () => {
		const { output } = await run(oneItem(Buffer.from('abc'), 'a.png'), {
			parentType: 'docx_image',
			parentNode: docx,
			driveRouteToken: 'doxcnRouteToken1',
			options: { extra: '{"custom_key":"v"}' },
		});
		const extra = fake.files.get(output[0].json.file_token as string)?.extra;
		expect(JSON.parse(extra as string)).toEqual({
			custom_key: 'v',
			drive_route_token: 'doxcnRouteToken1',
		});
	});

	test('no extra field at all when nothing sets one', async () => {
		const { output } = await run(oneItem(Buffer.from('abc'), 'a.png'), {
			parentType: 'docx_image',
			parentNode: docx,
		});
		expect(fake.files.get(output[0].json.file_token as string)?.extra).toBeUndefined();
	});

	test('import staging derives obj_type and file_extension from the file name', async () => {
		const { output } = await run(oneItem(Buffer.from('# hello'), 'notes.md'), {
			parentType: 'ccm_import_open',
		});
		const extra = JSON.parse(fake.files.get(output[0].json.file_token as string)?.extra as string);
		expect(extra).toEqual({ obj_type: 'docx', file_extension: 'md' });
	});

	test('import staging keeps what the user put in extra', async () => {
		const { output } = await run(oneItem(Buffer.from('a,b'), 'data.csv'), {
			parentType: 'ccm_import_open',
			options: { extra: { obj_type: 'bitable' } },
		});
		const extra = JSON.parse(fake.files.get(output[0].json.file_token as string)?.extra as string);
		expect(extra).toEqual({ obj_type: 'bitable', file_extension: 'csv' });
	});
});

describe('many items', () => {
	test('fetch the tenant token once for 20 items, keep order and pairing', async () => {
		const credentials = newApp(fake);
		const before = fake.stats().tokensIssued.length;
		const contents = Array.from({ length: 20 }, (_, index) => testBytes(100 + index, index + 1));
		const { output } = await run(
			contents.map((content, index) => ({
				binary: { data: { content, fileName: `f${index}.png` } },
			})),
			{ parentType: 'docx_file', parentNode: PARENT_NODES.docx_file[0] },
			{ credentials },
		);
		expect(fake.stats().tokensIssued.length - before).toBe(1);
		expect(output.map((item) => item.pairedItem)).toEqual(
			contents.map((_, index) => ({ item: index })),
		);
		output.forEach((item, index) => {
			expect(item.json.file_name).toBe(`f${index}.png`);
			expect(fake.files.get(item.json.file_token as string)?.sha256).toBe(sha256(contents[index]));
		});
	});

	test('a stored (filesystem mode) binary is streamed and arrives intact', async () => {
		const content = testBytes(1_500_000, 7);
		const { output } = await run(
			oneItem(content, 'stored.bin'),
			{ parentType: 'sheet_file', parentNode: PARENT_NODES.sheet_file[0] },
			{ binaryMode: 'store' },
		);
		expect(output[0].json).toMatchObject({ upload_mode: 'upload_all', size: 1_500_000 });
		expect(fake.files.get(output[0].json.file_token as string)?.sha256).toBe(sha256(content));
	});
});

describe('"On Error" settings shape the failed item as n8n routes it', () => {
	const items = [
		{ binary: { data: { content: testBytes(500, 1), fileName: 'a.png' } } },
		{ binary: { data: { content: testBytes(500, 2), fileName: 'b.png' } } },
	];
	const parameters = (itemIndex: number) => ({
		parentType: 'docx_image',
		parentNode: itemIndex === 1 ? 'doxcnNoSuchBlock0404' : PARENT_NODES.docx_image[0],
		options: { maxRetries: 0 },
	});

	test('Continue (regular output): the details stay flat, no item.error (n8n would replace the json)', async () => {
		const { output } = await run(items, parameters, { onError: 'continueRegularOutput' });
		expect(output[1]).toEqual({
			json: {
				error: 'The parent node does not exist (Feishu code 1061044)',
				description: expect.stringContaining('Check Parent Node'),
				feishu_code: 1061044,
				log_id: expect.any(String),
			},
			pairedItem: { item: 1 },
		});
		expect(output[0].json.file_token).toEqual(expect.any(String));
	});

	test('Continue (using error output): json is { error } alone, the only shape n8n sends to the error output', async () => {
		const { output } = await run(items, parameters, { onError: 'continueErrorOutput' });
		expect(output[1]).toEqual({
			json: {
				error: {
					message: 'The parent node does not exist (Feishu code 1061044)',
					description: expect.stringContaining('Check Parent Node'),
					feishu_code: 1061044,
					log_id: expect.any(String),
				},
			},
			pairedItem: { item: 1 },
		});
		expect(Object.keys(output[1].json)).toEqual(['error']);
		expect(output[0].json.file_token).toEqual(expect.any(String));
	});
});
