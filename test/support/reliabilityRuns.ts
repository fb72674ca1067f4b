import {
	newApp,
	PARENT_NODES,
	requestsTo,
	sha256,
	testBytes,
	type FakeFeishu,
} from '../../scripts/lib/harness/fake';
import { runFeishuMedia } from '../../scripts/lib/harness/runNode';

/**
 * The runs of the reliability tests, each with what it asserts: test/reliability.test.ts runs
 * them on a faster clock, test/realTime.test.ts runs the pacing and the token renewal on the
 * real one.
 */
export const docx = { parentType: 'docx_file', parentNode: PARENT_NODES.docx_file[0] };

export function smallFileContents(count: number) {
	return Array.from({ length: count }, (_, index) => ({
		content: testBytes(200 + index, index + 11),
		fileName: `file-${index}.txt`,
	}));
}

/**
 * `count` small files of a fresh app uploaded in one run; every item's file is stored, intact and
 * in input order.
 */
export async function uploadSmallFiles(fake: FakeFeishu, count: number) {
	const files = smallFileContents(count);
	const credentials = newApp(fake);
	const run = await runFeishuMedia({
		credentials,
		items: files.map((file) => ({ binary: { data: file } })),
		parameters: docx,
	});
	expect(run.output).toHaveLength(count);
	run.output.forEach((item, index) =>
		expect(fake.files.get(item.json.file_token as string)?.sha256).toBe(
			sha256(files[index].content),
		),
	);
	return { files, credentials, output: run.output };
}

/** 40 items of a fresh app at the rate limit: all stored, no breach; the achieved rate is printed. */
export async function uploadAtTheRateLimit(fake: FakeFeishu, clockName: string): Promise<void> {
	const { credentials } = await uploadSmallFiles(fake, 40);
	expect(fake.stats().breaches).toEqual([]);
	const starts = requestsTo(fake, credentials.appId, 'upload_all').map((request) => request.at);
	// Under a sliding 1 s window the first 5 go at once; the steady rate is over the rest.
	const perSecond = (starts.length - 5) / ((starts[starts.length - 1] - starts[0]) / 1000);
	// A figure for the log, not an assertion: timing depends on the machine.
	process.stdout.write(
		`achieved upload rate (${clockName}): ${perSecond.toFixed(2)} requests/s (${((perSecond / 5) * 100).toFixed(1)} % of the 5/s ceiling)\n`,
	);
}

/** Options of a fake whose tokens last 4 s, a new one handed out in the last 3 s. */
export const SHORT_LIVED_TOKENS = { tokenTtlSeconds: 4, tokenRefreshWindowSeconds: 3 };

/**
 * 25 items at 5/s take 5 s, so they cross a renewal of SHORT_LIVED_TOKENS: renewed before they
 * expire, never rejected, and reused in between. The fake must serve only this run.
 */
export async function uploadAcrossTokenRenewals(fake: FakeFeishu): Promise<void> {
	await uploadSmallFiles(fake, 25);
	expect(fake.stats().requests.filter((request) => request.code === 99991663)).toHaveLength(0);
	const tokenRequests = fake.stats().requests.filter((request) => request.endpoint === 'token');
	expect(tokenRequests.length).toBeGreaterThanOrEqual(2);
	expect(tokenRequests.length).toBeLessThanOrEqual(4);
}
