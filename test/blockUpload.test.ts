import { newApp, PARENT_NODES, requestsTo, sha256, testBytes } from '../scripts/lib/harness/fake';
import {
	startRecordingServer,
	withoutBoundary,
	type RecordingServer,
} from '../scripts/lib/harness/recordingServer';
import {
	runFeishuMedia,
	type RunOptions,
	type TestCredentials,
} from '../scripts/lib/harness/runNode';
import { runClockFaster } from './support/fastClock';
import { fakeForFile } from './support/fakeForFile';

const MiB = 1024 * 1024;
const BLOCK = 4 * MiB;

// Feishu's limits and clocks as written, on a clock ten times faster (test/support/fastClock.ts).
runClockFaster(10);

const fake = fakeForFile();

const sheet = { parentType: 'sheet_file', parentNode: PARENT_NODES.sheet_file[0] };

async function upload(
	content: Buffer,
	binaryMode: 'inline' | 'store',
	options: Record<string, unknown> = {},
	credentials = newApp(fake),
) {
	const run: RunOptions = {
		credentials,
		binaryMode,
		items: [{ binary: { data: { content, fileName: 'big.bin' } } }],
		parameters: { ...sheet, options },
	};
	const { output, logs } = await runFeishuMedia(run);
	return { json: output[0].json, logs, credentials };
}

describe('sizes at the edges, from memory and from the binary store', () => {
	const cases: Array<[string, number, string, string, number | undefined]> = [
		['1 byte, forced blocks', 1, 'chunked', 'chunked', 1],
		['block_size - 1', BLOCK - 1, 'chunked', 'chunked', 1],
		['block_size', BLOCK, 'chunked', 'chunked', 1],
		['block_size + 1', BLOCK + 1, 'chunked', 'chunked', 2],
		['exactly 20 MiB, auto', 20 * MiB, 'auto', 'upload_all', undefined],
		['20 MiB + 1, auto', 20 * MiB + 1, 'auto', 'chunked', 6],
	];
	for (const binaryMode of ['inline', 'store'] as const) {
		test.each(cases)(
			`%s (${binaryMode})`,
			async (_name, size, uploadMode, expectedMode, blockNum) => {
				const content = testBytes(size, size % 251);
				const { json, credentials } = await upload(content, binaryMode, { uploadMode });
				expect(json).toMatchObject({ upload_mode: expectedMode, size });
				expect(json.block_num).toBe(blockNum);
				const stored = fake.files.get(json.file_token as string);
				expect(stored?.sha256).toBe(sha256(content));
				expect(stored?.size).toBe(size);
				expect(stored?.uploadMode).toBe(expectedMode === 'chunked' ? 'block' : 'upload_all');
				if (blockNum)
					expect(requestsTo(fake, credentials.appId, 'upload_part')).toHaveLength(blockNum);
			},
		);
	}
});

describe('recovery', () => {
	const content = testBytes(2 * BLOCK + 10, 5);
	const chunked = { uploadMode: 'chunked' };

	test.each([
		{ title: 'a retryable failure on a block resends that block', code: 1061045, mode: 'store' },
		{
			title: 'a checksum rejection (1062008) resends the block once',
			code: 1062008,
			mode: 'inline',
		},
	] as const)('$title', async ({ code, mode }) => {
		fake.script({ endpoint: 'upload_part', code, times: 1 });
		const { json, credentials } = await upload(content, mode, chunked);
		expect(fake.files.get(json.file_token as string)?.sha256).toBe(sha256(content));
		expect(
			requestsTo(fake, credentials.appId, 'upload_part').map((request) => request.code),
		).toEqual([code, 0, 0, 0]);
	});

	test('a second checksum rejection of the same block is fatal and names the block', async () => {
		fake.script({ endpoint: 'upload_part', code: 1062008, times: 2 });
		const error = await upload(content, 'store', chunked).catch((thrown: Error) => thrown);
		expect((error as Error).message).toBe(
			'Feishu found a checksum mismatch (the bytes were damaged in transit) (Feishu code 1062008) at block 1 of 3 (seq 0)',
		);
	});

	test('an expired upload id (1061021) restarts from upload_prepare once', async () => {
		fake.script({ endpoint: 'upload_part', code: 1061021, times: 1 });
		const { json, credentials } = await upload(content, 'store', chunked);
		expect(fake.files.get(json.file_token as string)?.sha256).toBe(sha256(content));
		expect(requestsTo(fake, credentials.appId, 'upload_prepare')).toHaveLength(2);
	});

	test('missing blocks at finish (1062010) are uploaded again', async () => {
		fake.script({ endpoint: 'upload_finish', code: 1062010, times: 1 });
		const { json, credentials } = await upload(content, 'store', chunked);
		expect(fake.files.get(json.file_token as string)?.sha256).toBe(sha256(content));
		expect(requestsTo(fake, credentials.appId, 'upload_part')).toHaveLength(6);
		expect(
			requestsTo(fake, credentials.appId, 'upload_finish').map((request) => request.code),
		).toEqual([1062010, 0]);
	});

	test('a fatal code on a block names the block and the code', async () => {
		fake.script({ endpoint: 'upload_part', code: 1062007, times: 1 });
		const error = await upload(content, 'inline', chunked).catch((thrown: Error) => thrown);
		expect((error as Error).message).toBe(
			'The block upload was started by another identity (Feishu code 1062007) at block 1 of 3 (seq 0)',
		);
	});
});

/**
 * Runs `use` against a recording server whose upload_prepare answers `planFor(size)`, with
 * credentials that point at it; the server is closed after, whatever `use` did.
 */
async function withPlanServer(
	appId: string,
	planFor: Parameters<typeof startRecordingServer>[0],
	use: (server: RecordingServer, credentials: TestCredentials) => Promise<void>,
) {
	const server = await startRecordingServer(planFor);
	try {
		await use(server, {
			platform: 'custom',
			baseUrl: server.baseUrl,
			appId,
			appSecret: 'plan-secret',
		});
	} finally {
		await server.close();
	}
}

/** A chunked upload of `size` bytes that must fail: its message, after no block was sent. */
async function refusedPlanMessage(
	server: RecordingServer,
	credentials: TestCredentials,
	size: number,
): Promise<string> {
	const error = await upload(
		testBytes(size),
		'inline',
		{ uploadMode: 'chunked' },
		credentials,
	).catch((thrown: Error) => thrown);
	expect(server.requests.some((request) => request.path.endsWith('upload_part'))).toBe(false);
	return (error as Error).message;
}

describe('on the wire', () => {
	test('stream and buffer sources send the same requests, byte for byte', async () => {
		const block = 64 * 1024; // the smallest block_size the node accepts
		const plan = (size: number) => ({ block_size: block, block_num: Math.ceil(size / block) });
		await withPlanServer('cli_wire', plan, async (server, credentials) => {
			const content = testBytes(2 * block + 500, 9);
			const bodies: string[][] = [];
			for (const binaryMode of ['inline', 'store'] as const) {
				for (const uploadMode of ['uploadAll', 'chunked']) {
					server.requests.length = 0;
					await upload(content, binaryMode, { uploadMode }, credentials);
					bodies.push(
						server.requests
							.filter((request) => !request.path.includes('tenant_access_token'))
							.map(withoutBoundary),
					);
				}
			}
			expect(bodies[0]).toHaveLength(1);
			expect(bodies[1]).toHaveLength(5); // prepare, 3 blocks, finish
			expect(bodies[2]).toEqual(bodies[0]);
			expect(bodies[3]).toEqual(bodies[1]);
		});
	});

	test('a plan that does not fit the file stops with a clear error before any block', async () => {
		const block = 64 * 1024;
		const plan = (size: number) => ({ block_size: block, block_num: Math.ceil(size / block) + 1 });
		await withPlanServer('cli_plan', plan, async (server, credentials) => {
			expect(await refusedPlanMessage(server, credentials, 2 * block + 500)).toBe(
				`Feishu's upload_prepare answered block_size ${block} and block_num 4, which do not fit a file of ${2 * block + 500} bytes (expected 3 blocks)`,
			);
		});
	});

	test.each([
		['a 16-byte block (65,536 parts for 1 MiB)', 16],
		['a 1 GiB block (buffered whole)', 1024 * 1024 * 1024],
	])('a plan with %s is refused before any block', async (_label, blockSize) => {
		const plan = (size: number) => ({
			block_size: blockSize,
			block_num: Math.ceil(size / blockSize),
		});
		await withPlanServer('cli_plan_bounds', plan, async (server, credentials) => {
			expect(await refusedPlanMessage(server, credentials, 1024 * 1024)).toBe(
				`Feishu's upload_prepare answered block_size ${blockSize}, outside the 65536-16777216 bytes the node accepts`,
			);
		});
	});
});
