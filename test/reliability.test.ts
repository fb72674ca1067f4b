import { newApp, testBytes } from '../scripts/lib/harness/fake';
import { runFeishuMedia } from '../scripts/lib/harness/runNode';
import { runClockFaster } from './support/fastClock';
import { fakeForFile } from './support/fakeForFile';
import {
	docx,
	smallFileContents,
	uploadAtTheRateLimit,
	uploadSmallFiles,
} from './support/reliabilityRuns';

// Minutes of Feishu's time in seconds; test/realTime.test.ts runs the pacing (again) and the token
// renewal on the wall clock.
runClockFaster(10);

describe('a night of uploads: faults, limits and a revoked token', () => {
	const fake = fakeForFile();

	test('100 items with 30 % injected faults: 100 file_tokens in order, intact bytes, no breach', async () => {
		fake.setFaults({ rate: 0.3, seed: 20261125, slowMs: 1500 });
		try {
			const { files, output } = await uploadSmallFiles(fake, 100);
			output.forEach((item, index) => {
				expect(item.pairedItem).toEqual({ item: index });
				expect(item.json.error).toBeUndefined();
				expect(item.json.file_name).toBe(files[index].fileName);
			});
			expect(fake.stats().faultsInjected).toBeGreaterThan(15);
			expect(fake.stats().breaches).toEqual([]);
		} finally {
			fake.setFaults({ rate: 0 });
		}
	});

	test('without faults: 40 items at the rate limit, no breach (achieved rate printed)', async () => {
		await uploadAtTheRateLimit(fake, 'faster clock');
	});

	test('two executions of one app at once share its limiter: no breach', async () => {
		const credentials = newApp(fake);
		const run = (seed: number) =>
			runFeishuMedia({
				credentials,
				items: smallFileContents(8).map((file) => ({
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
	const fake = fakeForFile({ revokeTokensAfter: 6 });

	test('is renewed and every item stored', async () => {
		await uploadSmallFiles(fake, 12);
		// This fake serves only this test, so every rejected token is this app's.
		expect(fake.stats().requests.filter((request) => request.code === 99991663)).toHaveLength(1);
		expect(fake.stats().tokensIssued.length).toBe(2);
	});
});
