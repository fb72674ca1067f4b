import { PARENT_NODES, testBytes } from '../../scripts/lib/harness/fake';
import {
	answerJson,
	readBody,
	startHostileServer,
	type Handler,
	type HostileServer,
} from '../../scripts/lib/harness/hostileServer';
import type { TestCredentials, TestItem } from '../../scripts/lib/harness/runNode';
import { oneItem } from './runOn';

/** What the hostile-server tests share (test/hostile.test.ts, test/hostileEnds.test.ts). */
export const MiB = 1024 * 1024;
/** The limiter's default, restored after the tests that turn pacing off. */
export const FEISHU_RATE = 5;
export const docx = { parentType: 'docx_image', parentNode: PARENT_NODES.docx_image[0] };

export const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

export function oneFile(content: Buffer = Buffer.from('image-bytes')): TestItem[] {
	return oneItem(content, 'a.png');
}

export function smallFiles(count: number): TestItem[] {
	return Array.from({ length: count }, (_, index) => ({
		binary: { data: { content: testBytes(300 + index, index + 1), fileName: `f${index}.png` } },
	}));
}

/** `promise`, or a rejection once `ms` have passed: a run that hangs fails the test here. */
export async function within<T>(ms: number, promise: Promise<T>): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms);
	});
	try {
		return await Promise.race([promise, late]);
	} finally {
		clearTimeout(timer);
	}
}

/** The error a run ended with; a run that succeeds fails the test. */
export async function failureOf(run: Promise<unknown>): Promise<Error & { description?: string }> {
	return await run.then(
		() => {
			throw new Error('expected the run to fail');
		},
		(error: Error) => error,
	);
}

let appCounter = 0;
export function appOn(server: { baseUrl: string }): TestCredentials {
	appCounter++;
	return {
		platform: 'custom',
		baseUrl: server.baseUrl,
		appId: `cli_hostile_${appCounter}`,
		appSecret: `hostile-secret-${appCounter}`,
	};
}

export const uploaded: Handler = async (request, response) => {
	await readBody(request);
	answerJson(response, 200, { code: 0, msg: 'success', data: { file_token: 'boxcnHostileOk' } });
};

/** Starts hostile servers for a test file; each one is closed after the test that started it. */
export function hostileServers() {
	const servers: HostileServer[] = [];
	afterEach(async () => {
		await Promise.all(servers.splice(0).map(async (server) => await server.close()));
	});
	return async function hostile(
		media: Handler,
		token?: Handler | Handler[],
		other?: Handler,
	): Promise<HostileServer> {
		const server = await startHostileServer(media, token, other);
		servers.push(server);
		return server;
	};
}
