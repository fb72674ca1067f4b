import { newApp, PARENT_NODES, requestsTo, sha256, testBytes } from '../scripts/lib/harness/fake';
import { runFeishuMedia, type TestCredentials } from '../scripts/lib/harness/runNode';
import { fakeForFile } from './support/fakeForFile';

const fake = fakeForFile();

async function uploaded(
	credentials: TestCredentials,
	contents: Buffer[],
	parentType = 'docx_image',
	extra = '{}',
): Promise<string[]> {
	const { output } = await runFeishuMedia({
		credentials,
		items: contents.map((content, index) => ({
			binary: { data: { content, fileName: `image-${index}.png` } },
		})),
		parameters: {
			operation: 'upload',
			parentType,
			parentNode: PARENT_NODES[parentType][0],
			options: { extra },
		},
	});
	return output.map((item) => item.json.file_token as string);
}

async function fetchBytes(url: string): Promise<Buffer> {
	const response = await fetch(url);
	expect(response.status).toBe(200);
	return Buffer.from(await response.arrayBuffer());
}

const tmpCalls = (credentials: TestCredentials) =>
	requestsTo(fake, credentials.appId, 'batch_get_tmp_download_url');

describe('getTemporaryUrls', () => {
	test('12 tokens: 3 calls of at most 5, output in input order, each link fetching its own bytes', async () => {
		const credentials = newApp(fake);
		const contents = Array.from({ length: 12 }, (_, index) => testBytes(500 + index, index + 1));
		const tokens = await uploaded(credentials, contents);
		const { output } = await runFeishuMedia({
			credentials,
			items: tokens.map(() => ({})),
			parameters: (itemIndex) => ({ operation: 'getTemporaryUrls', fileToken: tokens[itemIndex] }),
		});
		expect(tmpCalls(credentials)).toHaveLength(3);
		expect(output).toHaveLength(12);
		for (const [index, item] of output.entries()) {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toEqual({
				file_token: tokens[index],
				tmp_download_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/tmp-download\//),
			});
			expect(sha256(await fetchBytes(item.json.tmp_download_url as string))).toBe(
				sha256(contents[index]),
			);
		}
	});

	test('a token Feishu does not return fails its own item only (continue on fail); without it the node stops', async () => {
		const credentials = newApp(fake);
		const tokens = await uploaded(credentials, [testBytes(10, 1), testBytes(20, 2)]);
		const inputs = [tokens[0], 'boxcnNotThere0000000000000', tokens[1]];
		const { output } = await runFeishuMedia({
			credentials,
			continueOnFail: true,
			items: inputs.map(() => ({})),
			parameters: (itemIndex) => ({ operation: 'getTemporaryUrls', fileToken: inputs[itemIndex] }),
		});
		expect(tmpCalls(credentials)).toHaveLength(1);
		expect(output.map((item) => item.json.file_token ?? null)).toEqual([
			tokens[0],
			null,
			tokens[1],
		]);
		expect(output[1].json).toEqual({
			error: 'Feishu gave no temporary link for file token boxcnNotThere0000000000000',
			description: expect.stringContaining('Links live 24 hours'),
		});
		expect(output[1].error).toBeUndefined(); // under Continue (regular output) the flat json is the failure
		expect(output[1].pairedItem).toEqual({ item: 1 });
		await expect(
			runFeishuMedia({
				credentials,
				items: inputs.map(() => ({})),
				parameters: (i) => ({ operation: 'getTemporaryUrls', fileToken: inputs[i] }),
			}),
		).rejects.toThrow('Feishu gave no temporary link for file token boxcnNotThere0000000000000');
	});

	test('On Error → Continue (using error output): a missing link travels inside json.error', async () => {
		const credentials = newApp(fake);
		const [token] = await uploaded(credentials, [testBytes(10, 30)]);
		const inputs = ['boxcnNotThere0000000000001', token];
		const { output } = await runFeishuMedia({
			credentials,
			onError: 'continueErrorOutput',
			items: inputs.map(() => ({})),
			parameters: (itemIndex) => ({ operation: 'getTemporaryUrls', fileToken: inputs[itemIndex] }),
		});
		expect(output[0].json).toEqual({
			error: {
				message: 'Feishu gave no temporary link for file token boxcnNotThere0000000000001',
				description: expect.stringContaining('24 hours'),
			},
		});
		expect(output[1].json.file_token).toBe(token);
	});

	test('the same token twice in a call is asked once and answered for both items', async () => {
		const credentials = newApp(fake);
		const [token] = await uploaded(credentials, [testBytes(10, 3)]);
		const { output } = await runFeishuMedia({
			credentials,
			items: [{}, {}],
			parameters: { operation: 'getTemporaryUrls', fileToken: token },
		});
		expect(output.map((item) => item.json.file_token)).toEqual([token, token]);
		expect(output[0].json.tmp_download_url).toBe(output[1].json.tmp_download_url);
	});

	test('items with different Extra go in different calls; a guarded Base attachment needs its Extra', async () => {
		const credentials = newApp(fake);
		const [plain] = await uploaded(credentials, [testBytes(10, 4)]);
		const perm = JSON.stringify({ bitablePerm: { tableId: 'tblPhotos' } });
		const [guarded] = await uploaded(credentials, [testBytes(10, 5)], 'bitable_image', perm);
		const { output } = await runFeishuMedia({
			credentials,
			items: [{}, {}],
			parameters: (itemIndex) =>
				itemIndex === 0
					? { operation: 'getTemporaryUrls', fileToken: plain }
					: { operation: 'getTemporaryUrls', fileToken: guarded, options: { extra: perm } },
		});
		expect(output.map((item) => item.json.file_token)).toEqual([plain, guarded]);
		expect(tmpCalls(credentials)).toHaveLength(2);
	});

	test("a failed call fails its batch, with Feishu's code; retryable answers are retried first", async () => {
		const credentials = newApp(fake);
		const tokens = await uploaded(
			credentials,
			Array.from({ length: 6 }, (_, index) => testBytes(10, index + 20)),
		);
		fake.script({ endpoint: 'batch_get_tmp_download_url', code: 1061045 });
		fake.script({ endpoint: 'batch_get_tmp_download_url', code: 1061004 });
		const { output, logs } = await runFeishuMedia({
			credentials,
			continueOnFail: true,
			items: tokens.map(() => ({})),
			parameters: (itemIndex) => ({ operation: 'getTemporaryUrls', fileToken: tokens[itemIndex] }),
		});
		expect(
			logs.some((line) => /batch_get_tmp_download_url: code 1061045 .*retry 1 of 8/.test(line)),
		).toBe(true);
		// The first batch (5 items) met 1061045, then 1061004; the sixth item's call went through.
		for (const item of output.slice(0, 5)) {
			expect(item.json).toMatchObject({
				error: 'The app is not allowed to download this file (Feishu code 1061004)',
				feishu_code: 1061004,
			});
		}
		expect(output[5].json.file_token).toBe(tokens[5]);
		expect(tmpCalls(credentials)).toHaveLength(3);
	});

	test('bad input fails before any request', async () => {
		const credentials = newApp(fake);
		await expect(
			runFeishuMedia({
				credentials,
				items: [{}],
				parameters: { operation: 'getTemporaryUrls', fileToken: ' ' },
			}),
		).rejects.toThrow('File Token is empty');
		expect(requestsTo(fake, credentials.appId)).toHaveLength(0);
	});
});
