import { createHash } from 'crypto';
import { createServer } from 'net';

import type { TestCredentials } from './runNode';

import { DEFAULT_PARENT_NODES, startFakeFeishu, type FakeFeishu } from '../../../fake-feishu';

export { startFakeFeishu, type FakeFeishu };
export const PARENT_NODES = DEFAULT_PARENT_NODES;

let appCounter = 0;

/** A fresh app per test, so the process-wide token cache and limiter start clean for it. */
export function newApp(fake: FakeFeishu): TestCredentials {
	appCounter++;
	const appId = `cli_test_${process.pid}_${appCounter}`;
	const appSecret = `test-secret-${appCounter}-${Math.random().toString(36).slice(2)}`;
	fake.addApp(appId, appSecret);
	return { platform: 'custom', baseUrl: fake.baseUrl, appId, appSecret };
}

export function sha256(bytes: Buffer): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/** Deterministic pseudo-random bytes, so failures reproduce. */
export function testBytes(size: number, seed = 1): Buffer {
	const bytes = Buffer.alloc(size);
	let state = seed >>> 0 || 1;
	for (let index = 0; index < size; index++) {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		bytes[index] = state & 0xff;
	}
	return bytes;
}

export function requestsTo(fake: FakeFeishu, appId: string, endpoint?: string) {
	return fake
		.stats()
		.requests.filter(
			(request) => request.appId === appId && (!endpoint || request.endpoint === endpoint),
		);
}

/** A loopback port with nothing listening on it: an "unreachable Feishu". */
export async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}
