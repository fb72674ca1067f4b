import {
	newApp,
	PARENT_NODES,
	requestsTo,
	sha256,
	startFakeFeishu,
	testBytes,
	type FakeFeishu,
} from '../scripts/lib/harness/fake';
import { runFeishuMedia } from '../scripts/lib/harness/runNode';

const docx = { parentType: 'docx_file', parentNode: PARENT_NODES.docx_file[0] };

function smallFiles(count: number) {
	return Array.from({ length: count }, (_, index) => ({
		content: testBytes(200 + index, index + 11),
		fileName: `file-${index}.txt`,
	}));
}

describe('a night of uploads: faults, limits and a revoked token', () => {
	let fake: FakeFeishu;
	beforeAll(async () => {
		fake = await startFakeFeishu();
	});
	afterAll(async () => await fake.close());

	test('100 items with 30 % injected faults: 100 file_tokens in order, intact bytes, no breach', async () => {
		const files = smallFiles(100);
		const credentials = newApp(fake);
		fake.setFaults({ rate: 0.3, seed: 20261125, slowMs: 1500 });
		try {
			const { output } = await runFeishuMedia({
				credentials,
				items: files.map((file) => ({ binary: { data: file } })),
				parameters: docx,
			});
			expect(output).toHaveLength(100);
			output.forEach((item, index) => {
				expect(item.pairedItem).toEqual({ item: index });
				expect(item.json.error).toBeUndefined();
				expect(item.json.file_name).toBe(files[index].fileName);
				expect(fake.files.get(item.json.file_token as string)?.sha256).toBe(
					sha256(files[index].content),
				);
			});
			expect(fake.stats().faultsInjected).toBeGreaterThan(15);
			expect(fake.stats().breaches).toEqual([]);
		} finally {
			fake.setFaults({ rate: 0 });
		}
	});

	test('without faults: 40 items at the rate limit, no breach (achieved rate printed)', async () => {
		const files = smallFiles(40);
		const credentials = newApp(fake);
		const { output } = await runFeishuMedia({
			credentials,
			items: files.map((file) => ({ binary: { data: file } })),
			parameters: docx,
		});
		expect(output.every((item) => typeof item.json.file_token === 'string')).toBe(true);
		expect(fake.stats().breaches).toEqual([]);
		const starts = requestsTo(fake, credentials.appId, 'upload_all').map((request) => request.at);
		// Under a sliding 1 s window the first 5 go at once; the steady rate is over the rest.
		const perSecond = (starts.length - 5) / ((starts[starts.length - 1] - starts[0]) / 1000);
		// A figure for the log, not an assertion: timing depends on the machine.
		process.stdout.write(
			`achieved upload rate: ${perSecond.toFixed(2)} requests/s (${((perSecond / 5) * 100).toFixed(1)} % of the 5/s ceiling)\n`,
		);
	});

	test('two executions of one app at once share its limiter: no breach', async () => {
		const credentials = newApp(fake);
		const run = (seed: number) =>
			runFeishuMedia({
				credentials,
				items: smallFiles(8).map((file) => ({
					binary: { data: { ...file, content: testBytes(300, seed) } },
				})),
				parameters: docx,
			});
		const [first, second] = await Promise.all([run(1), run(2)]);
		expect(
			[...first.output, ...second.output].every((item) => typeof item.json.file_token === 'string'),
		).toBe(true);
		expect(fake.stats().breaches).toEqual([]);
	});
});

describe('a token revoked in the middle of a run', () => {
	let fake: FakeFeishu;
	beforeAll(async () => {
		fake = await startFakeFeishu({ revokeTokensAfter: 6 });
	});
	afterAll(async () => await fake.close());

	test('is renewed and every item stored', async () => {
		const files = smallFiles(12);
		const credentials = newApp(fake);
		const { output } = await runFeishuMedia({
			credentials,
			items: files.map((file) => ({ binary: { data: file } })),
			parameters: docx,
		});
		output.forEach((item, index) =>
			expect(fake.files.get(item.json.file_token as string)?.sha256).toBe(
				sha256(files[index].content),
			),
		);
		// This fake serves only this test, so every rejected token is this app's.
		expect(fake.stats().requests.filter((request) => request.code === 99991663)).toHaveLength(1);
		expect(fake.stats().tokensIssued.length).toBe(2);
	});
});

describe('short-lived tokens', () => {
	let fake: FakeFeishu;
	beforeAll(async () => {
		// 4 s tokens, a new one handed out in the last 3 s: a run of 5 s crosses a renewal.
		fake = await startFakeFeishu({ tokenTtlSeconds: 4, tokenRefreshWindowSeconds: 3 });
	});
	afterAll(async () => await fake.close());

	test('are renewed before they expire, never rejected, and reused in between', async () => {
		const files = smallFiles(25);
		const credentials = newApp(fake);
		const { output } = await runFeishuMedia({
			credentials,
			items: files.map((file) => ({ binary: { data: file } })),
			parameters: docx,
		});
		output.forEach((item, index) =>
			expect(fake.files.get(item.json.file_token as string)?.sha256).toBe(
				sha256(files[index].content),
			),
		);
		expect(fake.stats().requests.filter((request) => request.code === 99991663)).toHaveLength(0);
		const tokenRequests = fake.stats().requests.filter((request) => request.endpoint === 'token');
		expect(tokenRequests.length).toBeGreaterThanOrEqual(2);
		expect(tokenRequests.length).toBeLessThanOrEqual(4);
	});
});
