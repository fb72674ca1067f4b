import http from 'http';
import https from 'https';
import type { Readable } from 'stream';

/** A request body: JSON bytes, or a stream (the multipart form) with its exact length. */
export interface RequestBody {
	headers: Record<string, string | number>;
	stream?: Readable;
	bytes?: Buffer;
	/** Releases file handles when the request is abandoned before the body was fully sent. */
	dispose?: () => void;
}

export interface HttpResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	/** Parsed JSON, or undefined when the body was not JSON. */
	json?: Record<string, unknown>;
	/** The first characters of a non-JSON body, for error messages. */
	textSnippet?: string;
}

/** A failure below HTTP: nothing usable came back. Always safe to show (no headers, no body). */
export class TransportError extends Error {
	constructor(
		message: string,
		readonly kind: 'timeout' | 'connection' | 'dns' | 'other',
		readonly causeCode?: string,
	) {
		super(message);
	}
}

const agents = {
	'http:': new http.Agent({ keepAlive: true, maxSockets: 8 }),
	'https:': new https.Agent({ keepAlive: true, maxSockets: 8 }),
};

export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;

// Plain words, not errno names: n8n replaces any error message containing "ECONNREFUSED" & co.
// with a generic sentence of its own, which would hide the host.
const CONNECTION_FAILURES: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	EPIPE: 'connection closed while sending',
	ETIMEDOUT: 'connection timed out',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
};

function classify(error: NodeJS.ErrnoException, url: URL): TransportError {
	const code = error.code ?? '';
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		return new TransportError(`the host name ${url.hostname} cannot be resolved`, 'dns', code);
	}
	if (CONNECTION_FAILURES[code] || error.message === 'socket hang up') {
		return new TransportError(`${CONNECTION_FAILURES[code] ?? 'connection closed'} by ${url.host}`, 'connection', code || 'ECONNRESET');
	}
	return new TransportError(`the request to ${url.host} failed`, 'other', code);
}

/**
 * One HTTP exchange. Plain node:http rather than n8n's request helper, because we must stream a
 * multipart body of known length, read Feishu's answer whatever the status, and tell a dropped
 * connection from an API error.
 */
export async function sendRequest(
	method: 'GET' | 'POST',
	urlText: string,
	headers: Record<string, string>,
	body: RequestBody | undefined,
	idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS,
): Promise<HttpResponse> {
	const url = new URL(urlText);
	const transport = url.protocol === 'https:' ? https : http;
	const agent = agents[url.protocol as 'http:' | 'https:'];
	return await new Promise<HttpResponse>((resolve, reject) => {
		let settled = false;
		const fail = (error: TransportError) => {
			if (settled) return;
			settled = true;
			body?.dispose?.();
			reject(error);
		};
		const request = transport.request(
			url,
			{ method, agent, headers: { ...headers, ...(body?.headers ?? {}) } },
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('error', (error) => fail(classify(error, url)));
				response.on('end', () => {
					if (settled) return;
					settled = true;
					const text = Buffer.concat(chunks).toString('utf8');
					let json: Record<string, unknown> | undefined;
					try {
						const parsed = JSON.parse(text);
						if (parsed && typeof parsed === 'object') json = parsed;
					} catch {
						json = undefined;
					}
					resolve({
						status: response.statusCode ?? 0,
						headers: response.headers,
						json,
						textSnippet: json ? undefined : text.slice(0, 200),
					});
				});
			},
		);
		request.setTimeout(idleTimeoutMs, () => {
			fail(new TransportError(`no progress from ${url.host} for ${idleTimeoutMs} ms`, 'timeout', 'ETIMEDOUT'));
			request.destroy();
		});
		request.on('error', (error) => fail(classify(error, url)));
		if (body?.stream) {
			body.stream.on('error', (error) => {
				fail(new TransportError(`reading the file failed: ${error.message}`, 'other'));
				request.destroy();
			});
			body.stream.pipe(request);
		} else {
			request.end(body?.bytes);
		}
	});
}

export function jsonBody(value: unknown): RequestBody {
	const bytes = Buffer.from(JSON.stringify(value), 'utf8');
	return {
		bytes,
		headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': bytes.length },
	};
}
