// Types for fake-feishu/ (CommonJS JavaScript), so TypeScript tests can import it under strict settings.

export type UploadEndpoint = 'upload_all' | 'upload_prepare' | 'upload_part' | 'upload_finish';
export type ScriptEndpoint =
	| UploadEndpoint
	| 'token'
	| 'download'
	| 'batch_get_tmp_download_url'
	| 'import_tasks'
	| 'import_task_get'
	| OpenApiEndpoint;
/** The docx block and Base record endpoints (openApi.js). */
export type OpenApiEndpoint =
	| 'docx_create_children'
	| 'docx_patch_block'
	| 'docx_batch_delete'
	| 'docx_list_children'
	| 'bitable_get_record'
	| 'bitable_update_record'
	| 'bitable_list_fields';

/** A docx block as the fake keeps it (Feishu's block JSON). */
export interface DocxBlock {
	block_id: string;
	block_type: number;
	parent_id: string;
	children?: string[];
	image?: { token: string; width: number; height: number; align: number };
	file?: { token: string; name: string };
	view?: { view_type: number };
	[key: string]: unknown;
}

export interface DocxDocumentSnapshot {
	document_id: string;
	revision_id: number;
	/** every block, the page block first, in document order */
	blocks: DocxBlock[];
}

export interface BaseSpec {
	appToken: string;
	tables: Array<{
		tableId: string;
		/** type: Feishu's field type number (1 text, 2 number, 17 attachment …) */
		fields: Array<{ name: string; type: number }>;
		records?: Array<{ recordId: string; fields?: Record<string, unknown> }>;
	}>;
}
export type FaultKind =
	| '1061045'
	| '1061001'
	| '1061006'
	| 'http500'
	| 'ratelimit429'
	| 'drop'
	| 'slow';
export type ParentNodeMap = Record<string, readonly string[]>;

export interface FakeApp {
	appId: string;
	appSecret: string;
}

export interface FaultConfig {
	/** probability per upload request, 0..1; 0 turns faults off */
	rate?: number;
	seed?: number;
	kinds?: FaultKind[];
	slowMs?: number;
}

export interface FakeFeishuOptions {
	port?: number;
	apps?: FakeApp[];
	/** replaces DEFAULT_PARENT_NODES entirely */
	parentNodes?: ParentNodeMap;
	tokenTtlSeconds?: number;
	/** the same token is handed out again while more than this remains (default 1800) */
	tokenRefreshWindowSeconds?: number;
	/** false: 5/s + concurrency are not enforced, breaches are still recorded with enforced: false */
	rateLimit?: boolean;
	requestsPerSecond?: number;
	dailyLimit?: number;
	blockSize?: number;
	uploadIdTtlMs?: number;
	/** how long batch_get_tmp_download_url links live (default 24 h) */
	tmpUrlTtlMs?: number;
	/** default: a fresh temp dir, removed on close; a given dir is kept */
	storageDir?: string;
	faults?: FaultConfig;
	revokeTokensAfter?: number;
	/** import jobs: queued for queuedMs (default 100), then processing for processingMs (default 300); folders that exist */
	imports?: { queuedMs?: number; processingMs?: number; folders?: string[] };
	/** how long a user access token (u-…) lives (default 7200) */
	userTokenTtlSeconds?: number;
	/** OAuth redirect URLs registered per app (the console's list); the authorization page refuses others */
	redirectUris?: { appId: string; uri: string }[];
	/** true: one line per request on stderr; a function receives the lines instead. FAKE_FEISHU_LOG=1 also turns it on. */
	log?: boolean | ((line: string) => void);
}

export interface StoredFile {
	fileToken: string;
	fileName: string;
	parentType: string;
	parentNode: string;
	extra: string | undefined;
	size: number;
	sha256: string;
	path: string;
	uploadMode: 'upload_all' | 'block';
	appId: string;
	/** who uploaded: the app (tenant token) or a user (user access token) */
	identity: 'tenant' | 'user';
	/** the user's open_id for user uploads, else null */
	openId: string | null;
}

export interface Breach {
	appId: string;
	endpoint: UploadEndpoint | 'import_tasks' | 'import_task_get' | OpenApiEndpoint;
	at: number;
	/** import endpoints: the limit breached, e.g. '100/60000ms' */
	reason: 'rate' | 'concurrency' | 'daily' | 'document' | string;
	/** false when rateLimit: false let the request through */
	enforced: boolean;
}

export interface RequestRecord {
	endpoint: ScriptEndpoint | 'tmp_download' | 'not_found';
	appId: string | null;
	/** arrival time, ms */
	at: number;
	/** null when no answer was sent (drop fault, client hung up) */
	httpStatus: number | null;
	/** null for non-JSON answers (http500) and for no answer */
	code: number | null;
	fault?: FaultKind;
	scripted?: true;
	/** the Range header a download asked with */
	range?: string;
	/** the transfer was cut on purpose (cutDownloads) */
	cut?: true;
}

export interface FakeStats {
	breaches: Breach[];
	requests: RequestRecord[];
	/** every token minted (a token handed out again is not listed twice) */
	tokensIssued: string[];
	faultsInjected: number;
}

export interface ScriptEntry {
	endpoint: ScriptEndpoint;
	code: number;
	times?: number;
	/** this many requests to the endpoint pass before the scripted ones (default 0) */
	after?: number;
	httpStatus?: number;
}

export interface ImportPlan {
	/** how many of the next jobs (default 1) */
	times?: number;
	/** 0: done; a failing job_status (3, 100 … 7002) ends the job with it */
	jobStatus?: number;
	jobErrorMsg?: string;
	/** extra processing time, ms */
	slowMs?: number;
}

export interface ImportedDocument {
	token: string;
	url: string;
	type: 'docx' | 'sheet' | 'bitable';
	title: string;
	folderToken: string;
	ticket: string;
	sourceFileToken: string;
	appId: string;
	createdAt: number;
}

export interface ImportJob {
	ticket: string;
	appId: string;
	type: string;
	fileExtension: string;
	fileToken: string;
	fileName: string;
	folderToken: string;
	createdAt: number;
	endsAfterMs: number;
	polls: number;
	/** null until a poll saw the job end */
	jobStatus: number | null;
}

export interface FakeFeishu {
	readonly baseUrl: string;
	readonly port: number;
	readonly files: Map<string, StoredFile>;
	addApp(appId: string, appSecret: string): void;
	addParentNode(parentType: string, token: string): void;
	parentNodes(): Record<string, string[]>;
	readFile(fileToken: string): Buffer;
	script(entry: ScriptEntry): void;
	setFaults(config: FaultConfig): void;
	/** the next `times` (default 1) downloads send `afterBytes` bytes of body, then the connection closes */
	cutDownloads(entry: { afterBytes: number; times?: number }): void;
	/** every temporary link issued so far expires now */
	expireTmpUrls(): void;
	revokeAllTokens(): void;
	addRedirectUri(appId: string, uri: string): void;
	/** deny: the consent page answers access_denied; expireUserTokensAfter: user tokens expire after N uses */
	configureOAuth(config: {
		deny?: boolean;
		user?: { openId?: string; name?: string };
		expireUserTokensAfter?: number | null;
	}): void;
	/** every user access token issued so far expires now (99991677) */
	expireUserTokens(): void;
	/** every refresh and user access token issued so far is revoked (refresh: 20064, API: 99991668) */
	revokeRefreshTokens(): void;
	oauthState(): {
		refreshTokens: { appId: string; openId: string; used: boolean; revoked: boolean }[];
		accessTokensIssued: number;
	};
	expireUploadIds(): void;
	planImports(entry: ImportPlan): void;
	addImportFolder(token: string): void;
	/** every staged import file (ccm_import_open) uploaded so far expires now */
	expireImportStaging(): void;
	imports(): { documents: ImportedDocument[]; jobs: ImportJob[] };
	stats(): FakeStats;
	/** a docx document holding only its page block (block_id = document_id) */
	addDocument(documentId: string, title?: string): void;
	/** null when there is no such document */
	document(documentId: string): DocxDocumentSnapshot | null;
	/** a Base; its app_token becomes an upload point for bitable_image and bitable_file */
	addBase(spec: BaseSpec): void;
	/** a record's stored fields (attachments as [{ file_token }]), null when there is no such record */
	record(appToken: string, tableId: string, recordId: string): Record<string, unknown> | null;
	reset(): void;
	close(): Promise<void>;
}

export function startFakeFeishu(options?: FakeFeishuOptions): Promise<FakeFeishu>;
export const DEFAULT_APP: Readonly<FakeApp>;
export const DEFAULT_PARENT_NODES: Readonly<ParentNodeMap>;
export const FAULT_KINDS: readonly FaultKind[];
export const DEFAULT_IMPORT_FOLDERS: readonly string[];
export const ERROR_CODES: Readonly<Record<string, Readonly<{ httpStatus: number; msg: string }>>>;
