import { newApp, requestsTo } from '../scripts/lib/harness/fake';
import { runFeishuMedia } from '../scripts/lib/harness/runNode';
import {
	SHORT_LIVED_TOKENS,
	uploadAcrossTokenRenewals,
	uploadAtTheRateLimit,
} from './support/reliabilityRuns';
import { withOwnFake } from './support/fakeForFile';

// The other tests run Feishu's clocks faster (test/support/fastClock.ts), where the network and
// the CPU take ten times longer; these check the pacing, the token renewal and the import polling
// once against the wall clock, and the tests that measure a gap between requests run here.
describe('on the real clock', () => {
	test('40 items at the rate limit, no breach (achieved rate printed)', async () => {
		await withOwnFake(undefined, async (fake) => await uploadAtTheRateLimit(fake, 'real clock'));
	});

	test('short-lived tokens are renewed before they expire, never rejected, and reused in between', async () => {
		await withOwnFake(SHORT_LIVED_TOKENS, uploadAcrossTokenRenewals);
	});

	test('an import job is polled through queued and processing, with growing gaps, until it is done', async () => {
		await withOwnFake(undefined, async (fake) => {
			const credentials = newApp(fake);
			fake.planImports({ slowMs: 1500 });
			const started = Date.now();
			const { output } = await runFeishuMedia({
				credentials,
				items: [{ binary: { data: { content: Buffer.from('hello'), fileName: 'slow.txt' } } }],
				parameters: { operation: 'importAsDocument' },
			});
			expect(output[0].json.token).toEqual(expect.any(String));
			const polls = requestsTo(fake, credentials.appId, 'import_task_get');
			expect(polls.length).toBeGreaterThanOrEqual(3);
			expect(polls.length).toBeLessThanOrEqual(7);
			const gaps = polls.slice(1).map((poll, index) => poll.at - polls[index].at);
			expect(gaps[gaps.length - 1]).toBeGreaterThan(gaps[0]);
			expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
			expect(
				fake.imports().jobs.filter((job) => job.appId === credentials.appId)[0].jobStatus,
			).toBe(0);
		});
	});
});
