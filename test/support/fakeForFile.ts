import { startFakeFeishu, type FakeFeishu } from '../../scripts/lib/harness/fake';

/**
 * The fake Feishu of a test file (or of the describe block it is called in): started before its
 * first test, closed after its last. What this returns stands for that fake (a test reads
 * `fake.files`, calls `fake.script(...)`), so no variable waits for beforeAll to fill it in.
 */
export function fakeForFile(options?: Parameters<typeof startFakeFeishu>[0]): FakeFeishu {
	let started: FakeFeishu | undefined;
	beforeAll(async () => {
		started = await startFakeFeishu(options);
	});
	afterAll(async () => await started?.close());
	return new Proxy({} as FakeFeishu, {
		get(_, key) {
			if (!started) throw new Error('the fake is used before beforeAll started it');
			const value: unknown = Reflect.get(started, key, started);
			return typeof value === 'function' ? value.bind(started) : value;
		},
	});
}

/** Runs `use` with a fake of its own, closed however `use` ends. */
export async function withOwnFake<T>(
	options: Parameters<typeof startFakeFeishu>[0],
	use: (fake: FakeFeishu) => Promise<T>,
): Promise<T> {
	const fake = await startFakeFeishu(options);
	try {
		return await use(fake);
	} finally {
		await fake.close();
	}
}
