import { createHash } from 'crypto';
import { createServer } from 'net';

import type { TestCredentials } from './runNode';

/** The fake Feishu server's API as the tests use it (test/fake-feishu is plain JavaScript). */
export interface StoredFile {
	fileToken: string;
	fileName: string;
	parentType: string;
	parentNode: string;
	extra?: string;
	size: number;
	sha256: string;
	uploadMode: 'upload_all' | 'block';
	appId: string;
}

export interface FakeStats {
	breaches: Array<{ appId: string; endpoint: string; at: number; reason: string }>;
	requests: Array<{ endpoint: string; appId?: string; at: number; httpStatus: number; code: number }>;
	tokensIssued: string[];
	faultsInjected: number;
}

export interface FakeFeishu {
	baseUrl: string;
	files: Map<string, StoredFile>;
	addApp(appId: string, appSecret: string): void;
	addParentNode(parentType: string, token: string): void;
	readFile(fileToken: string): Buffer;
	script(rule: { endpoint: string; code: number; times?: number; httpStatus?: number }): void;
	setFaults(faults: { rate: number; seed?: number; kinds?: string[]; slowMs?: number }): void;
	revokeAllTokens(): void;
	expireUploadIds(): void;
	stats(): FakeStats;
	reset(): void;
	close(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-var-requires
const fakeModule = require('../fake-feishu') as {
	startFakeFeishu(options?: Record<string, unknown>): Promise<FakeFeishu>;
	DEFAULT_PARENT_NODES: Record<string, string[]>;
};

export const startFakeFeishu = fakeModule.startFakeFeishu;
export const PARENT_NODES = fakeModule.DEFAULT_PARENT_NODES;

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
	return fake.stats().requests.filter((request) => request.appId === appId && (!endpoint || request.endpoint === endpoint));
}

/** A loopback port with nothing listening on it: an "unreachable Feishu". */
export async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}
