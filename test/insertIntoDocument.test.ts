import { setApiPacingOffForTesting } from '../nodes/FeishuMedia/transport/feishuApi';
import { newApp, sha256, testBytes } from '../scripts/lib/harness/fake';
import type { DocxBlock } from '../fake-feishu';
import type { TestItem } from '../scripts/lib/harness/runNode';
import { runClockFaster } from './support/fastClock';
import { fakeForFile } from './support/fakeForFile';
import { oneItem, runOn } from './support/runOn';

// Feishu's limits and clocks as written, on a clock ten times faster (test/support/fastClock.ts).
runClockFaster(10);

const fake = fakeForFile();
const run = runOn(fake);
let documentCounter = 0;

/** A fresh document per test, so its blocks are this test's alone. */
function newDocument(): string {
	documentCounter++;
	const documentId = `doxcnInsertTest${process.pid}x${documentCounter}`;
	fake.addDocument(documentId, 'insert test');
	return documentId;
}

function topLevel(documentId: string) {
	const snapshot = fake.document(documentId);
	if (!snapshot) throw new Error(`no document ${documentId}`);
	const byId = new Map<string, DocxBlock>(snapshot.blocks.map((block) => [block.block_id, block]));
	const root = byId.get(documentId);
	const children: Array<DocxBlock | undefined> = (root?.children ?? []).map((id) => byId.get(id));
	return { root, children, byId };
}

function images(count: number, seed = 1): TestItem[] {
	return Array.from({ length: count }, (_, index) => ({
		binary: {
			data: {
				content: testBytes(500 + index, seed + index),
				fileName: `picture-${index + 1}.png`,
				mimeType: 'image/png',
			},
		},
	}));
}

const insert = (parameters: Record<string, unknown>) => ({
	operation: 'insertIntoDocument',
	...parameters,
});

/** One file inserted into a new document as a `blockType` block. */
async function insertOne(content: Buffer, fileName: string, mimeType: string, blockType: string) {
	const documentId = newDocument();
	const { output } = await run(
		oneItem(content, fileName, mimeType),
		insert({ documentId, blockType }),
	);
	return { documentId, output };
}

describe('Insert into Document: image', () => {
	test('creates an Image block at the end, uploads into it and sets the token on it', async () => {
		const content = testBytes(4096, 7);
		const { documentId, output } = await insertOne(content, 'chart.png', 'image/png', 'image');
		expect(output).toHaveLength(1);
		const json = output[0].json;
		expect(json).toEqual({
			document_id: documentId,
			block_id: expect.stringMatching(/^doxcn/),
			file_token: expect.stringMatching(/^boxcn/),
			block_type: 'image',
			file_name: 'chart.png',
			size: 4096,
		});
		const { children } = topLevel(documentId);
		expect(children).toHaveLength(1);
		expect(children[0]).toMatchObject({
			block_id: json.block_id,
			block_type: 27,
			image: { token: json.file_token },
		});
		const stored = fake.files.get(json.file_token as string);
		expect(stored).toMatchObject({
			parentType: 'docx_image',
			parentNode: json.block_id,
			fileName: 'chart.png',
		});
		expect(JSON.parse(stored?.extra as string)).toEqual({ drive_route_token: documentId });
		expect(stored?.sha256).toBe(sha256(content));
	});

	test('10 images land in one document in input order, within the docx and media limits', async () => {
		const documentId = newDocument();
		const credentials = newApp(fake);
		const items = images(10, 40);
		const { output } = await run(items, insert({ documentId, blockType: 'image' }), {
			credentials,
		});
		expect(output.map((item) => item.json.error)).toEqual(Array(10).fill(undefined));
		const { children } = topLevel(documentId);
		expect(children.map((block) => block?.image?.token)).toEqual(
			output.map((item) => item.json.file_token),
		);
		for (const [index, item] of output.entries()) {
			expect(
				fake
					.readFile(item.json.file_token as string)
					.equals(items[index].binary?.data.content as Buffer),
			).toBe(true);
			expect(item.pairedItem).toEqual({ item: index });
		}
		expect(fake.stats().breaches.filter((breach) => breach.appId === credentials.appId)).toEqual(
			[],
		);
	});

	test('Index and Parent Block ID place the block: index 0 goes first', async () => {
		const documentId = newDocument();
		const credentials = newApp(fake);
		const first = await run(images(1, 3), insert({ documentId }), { credentials });
		const second = await run(
			images(1, 4),
			insert({
				documentId,
				parentBlockId: documentId,
				index: 0,
			}),
			{ credentials },
		);
		const { children } = topLevel(documentId);
		expect(children.map((block) => block?.block_id)).toEqual([
			second.output[0].json.block_id,
			first.output[0].json.block_id,
		]);
	});
});

describe('Insert into Document: file', () => {
	test('a File block comes inside a View block; the file goes into the File block', async () => {
		const content = testBytes(3000, 9);
		const { documentId, output } = await insertOne(
			content,
			'report.pdf',
			'application/pdf',
			'file',
		);
		const json = output[0].json;
		const { children, byId } = topLevel(documentId);
		expect(children).toHaveLength(1);
		expect(children[0]).toMatchObject({ block_type: 33, children: [json.block_id] });
		expect(byId.get(json.block_id as string)).toMatchObject({
			block_type: 23,
			file: { token: json.file_token, name: 'report.pdf' },
		});
		expect(fake.files.get(json.file_token as string)).toMatchObject({
			parentType: 'docx_file',
			parentNode: json.block_id,
		});
		expect(fake.readFile(json.file_token as string).equals(content)).toBe(true);
	});
});

describe('Insert into Document: a file over 20 MiB', () => {
	test('goes up in blocks into the File block, streamed from the binary store', async () => {
		const documentId = newDocument();
		const content = testBytes(21 * 1024 * 1024, 13);
		const { output } = await run(
			oneItem(content, 'dataset.bin'),
			insert({ documentId, blockType: 'file' }),
			{ binaryMode: 'store' },
		);
		const json = output[0].json;
		expect(fake.files.get(json.file_token as string)).toMatchObject({
			parentType: 'docx_file',
			parentNode: json.block_id,
			uploadMode: 'block',
			sha256: sha256(content),
		});
		const { byId } = topLevel(documentId);
		expect(byId.get(json.block_id as string)?.file?.token).toBe(json.file_token);
	});
});

describe('Insert into Document: a failed item leaves no empty block', () => {
	test('the upload fails: the block made for it is deleted, the other items are inserted', async () => {
		const documentId = newDocument();
		fake.script({ endpoint: 'upload_all', code: 1061043 }); // "file size beyond limit": not retried
		const { output } = await run(images(3, 60), insert({ documentId }), { continueOnFail: true });
		expect(output[0].json).toMatchObject({
			error: expect.stringContaining('1061043'),
			feishu_code: 1061043,
		});
		const { children } = topLevel(documentId);
		expect(children.map((block) => block?.image?.token)).toEqual([
			output[1].json.file_token,
			output[2].json.file_token,
		]);
		expect(children.every((block) => block?.image?.token)).toBe(true);
	});

	test('setting the token fails: the block is deleted, and a File block goes with its View block', async () => {
		const documentId = newDocument();
		fake.addDocument(`${documentId}b`);
		fake.script({ endpoint: 'docx_patch_block', code: 1770001 });
		const { output } = await run(
			[
				{
					binary: {
						data: { content: testBytes(100, 2), fileName: 'notes.txt', mimeType: 'text/plain' },
					},
				},
			],
			insert({ documentId, blockType: 'file' }),
			{ continueOnFail: true },
		);
		expect(output[0].json).toMatchObject({
			feishu_code: 1770001,
			error: expect.stringContaining('invalid parameter'),
		});
		const { children, byId } = topLevel(documentId);
		expect(children).toEqual([]);
		expect(byId.size).toBe(1); // the page block alone
	});

	test('when the clean-up fails too, the error names the block left behind', async () => {
		const documentId = newDocument();
		fake.script({ endpoint: 'docx_patch_block', code: 1770001 });
		fake.script({ endpoint: 'docx_batch_delete', code: 1770032 });
		const { output } = await run(images(1, 5), insert({ documentId }), { continueOnFail: true });
		const { children } = topLevel(documentId);
		expect(children).toHaveLength(1);
		expect(output[0].json.description).toContain(
			`The empty block ${children[0]?.block_id} could not be removed`,
		);
	});
});

describe('Insert into Document: bad input', () => {
	const cases: Array<[string, Record<string, unknown>, string]> = [
		['an empty Document ID', { documentId: '' }, 'Item 1: Document ID is empty'],
		[
			'a URL as Document ID',
			{ documentId: 'https://x.feishu.cn/docx/ABC' },
			'is not a document_ID',
		],
		[
			'an Index below -1',
			{ documentId: 'doxcnFakeDocument0001', index: -2 },
			'Item 1: Index -2 is not a position',
		],
	];
	test.each(cases)('%s fails before any request', async (_label, parameters, message) => {
		const credentials = newApp(fake);
		const { output } = await run(images(1), insert(parameters), {
			credentials,
			continueOnFail: true,
		});
		expect(output[0].json.error).toContain(message);
		expect(fake.stats().requests.filter((request) => request.appId === credentials.appId)).toEqual(
			[],
		);
	});

	test("an unknown document: Feishu's 1770002, said plainly, with the scopes for permission errors left out", async () => {
		const { output } = await run(images(1), insert({ documentId: 'doxcnNoSuchDocument' }), {
			continueOnFail: true,
		});
		expect(output[0].json).toMatchObject({
			error: 'The document or the block does not exist (Feishu code 1770002)',
			feishu_code: 1770002,
		});
	});

	test('a document the app may not edit: the error names the scopes to add', async () => {
		fake.script({ endpoint: 'docx_create_children', code: 1770032 });
		const { output } = await run(images(1), insert({ documentId: newDocument() }), {
			continueOnFail: true,
		});
		expect(output[0].json.feishu_code).toBe(1770032);
		expect(output[0].json.description).toContain('docx:document');
	});
});

describe('Insert into Document: limits', () => {
	test('with pacing off the fake refuses the 4th docx call in a second, and the node retries it', async () => {
		setApiPacingOffForTesting(true);
		try {
			const documentId = newDocument();
			const credentials = newApp(fake);
			const { output } = await run(images(3, 80), insert({ documentId }), { credentials });
			expect(output.every((item) => typeof item.json.file_token === 'string')).toBe(true);
			expect(topLevel(documentId).children.map((block) => block?.image?.token)).toEqual(
				output.map((item) => item.json.file_token),
			);
			expect(fake.stats().breaches.some((breach) => breach.appId === credentials.appId)).toBe(true);
		} finally {
			setApiPacingOffForTesting(false);
		}
	});
});
