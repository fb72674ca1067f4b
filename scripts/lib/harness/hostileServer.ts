import { createServer, type IncomingMessage, type ServerResponse } from 'http';

/**
 * A loopback "Feishu" that misbehaves on purpose: the token endpoint answers like Feishu unless a
 * test scripts it otherwise, and every `/open-apis/drive/v1/medias/*` request goes to the test's
 * own handler (huge, trickling, early or lost answers). The strict fake Feishu stays strict; the
 * hostility lives here.
 */
export type Endpoint =
	| 'token'
	| 'upload_all'
	| 'upload_prepare'
	| 'upload_part'
	| 'upload_finish'
	| 'other';

export interface HostileRequest {
	endpoint: Endpoint;
	/** 0 for the first request to this endpoint, 1 for the second … */
	index: number;
	/** Arrival time (Date.now()). */
	at: number;
	/** When the exchange ended: the answer was sent in full, or the connection closed. */
	closedAt?: number;
	authorization?: string;
}

/** Answers one request; it may read the body, answer, trickle or drop the socket as it likes. */
export type Handler = (
	request: IncomingMessage,
	response: ServerResponse,
	record: HostileRequest,
) => void | Promise<void>;

export interface HostileServer {
	baseUrl: string;
	requests: HostileRequest[];
	of(endpoint: Endpoint): HostileRequest[];
	close(): Promise<void>;
}

const TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token/internal';
const MEDIA_PREFIX = '/open-apis/drive/v1/medias/';

function endpointOf(path: string): Endpoint {
	if (path === TOKEN_PATH) return 'token';
	const name = path.startsWith(MEDIA_PREFIX) ? path.slice(MEDIA_PREFIX.length) : '';
	return (
		(['upload_all', 'upload_prepare', 'upload_part', 'upload_finish'] as const).find(
			(known) => known === name,
		) ?? 'other'
	);
}

export async function readBody(request: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

export function answerJson(
	response: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	if (response.destroyed) return;
	response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
	response.end(JSON.stringify(body));
}

/** Feishu's token answer, after reading the request. */
export function tokenAnswer(token: string): Handler {
	return async (request, response) => {
		await readBody(request);
		answerJson(response, 200, { code: 0, msg: 'ok', tenant_access_token: token, expire: 7200 });
	};
}

/**
 * The start of a JSON answer followed by `totalBytes` of filler that never closes the string,
 * written only as fast as the client reads and abandoned as soon as it hangs up, so the server
 * holds at most one chunk. Resolves with the bytes written.
 */
export async function streamJunk(response: ServerResponse, totalBytes: number): Promise<number> {
	response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
	const chunk = Buffer.alloc(64 * 1024, 'a');
	let written = 0;
	response.write('{"code":0,"data":{"x":"');
	while (written < totalBytes && !response.destroyed) {
		written += chunk.length;
		if (!response.write(chunk)) {
			await new Promise<void>((resolve) => {
				const done = () => {
					response.off('drain', done);
					response.off('close', done);
					resolve();
				};
				response.on('drain', done);
				response.on('close', done);
			});
		}
	}
	if (!response.destroyed) response.end();
	return written;
}

/** Headers at once, then one body byte per `intervalMs` until the client gives up. */
export function trickleBody(response: ServerResponse, intervalMs: number): void {
	response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
	response.flushHeaders();
	const timer = setInterval(() => response.write(' '), intervalMs);
	response.on('close', () => clearInterval(timer));
}

/** A status line, then one header byte per `intervalMs`: the headers never end. */
export function trickleHeaders(request: IncomingMessage, intervalMs: number): void {
	const { socket } = request;
	socket.write('HTTP/1.1 200 OK\r\nX-Trickle: ');
	const timer = setInterval(() => socket.write('a'), intervalMs);
	socket.on('close', () => clearInterval(timer));
}

/**
 * Starts the server. `media` answers the media endpoints; `token` (default: a valid token)
 * answers the token endpoint, and may be a list used in turn (the last one repeats); `other`
 * answers every other path (default: 404).
 */
export async function startHostileServer(
	media: Handler,
	token: Handler | Handler[] = tokenAnswer('t-hostile'),
	other: Handler = (_request, answer) => answerJson(answer, 404, { code: 404, msg: 'not found' }),
): Promise<HostileServer> {
	const requests: HostileRequest[] = [];
	const tokenHandlers = Array.isArray(token) ? token : [token];
	const server = createServer((request, response) => {
		const endpoint = endpointOf((request.url ?? '').split('?')[0]);
		const record: HostileRequest = {
			endpoint,
			index: requests.filter((earlier) => earlier.endpoint === endpoint).length,
			at: Date.now(),
			authorization: request.headers.authorization,
		};
		requests.push(record);
		response.once('close', () => (record.closedAt = Date.now()));
		const handler =
			endpoint === 'token'
				? tokenHandlers[Math.min(record.index, tokenHandlers.length - 1)]
				: endpoint === 'other'
					? other
					: media;
		Promise.resolve(handler(request, response, record)).catch(() => response.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		requests,
		of: (endpoint) => requests.filter((request) => request.endpoint === endpoint),
		close: async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}
