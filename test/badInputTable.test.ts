import { closedPort, newApp, PARENT_NODES, sha256, testBytes } from '../scripts/lib/harness/fake';
import {
	runFeishuMedia,
	type TestCredentials,
	type TestItem,
} from '../scripts/lib/harness/runNode';
import { fakeForFile } from './support/fakeForFile';

/**
 * The README's bad-input table: each row is an input a user can get wrong, and the exact error
 * item it becomes under "continue on fail" while the good items of the same run still upload.
 */
const fake = fakeForFile();

const docx = PARENT_NODES.docx_image[0];
const goodFile = (seed: number): TestItem => ({
	binary: { data: { content: testBytes(500, seed), fileName: `good-${seed}.png` } },
});

interface Row {
	case: string;
	item: TestItem;
	parameters?: Record<string, unknown>;
	expected: Record<string, unknown>;
}

const LOG_ID = expect.stringMatching(/\S+/);

const ROWS: Row[] = [
	{
		case: 'binary field missing',
		item: { binary: { file: { content: Buffer.from('x'), fileName: 'x.png' } } },
		expected: {
			error: 'Item 1: no binary field "data" (Input Binary Field)',
			description: 'This item\'s binary fields are: "file". Set Input Binary Field to one of them.',
		},
	},
	{
		case: 'empty file',
		item: { binary: { data: { content: Buffer.alloc(0), fileName: 'empty.png' } } },
		expected: {
			error: 'Item 2: the file in binary field "data" is empty (0 bytes)',
			description: 'Feishu does not accept empty files. Check the node that produced the file.',
		},
	},
	{
		case: 'file name over 250 characters',
		item: goodFile(3),
		parameters: { options: { fileName: 'n'.repeat(251) } },
		expected: {
			error: 'Item 3: the file name is 251 characters long; Feishu allows at most 250',
			description: 'Set a shorter name in Options > File Name.',
		},
	},
	{
		case: 'Parent Node empty',
		item: goodFile(4),
		parameters: { parentNode: '' },
		expected: {
			error: 'Item 4: Parent Node is empty',
			description: expect.stringMatching(
				/^Parent Type "docx_image" needs a Parent Node: Image in a new-style document/,
			),
		},
	},
	{
		case: 'Extra not a JSON object',
		item: goodFile(5),
		parameters: { options: { extra: '"drive_route_token"' } },
		expected: {
			error:
				'Item 5: Options > Extra is invalid: it must be a JSON object such as {"obj_type":"sheet","file_extension":"xlsx"}',
			description: 'Enter a JSON object, or remove the Extra option.',
		},
	},
	{
		case: 'Single Request with a file over 20 MiB',
		item: {
			binary: { data: { content: Buffer.alloc(20 * 1024 * 1024 + 5), fileName: 'huge.bin' } },
		},
		parameters: { options: { uploadMode: 'uploadAll' } },
		expected: {
			error:
				'Item 6: the file is 20971525 bytes; Single Request upload takes at most 20971520 bytes (20 MiB)',
			description: 'Set Options > Upload Mode to Auto or Block Upload.',
		},
	},
	{
		case: 'import staging of an unknown file type',
		item: { binary: { data: { content: Buffer.from('PK'), fileName: 'archive.zip' } } },
		parameters: { parentType: 'ccm_import_open' },
		expected: {
			error:
				'Item 7: import staging needs extra.obj_type and extra.file_extension, but extra.obj_type cannot be derived from the extension "zip"',
			description: 'Set Options > Extra, e.g. {"obj_type":"sheet","file_extension":"xlsx"}.',
		},
	},
	{
		case: 'document the app cannot edit (1061004, forbidden)',
		item: goodFile(8),
		expected: {
			error: 'The app is not allowed to edit the target document (Feishu code 1061004)',
			description: expect.stringMatching(
				/^Share the document with the app .* Feishu said "forbidden\.?" on upload_all, HTTP 403, log id \S+\.$/,
			),
			feishu_code: 1061004,
			log_id: LOG_ID,
		},
	},
	{
		case: 'tenant storage full (1061101, quota)',
		item: goodFile(9),
		expected: {
			error: "The tenant's storage quota is exceeded (Feishu code 1061101)",
			description: expect.stringMatching(/HTTP 400, log id \S+\.$/),
			feishu_code: 1061101,
			log_id: LOG_ID,
		},
	},
	{ case: 'good item', item: goodFile(10), expected: {} },
	{
		case: 'unknown parent node (1061044)',
		item: goodFile(11),
		parameters: { parentNode: 'doxcnNoSuchBlock' },
		expected: {
			error: 'The parent node does not exist (Feishu code 1061044)',
			description: expect.stringMatching(/^Check Parent Node/),
			feishu_code: 1061044,
			log_id: LOG_ID,
		},
	},
	{ case: 'good item', item: goodFile(12), expected: {} },
];

describe('bad-input table under continue on fail', () => {
	test('each bad item becomes its exact error item; the good ones upload', async () => {
		// The two scripted answers meet the first two items that reach Feishu (rows 8 and 9).
		fake.script({ endpoint: 'upload_all', code: 1061004, times: 1 });
		fake.script({ endpoint: 'upload_all', code: 1061101, times: 1 });
		const { output } = await runFeishuMedia({
			credentials: newApp(fake),
			continueOnFail: true,
			items: ROWS.map((row) => row.item),
			parameters: (itemIndex) => ({
				parentType: 'docx_image',
				parentNode: docx,
				...ROWS[itemIndex].parameters,
			}),
		});
		expect(output).toHaveLength(ROWS.length);
		ROWS.forEach((row, index) => {
			expect(output[index].pairedItem).toEqual({ item: index });
			if (row.case === 'good item') {
				const content = row.item.binary?.data.content as Buffer;
				expect(fake.files.get(output[index].json.file_token as string)?.sha256).toBe(
					sha256(content),
				);
			} else {
				expect(output[index].json).toEqual(row.expected);
			}
		});
	});
});

describe('credential problems fail every item of the run with the same error item', () => {
	const cases: Array<
		[string, (app: TestCredentials) => Promise<TestCredentials>, Record<string, unknown>]
	> = [
		[
			'wrong app secret (10014)',
			async (app) => ({ ...app, appSecret: 'wrong-secret' }),
			{
				error: 'The App Secret is wrong for this App ID (Feishu code 10014)',
				feishu_code: 10014,
				log_id: LOG_ID,
				description: expect.stringMatching(/^Copy the App Secret again/),
			},
		],
		[
			'unknown app id (10003)',
			async (app) => ({ ...app, appId: 'cli_not_registered' }),
			{
				error:
					'Feishu does not know this App ID (or the credential is incomplete) (Feishu code 10003)',
				feishu_code: 10003,
				log_id: LOG_ID,
				description: expect.stringMatching(/^Check the App ID/),
			},
		],
		[
			'unreachable base URL',
			async (app) => ({ ...app, baseUrl: `http://127.0.0.1:${await closedPort()}` }),
			{
				error: expect.stringMatching(
					/^Could not reach Feishu: connection refused by 127\.0\.0\.1:\d+$/,
				),
				description: expect.stringMatching(
					/^Check the credential's platform or Base URL.*\(ECONNREFUSED\)\.$/,
				),
			},
		],
		[
			'http base URL on a non-loopback host',
			async (app) => ({ ...app, baseUrl: 'http://10.0.0.8:8080' }),
			{
				error:
					'The credential\'s Base URL uses plain http:// for "10.0.0.8", which would send the app secret unencrypted. Use https://, or http:// only for a loopback host (127.0.0.1, localhost, ::1)',
				description: 'Fix the Base URL in the Feishu Media API credential.',
			},
		],
	];
	test.each(cases)('%s', async (_name, credentialsFor, expected) => {
		const { output } = await runFeishuMedia({
			credentials: await credentialsFor(newApp(fake)),
			continueOnFail: true,
			items: [goodFile(1), goodFile(2)],
			parameters: { parentType: 'docx_image', parentNode: docx, options: { maxRetries: 0 } },
		});
		expect(output.map((item) => item.json)).toEqual([expected, expected]);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});
