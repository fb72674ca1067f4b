import { createServer, type IncomingHttpHeaders } from 'http';

/**
 * A bare HTTP peer that accepts everything and keeps the raw requests, for checks on the wire
 * format itself (byte-for-byte comparisons, a deliberately wrong upload plan). Correctness of
 * the protocol is the fake Feishu server's job, not this one's.
 */
export interface RecordedRequest {
	path: string;
	headers: IncomingHttpHeaders;
	body: Buffer;
}

export interface RecordingServer {
	baseUrl: string;
	requests: RecordedRequest[];
	close(): Promise<void>;
}

export async function startRecordingServer(
	planFor: (size: number) => { block_size: number; block_num: number },
): Promise<RecordingServer> {
	const requests: RecordedRequest[] = [];
	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const body = Buffer.concat(chunks);
			const path = request.url ?? '';
			requests.push({ path, headers: request.headers, body });
			let answer: Record<string, unknown> = { code: 0, msg: 'success', data: {} };
			if (path.endsWith('/tenant_access_token/internal'))
				answer = { code: 0, msg: 'ok', tenant_access_token: 't-recorded', expire: 7200 };
			if (path.endsWith('/upload_all') || path.endsWith('/upload_finish'))
				answer.data = { file_token: 'boxcnRecorded' };
			if (path.endsWith('/upload_prepare')) {
				const { size } = JSON.parse(body.toString('utf8')) as { size: number };
				answer.data = { upload_id: 'upload-recorded', ...planFor(size) };
			}
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(JSON.stringify(answer));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		requests,
		close: async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}

/** The multipart boundary is random per body; replace it so two bodies can be compared. */
export function withoutBoundary(request: RecordedRequest): string {
	const boundary = /boundary=([^;]+)/.exec(String(request.headers['content-type']))?.[1];
	const text = request.body.toString('latin1');
	return boundary ? text.split(boundary).join('BOUNDARY') : text;
}
