import { NodeOperationError } from 'n8n-workflow';

import { newApp, PARENT_NODES, requestsTo } from '../scripts/lib/harness/fake';
import { runFeishuMedia, type RunOptions, type TestItem } from '../scripts/lib/harness/runNode';
import { fakeForFile } from './support/fakeForFile';

const fake = fakeForFile();

const docx = { parentType: 'docx_image', parentNode: PARENT_NODES.docx_image[0] };
const png = (
	content = Buffer.from('png-bytes'),
	fileName: string | undefined = 'a.png',
): TestItem => ({
	binary: { data: { content, fileName } },
});

interface BadInput {
	name: string;
	items?: TestItem[];
	parameters?: RunOptions['parameters'];
	credentials?: (base: ReturnType<typeof newApp>) => ReturnType<typeof newApp>;
	/** What the message must say: the item and the field to fix. */
	message: RegExp;
}

const BAD_INPUTS: BadInput[] = [
	{
		name: 'missing binary field lists the ones the item has',
		items: [{ binary: { attachment: { content: Buffer.from('x'), fileName: 'x.png' } } }],
		message: /Item 1: no binary field "data" \(Input Binary Field\)/,
	},
	{
		name: 'an item without any file',
		items: [{ json: { a: 1 } }],
		message: /Item 1: no binary field "data"/,
	},
	{
		name: 'an empty file',
		items: [png(Buffer.alloc(0))],
		message: /Item 1: the file in binary field "data" is empty \(0 bytes\)/,
	},
	{
		name: 'no file name anywhere',
		items: [{ binary: { data: { content: Buffer.from('x') } } }],
		message: /Item 1: the file name is empty/,
	},
	{
		name: 'a file name over 250 characters',
		parameters: { ...docx, options: { fileName: `${'名'.repeat(251)}.png` } },
		message: /Item 1: the file name is 255 characters long; Feishu allows at most 250/,
	},
	{
		name: 'an empty Parent Node',
		parameters: { parentType: 'sheet_image', parentNode: '  ' },
		message: /Item 1: Parent Node is empty/,
	},
	{
		name: 'Extra that is not JSON',
		parameters: { ...docx, options: { extra: '{oops' } },
		message: /Options > Extra is invalid: it is not valid JSON/,
	},
	{
		name: 'Extra that is a JSON array',
		parameters: { ...docx, options: { extra: '[1,2]' } },
		message: /Options > Extra is invalid: it must be a JSON object/,
	},
	{
		name: 'Single Request with a file over 20 MiB',
		items: [png(Buffer.alloc(20 * 1024 * 1024 + 1, 1))],
		parameters: { ...docx, options: { uploadMode: 'uploadAll' } },
		message: /the file is 20971521 bytes; Single Request upload takes at most 20971520 bytes/,
	},
	{
		name: 'import staging of a file whose type cannot be told',
		items: [png(Buffer.from('x'), 'archive.zip')],
		parameters: { parentType: 'ccm_import_open' },
		message:
			/import staging needs extra.obj_type and extra.file_extension, but extra.obj_type cannot be derived from the extension "zip"/,
	},
	{
		name: 'plain http to a non-loopback host',
		credentials: (base) => ({ ...base, baseUrl: 'http://open.feishu.example.com' }),
		message: /plain http:\/\/ for "open.feishu.example.com"/,
	},
	{
		name: 'a credential without App Secret',
		credentials: (base) => ({ ...base, appSecret: '' }),
		message: /no App ID or no App Secret/,
	},
];

describe('bad input is refused before any request', () => {
	test.each(BAD_INPUTS)('$name', async (badInput) => {
		const credentials = (badInput.credentials ?? ((base) => base))(newApp(fake));
		const options: RunOptions = {
			credentials,
			items: badInput.items ?? [png()],
			parameters: badInput.parameters ?? docx,
		};
		const error = await runFeishuMedia(options).then(
			() => undefined,
			(thrown: unknown) => thrown,
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toMatch(badInput.message);
		expect(requestsTo(fake, credentials.appId)).toHaveLength(0);
	});

	test('the missing-field error names the fields the item does have', async () => {
		const error = await runFeishuMedia({
			credentials: newApp(fake),
			items: [
				{
					binary: {
						attachment: { content: Buffer.from('x'), fileName: 'x.png' },
						photo: { content: Buffer.from('y'), fileName: 'y.png' },
					},
				},
			],
			parameters: docx,
		}).catch((thrown: NodeOperationError) => thrown);
		expect((error as NodeOperationError).description).toBe(
			'This item\'s binary fields are: "attachment", "photo". Set Input Binary Field to one of them.',
		);
	});

	test('with continue on fail, bad items become error items and good ones still upload', async () => {
		const credentials = newApp(fake);
		const { output } = await runFeishuMedia({
			credentials,
			continueOnFail: true,
			items: [
				png(Buffer.from('one')),
				png(Buffer.alloc(0)),
				png(Buffer.from('three')),
				{ json: {} },
			],
			parameters: docx,
		});
		expect(output).toHaveLength(4);
		expect(output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(output[0].json.file_token).toEqual(expect.any(String));
		expect(output[1].json.error).toMatch(/^Item 2: the file in binary field "data" is empty/);
		expect(output[2].json.file_token).toEqual(expect.any(String));
		expect(output[3].json.error).toMatch(/Item 4: no binary field "data"/);
		expect(requestsTo(fake, credentials.appId, 'upload_all')).toHaveLength(2);
	});
});
