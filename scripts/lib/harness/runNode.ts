import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import type {
	IAdditionalCredentialOptions,
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { FeishuMedia } from '../../../nodes/FeishuMedia/FeishuMedia.node';
import {
	authenticatedRequest,
	httpRequest,
	oauth2Helpers,
	type StoredCredential,
} from './n8nHelpers';

/**
 * Runs the real node's execute() with an n8n-shaped context: parameters, credentials, items and
 * binary helpers as n8n provides them. Everything below the node (HTTP, tokens, limits) is real
 * and talks to the fake Feishu server.
 */
export interface TestFile {
	/** The bytes. Leave out and give `path` instead for a file too big to hold in memory (store mode only). */
	content?: Buffer;
	/** An existing file used as the stored binary as is, never read into memory (store mode only). */
	path?: string;
	fileName?: string;
	mimeType?: string;
}

export interface TestItem {
	json?: IDataObject;
	/** Binary fields; `undefined` content leaves the item without that field. */
	binary?: Record<string, TestFile>;
}

export interface TestCredentials {
	platform?: string;
	baseUrl?: string;
	appId: string;
	appSecret: string;
}

/** A Feishu Media OAuth2 API credential as n8n hands it to a node: its fields and the stored token data. */
export interface TestOAuth2Credentials {
	platform?: string;
	baseUrl?: string;
	clientId: string;
	clientSecret: string;
	grantType?: string;
	authUrl?: string;
	accessTokenUrl?: string;
	scope?: string;
	authentication?: string;
	oauthTokenData?: IDataObject;
}

export interface RunOptions {
	items: TestItem[];
	/** For Authentication: User (parameter authentication: 'oAuth2'), a TestOAuth2Credentials. */
	credentials: TestCredentials | TestOAuth2Credentials;
	/** Node parameters, the same for each item or computed per item. */
	parameters: IDataObject | ((itemIndex: number) => IDataObject);
	continueOnFail?: boolean;
	/** The node's On Error setting; a "continue" value also turns continueOnFail on, as in n8n. */
	onError?: 'continueRegularOutput' | 'continueErrorOutput';
	/** 'store': binaries live on disk with an id (n8n's filesystem mode); 'inline': base64 in the item. */
	binaryMode?: 'inline' | 'store';
	/** The execution's cancel signal (n8n aborts it when the execution is stopped). */
	cancelSignal?: AbortSignal;
}

export interface RunResult {
	output: INodeExecutionData[];
	logs: string[];
	/** The credential as n8n stored it after the run (with the token preAuthentication fetched). */
	credential: StoredCredential;
}

// n8n's credential database: one record per credentials object, so runs that pass the same
// object share its stored token, as executions of one n8n credential do.
const credentialRecords = new WeakMap<TestCredentials | TestOAuth2Credentials, StoredCredential>();

export function storedCredential(
	credentials: TestCredentials | TestOAuth2Credentials,
): StoredCredential {
	let record = credentialRecords.get(credentials);
	if (!record) {
		record = {
			data: { platform: 'custom', tenantAccessToken: '', ...credentials },
			preAuthentications: 0,
		};
		credentialRecords.set(credentials, record);
	}
	return record;
}

const nodeType = new FeishuMedia();

function defaultsOf(properties: INodeProperties[]): IDataObject {
	const defaults: IDataObject = {};
	for (const property of properties) {
		if (!(property.name in defaults))
			defaults[property.name] = property.default as IDataObject[string];
	}
	return defaults;
}

const PARAMETER_DEFAULTS = defaultsOf(nodeType.description.properties);

let storeDir: string | undefined;
// The stored copies live as long as the test file that made them (jest loads this module per
// file); the benchmark, which has no jest, removes its whole temp folder itself.
const jestAfterAll = (globalThis as { afterAll?: (fn: () => void) => void }).afterAll;
jestAfterAll?.(() => {
	if (storeDir) rmSync(storeDir, { recursive: true, force: true });
});
const storedBinaries = new Map<string, { path: string; fileName?: string; mimeType?: string }>();

function contentOf(file: TestFile): Buffer {
	if (!file.content)
		throw new Error('a TestFile without content (only a path) works in store mode only');
	return file.content;
}

function sizeOf(file: TestFile): number {
	return file.content ? file.content.length : statSync(file.path ?? '').size;
}

function storeBinary(file: TestFile): string {
	const id = `filesystem-v2:test/${storedBinaries.size + 1}`;
	let path = file.path;
	if (path === undefined) {
		storeDir ??= mkdtempSync(join(tmpdir(), 'feishu-media-binaries-'));
		path = join(storeDir, String(storedBinaries.size + 1));
		writeFileSync(path, contentOf(file));
	}
	storedBinaries.set(id, { path, fileName: file.fileName, mimeType: file.mimeType });
	return id;
}

let preparedCount = 0;

/**
 * n8n's prepareBinaryData for a Buffer or a stream: in store mode the bytes go to a file through
 * fs.writeFile, as n8n's filesystem mode writes them; in inline mode they are collected with
 * on('data') and kept as base64, as n8n's default (in-memory) mode does.
 */
async function prepareBinaryData(
	binaryMode: 'inline' | 'store',
	data: Buffer | NodeJS.ReadableStream,
	fileName?: string,
	mimeType?: string,
): Promise<IBinaryData> {
	const common = {
		mimeType: mimeType ?? 'text/plain',
		fileName,
		fileExtension: fileName?.split('.').pop(),
	};
	if (binaryMode === 'inline') {
		const bytes = Buffer.isBuffer(data)
			? data
			: await new Promise<Buffer>((resolve, reject) => {
					const chunks: Buffer[] = [];
					data.on('data', (chunk: Buffer) => chunks.push(chunk));
					data.on('end', () => resolve(Buffer.concat(chunks)));
					data.once('error', reject);
				});
		return { ...common, fileSize: `${bytes.length} B`, data: bytes.toString('base64') };
	}
	storeDir ??= mkdtempSync(join(tmpdir(), 'feishu-media-binaries-'));
	preparedCount++;
	const path = join(storeDir, `prepared-${preparedCount}`);
	await writeFile(path, data);
	const id = `filesystem-v2:test/prepared-${preparedCount}`;
	storedBinaries.set(id, { path, fileName, mimeType });
	return { ...common, fileSize: `${statSync(path).size} B`, data: 'filesystem-v2', id };
}

/** The bytes of a binary the node output (either mode). */
export function binaryContent(binary: IBinaryData): Buffer {
	if (!binary.id) return Buffer.from(binary.data, 'base64');
	const stored = storedBinaries.get(binary.id);
	if (!stored) throw new Error(`unknown binary id ${binary.id}`);
	return readFileSync(stored.path);
}

/** Where a stored binary's bytes are (store mode), for checks on big files without reading them. */
export function storedBinaryPath(binary: IBinaryData): string {
	const stored = binary.id ? storedBinaries.get(binary.id) : undefined;
	if (!stored) throw new Error('not a stored binary');
	return stored.path;
}

function toExecutionItems(items: TestItem[], binaryMode: 'inline' | 'store'): INodeExecutionData[] {
	return items.map((item) => {
		const binary: INodeExecutionData['binary'] = {};
		for (const [name, file] of Object.entries(item.binary ?? {})) {
			const common = {
				mimeType: file.mimeType ?? 'application/octet-stream',
				fileName: file.fileName,
				fileSize: `${sizeOf(file)} B`,
			};
			binary[name] =
				binaryMode === 'store'
					? { ...common, data: 'filesystem-v2', id: storeBinary(file) }
					: { ...common, data: contentOf(file).toString('base64') };
		}
		return { json: item.json ?? {}, binary: item.binary ? binary : undefined };
	});
}

function readPath(source: IDataObject, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>((value, key) => (value as IDataObject | undefined)?.[key], source);
}

export async function runFeishuMedia(options: RunOptions): Promise<RunResult> {
	const items = toExecutionItems(options.items, options.binaryMode ?? 'inline');
	const logs: string[] = [];
	const log = (level: string) => (message: string) => logs.push(`${level}: ${message}`);
	const parametersFor = (itemIndex: number): IDataObject =>
		typeof options.parameters === 'function' ? options.parameters(itemIndex) : options.parameters;
	const node: INode = {
		id: 'test-node',
		name: 'Feishu Media',
		type: 'n8n-nodes-feishu-media.feishuMedia',
		typeVersion: 1,
		position: [0, 0],
		parameters: parametersFor(0) as INode['parameters'],
		credentials: {
			feishuMediaApi: { id: 'test-credential', name: 'Feishu Media API' },
			feishuMediaOAuth2Api: { id: 'test-credential-oauth2', name: 'Feishu Media OAuth2 API' },
		},
		onError: options.onError,
	};
	const credential = storedCredential(options.credentials);
	const tenantRequest = authenticatedRequest(node, credential, options.cancelSignal);
	const oauth2 = oauth2Helpers(node, credential, options.cancelSignal);
	const context = {
		getInputData: () => items,
		getNode: () => node,
		continueOnFail: () => options.continueOnFail ?? options.onError !== undefined,
		getCredentials: async () => ({ ...credential.data }),
		getExecutionCancelSignal: () => options.cancelSignal,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const value = readPath({ ...PARAMETER_DEFAULTS, ...parametersFor(itemIndex) }, name);
			if (value !== undefined) return value;
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		},
		logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
		helpers: {
			httpRequest,
			// n8n picks the OAuth2 path by the credential type's parents (oAuth2Api).
			httpRequestWithAuthentication: async (
				type: string,
				requestOptions: IHttpRequestOptions,
				additional?: IAdditionalCredentialOptions,
			) =>
				type === 'feishuMediaOAuth2Api'
					? await oauth2.httpRequestWithAuthentication(type, requestOptions)
					: await tenantRequest(type, requestOptions, additional),
			refreshOAuth2Token: oauth2.refreshOAuth2Token,
			getBinaryDataBuffer: async (itemIndex: number, propertyName: string) => {
				const binary = items[itemIndex].binary?.[propertyName];
				if (!binary) throw new Error(`no binary ${propertyName}`);
				if (binary.id) throw new Error('the node must stream stored binaries, not buffer them');
				return Buffer.from(binary.data, 'base64');
			},
			getBinaryStream: async (binaryId: string, chunkSize?: number) => {
				const stored = storedBinaries.get(binaryId);
				if (!stored) throw new Error(`unknown binary id ${binaryId}`);
				return createReadStream(stored.path, { highWaterMark: chunkSize ?? 64 * 1024 });
			},
			prepareBinaryData: async (
				data: Buffer | NodeJS.ReadableStream,
				fileName?: string,
				mimeType?: string,
			) => await prepareBinaryData(options.binaryMode ?? 'inline', data, fileName, mimeType),
			getBinaryMetadata: async (binaryId: string) => {
				const stored = storedBinaries.get(binaryId);
				if (!stored) throw new Error(`unknown binary id ${binaryId}`);
				return {
					fileName: stored.fileName,
					mimeType: stored.mimeType,
					fileSize: statSync(stored.path).size,
				};
			},
		},
	} as unknown as IExecuteFunctions;
	const [output] = await nodeType.execute.call(context);
	return { output, logs, credential };
}
