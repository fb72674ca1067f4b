import { newApp, type FakeFeishu } from '../../scripts/lib/harness/fake';
import { runFeishuMedia, type RunOptions, type TestItem } from '../../scripts/lib/harness/runNode';

/**
 * One run of the node against `fake`, with a new app unless the test passes the credentials it
 * shares between runs. A failed item becomes an error item only where the test asks for it
 * (continueOnFail), so a test that expects success still fails on the first error.
 */
export function runOn(fake: FakeFeishu) {
	return (
		items: TestItem[],
		parameters: RunOptions['parameters'],
		options: Omit<Partial<RunOptions>, 'items' | 'parameters'> = {},
	) => runFeishuMedia({ credentials: newApp(fake), ...options, items, parameters });
}

/** One item whose binary field `data` holds `content`, the shape most tests feed the node. */
export function oneItem(content: Buffer, fileName: string, mimeType?: string): TestItem[] {
	return [{ binary: { data: { content, fileName, mimeType } } }];
}
