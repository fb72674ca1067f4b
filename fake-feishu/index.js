'use strict';
// A faithful, strict fake of Feishu's media upload API on 127.0.0.1, for offline workflow
// trials, tests and demos. startFakeFeishu() wires the parts together and returns its handle.
const http = require('http');
const fs = require('fs');
const { Exchange } = require('./exchange');
const { TokenStore } = require('./tokens');
const { RateLimiter } = require('./rateLimiter');
const { FaultInjector, FAULT_KINDS } = require('./faults');
const { ScriptQueue } = require('./scripts');
const { Stats } = require('./stats');
const { ParentNodes, DEFAULT_PARENT_NODES } = require('./parentNodes');
const { Storage } = require('./storage');
const { UploadSessions } = require('./uploadSessions');
const { createRequestHandler } = require('./router');
const { ERROR_CODES } = require('./errorCodes');
const { DownloadCuts } = require('./downloadCuts');
const { TmpLinks } = require('./tmpDownloadUrls');
const { DocxStore } = require('./docx');
const { BaseStore } = require('./bitable');
const { ApiLimits } = require('./apiLimits');
const { OAuthStore } = require('./oauth');
const { ImportTasks, DEFAULT_FOLDERS: DEFAULT_IMPORT_FOLDERS } = require('./importTasks');

const HOST = '127.0.0.1'; // loopback only, always
const DEFAULT_APP = Object.freeze({
	appId: 'cli_fake_app_0001',
	appSecret: 'fake-app-secret-0001',
});

function positiveInteger(name, value) {
	if (!Number.isSafeInteger(value) || value < 1)
		throw new TypeError(`option ${name} must be a positive integer`);
	return value;
}

function normalizeOptions(options) {
	const o = options || {};
	const port = o.port === undefined ? 0 : o.port;
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new TypeError('option port must be an integer 0..65535');
	const apps = o.apps === undefined ? [DEFAULT_APP] : o.apps;
	if (!Array.isArray(apps))
		throw new TypeError('option apps must be an array of { appId, appSecret }');
	if (o.revokeTokensAfter !== undefined && o.revokeTokensAfter !== null)
		positiveInteger('revokeTokensAfter', o.revokeTokensAfter);
	return {
		port,
		apps,
		parentNodes: o.parentNodes === undefined ? DEFAULT_PARENT_NODES : o.parentNodes,
		tokenTtlSeconds: positiveInteger(
			'tokenTtlSeconds',
			o.tokenTtlSeconds === undefined ? 7200 : o.tokenTtlSeconds,
		),
		tokenRefreshWindowSeconds:
			o.tokenRefreshWindowSeconds === undefined ? 1800 : o.tokenRefreshWindowSeconds,
		rateLimit: o.rateLimit !== false,
		requestsPerSecond: positiveInteger(
			'requestsPerSecond',
			o.requestsPerSecond === undefined ? 5 : o.requestsPerSecond,
		),
		dailyLimit: positiveInteger('dailyLimit', o.dailyLimit === undefined ? 10000 : o.dailyLimit),
		blockSize: positiveInteger('blockSize', o.blockSize === undefined ? 4194304 : o.blockSize),
		uploadIdTtlMs: positiveInteger(
			'uploadIdTtlMs',
			o.uploadIdTtlMs === undefined ? 24 * 3600 * 1000 : o.uploadIdTtlMs,
		),
		tmpUrlTtlMs: positiveInteger(
			'tmpUrlTtlMs',
			o.tmpUrlTtlMs === undefined ? 24 * 3600 * 1000 : o.tmpUrlTtlMs,
		),
		userTokenTtlSeconds: positiveInteger(
			'userTokenTtlSeconds',
			o.userTokenTtlSeconds === undefined ? 7200 : o.userTokenTtlSeconds,
		),
		redirectUris: o.redirectUris || [],
		storageDir: o.storageDir,
		imports: o.imports, // { queuedMs, processingMs, folders } of import jobs
		faults: o.faults,
		revokeTokensAfter: o.revokeTokensAfter || null,
		// FAKE_FEISHU_LOG=1 turns logging on without touching the code that starts the fake.
		log: o.log || process.env.FAKE_FEISHU_LOG === '1' || process.env.FAKE_FEISHU_LOG === 'true',
	};
}

/** Where log lines go: nowhere, stderr, or a function of the caller's. */
function makeLogger(log) {
	if (typeof log === 'function') return log;
	if (log) return (line) => process.stderr.write(`[fake-feishu] ${line}\n`);
	return null;
}

function createCore(opts, storage) {
	const logger = makeLogger(opts.log);
	const timers = new Set();
	const stats = new Stats();
	const tokens = new TokenStore({
		ttlSeconds: opts.tokenTtlSeconds,
		refreshWindowSeconds: opts.tokenRefreshWindowSeconds,
	});
	for (const app of opts.apps) tokens.addApp(app.appId, app.appSecret);
	const oauth = new OAuthStore({ userTokenTtlSeconds: opts.userTokenTtlSeconds }, (appId) =>
		tokens.apps.get(appId),
	);
	for (const { appId, uri } of opts.redirectUris) oauth.addRedirectUri(appId, uri);
	tokens.userTokens = oauth;

	const core = {
		config: { blockSize: opts.blockSize, requestsPerSecond: opts.requestsPerSecond },
		tokens,
		oauth,
		stats,
		storage,
		files: new Map(),
		parentNodes: new ParentNodes(opts.parentNodes),
		limiter: new RateLimiter({
			enforce: opts.rateLimit,
			requestsPerSecond: opts.requestsPerSecond,
			dailyLimit: opts.dailyLimit,
		}),
		faults: new FaultInjector(opts.faults),
		scripts: new ScriptQueue(),
		downloadCuts: new DownloadCuts(),
		tmpLinks: new TmpLinks(opts.tmpUrlTtlMs),
		imports: new ImportTasks({ ...opts.imports, enforce: opts.rateLimit }),
		sessions: new UploadSessions({ blockSize: opts.blockSize, ttlMs: opts.uploadIdTtlMs }),
		revokeTokensAfter: opts.revokeTokensAfter,
		authenticatedUploads: 0,
		revokedByCount: false,
		timers,

		sleep(ms) {
			return new Promise((resolve) => {
				const timer = setTimeout(() => {
					timers.delete(entry);
					resolve();
				}, ms);
				const entry = { timer, resolve };
				timers.add(entry);
			});
		},

		/** Ends every pending 'slow' wait at once (on close; the sockets are gone by then). */
		cancelSleeps() {
			for (const entry of timers) {
				clearTimeout(entry.timer);
				entry.resolve();
			}
			timers.clear();
		},

		newExchange(req, res, endpoint) {
			return new Exchange(req, res, endpoint, {
				sleep: (ms) => core.sleep(ms),
				rateLimitHeaders: () => ({
					'x-ogw-ratelimit-limit': String(opts.requestsPerSecond),
					'x-ogw-ratelimit-reset': '1',
				}),
				onAnswer: (ex, httpStatus, code) => {
					const entry = {
						endpoint: ex.endpoint,
						appId: ex.appId,
						at: ex.arrivedAt,
						httpStatus,
						code,
					};
					if (ex.fault) entry.fault = ex.fault;
					if (ex.scripted) entry.scripted = true;
					if (ex.range) entry.range = ex.range;
					if (ex.cut) entry.cut = true;
					stats.requests.push(entry);
					if (logger) {
						const outcome =
							httpStatus === null
								? 'no answer (dropped or client gone)'
								: `${httpStatus} code=${code === null ? '-' : code}`;
						const extras = `${ex.fault ? ` fault=${ex.fault}` : ''}${ex.scripted ? ' scripted' : ''}`;
						logger(
							`${req.method} ${req.url} [${ex.endpoint}] app=${ex.appId || '-'} -> ${outcome} ${Date.now() - ex.arrivedAt}ms${extras} log_id=${ex.logId}`,
						);
					}
				},
			});
		},

		/** Why a request was refused, for whoever reads the log. */
		debug(ex, message) {
			if (logger) logger(`  ${ex.endpoint}: ${message}`);
		},

		logError(err) {
			process.stderr.write(`[fake-feishu] internal error: ${(err && err.stack) || err}\n`);
		},
	};
	// Docx documents and Bases the Open API endpoints edit (docx.js, bitable.js, openApi.js).
	core.docx = new DocxStore(core.parentNodes);
	core.bitable = new BaseStore(core.parentNodes);
	core.apiLimits = new ApiLimits({ enforce: opts.rateLimit });
	return core;
}

function listen(server, port) {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, HOST, () => {
			server.off('error', reject);
			resolve();
		});
	});
}

/**
 * Start the fake server; resolves once it listens.
 * @param {object} [options] see README.md (port, apps, parentNodes, tokenTtlSeconds, rateLimit,
 *   requestsPerSecond, dailyLimit, blockSize, uploadIdTtlMs, storageDir, faults, revokeTokensAfter, log)
 */
async function startFakeFeishu(options) {
	const opts = normalizeOptions(options);
	const storage = await Storage.open(opts.storageDir);
	let core;
	try {
		core = createCore(opts, storage);
	} catch (err) {
		await storage.destroy();
		throw err;
	}

	const api = {
		baseUrl: '',
		port: 0,
		files: core.files,

		addApp(appId, appSecret) {
			core.tokens.addApp(appId, appSecret);
		},
		addParentNode(parentType, token) {
			core.parentNodes.add(parentType, token);
		},
		/** Current parent_type -> tokens registry (defaults plus additions). */
		parentNodes() {
			return core.parentNodes.toJSON();
		},
		readFile(fileToken) {
			const meta = core.files.get(fileToken);
			if (!meta) throw new Error(`no stored file with file_token ${fileToken}`);
			return fs.readFileSync(meta.path);
		},
		script(entry) {
			core.scripts.add(entry);
		},
		/** The next `times` downloads send `afterBytes` bytes of body, then the connection is closed. */
		cutDownloads(entry) {
			core.downloadCuts.add(entry);
		},
		expireTmpUrls() {
			core.tmpLinks.expireAll();
		},
		setFaults(config) {
			core.faults.configure(config);
		},
		revokeAllTokens() {
			core.tokens.revokeAll();
		},
		/** OAuth: register a redirect URL (the console's list), and { deny, user, expireUserTokensAfter }. */
		addRedirectUri(appId, uri) {
			core.oauth.addRedirectUri(appId, uri);
		},
		configureOAuth(config) {
			core.oauth.configure(config);
		},
		expireUserTokens() {
			core.oauth.expireAccessTokens();
		},
		revokeRefreshTokens() {
			core.oauth.revokeRefreshTokens();
		},
		oauthState() {
			return core.oauth.snapshot();
		},
		/** The next import jobs end as planned: { times, jobStatus, jobErrorMsg, slowMs }. */
		planImports(entry) {
			core.imports.plan(entry);
		},
		addImportFolder(token) {
			core.imports.addFolder(token);
		},
		/** Every staged import file uploaded so far expires (Feishu keeps them 5 minutes). */
		expireImportStaging() {
			core.imports.expireStaging(core.files);
		},
		/** Imported documents and import jobs, as stored. */
		imports() {
			return structuredClone(core.imports.toJSON());
		},
		/** A docx document (block tree with just its page block); documents and their blocks: document(id). */
		addDocument(documentId, title) {
			core.docx.addDocument(documentId, title);
		},
		document(documentId) {
			return core.docx.snapshot(documentId);
		},
		/** A Base: { appToken, tables: [{ tableId, fields: [{ name, type }], records: [{ recordId, fields }] }] }. */
		addBase(spec) {
			core.bitable.addBase(spec);
		},
		record(appToken, tableId, recordId) {
			return core.bitable.record(appToken, tableId, recordId);
		},
		expireUploadIds() {
			for (const uploadId of core.sessions.expireAll())
				core.storage.dropBlocks(uploadId).catch(() => {});
		},
		stats() {
			return core.stats.snapshot();
		},
		reset() {
			core.storage.removeAllSync([...core.files.values()].map((meta) => meta.path));
			core.files.clear();
			core.sessions.clear();
			core.stats.reset();
			core.scripts.clear();
			core.downloadCuts.clear();
			core.tmpLinks.clear();
			core.imports.clear();
			core.faults.configure({ rate: 0 });
			core.limiter.reset();
			core.docx.reset();
			core.bitable.reset();
			core.apiLimits.reset();
		},
		close: undefined,
	};

	const server = http.createServer(createRequestHandler(core, api));
	try {
		await listen(server, opts.port);
	} catch (err) {
		await storage.destroy();
		throw err;
	}
	api.port = server.address().port;
	api.baseUrl = `http://${HOST}:${api.port}`;

	let closing = null;
	api.close = function close() {
		if (!closing) {
			closing = (async () => {
				const closed = new Promise((resolve) => server.close(() => resolve()));
				server.closeAllConnections();
				core.cancelSleeps();
				await closed;
				await storage.destroy();
			})();
		}
		return closing;
	};
	return api;
}

module.exports = {
	startFakeFeishu,
	DEFAULT_APP,
	DEFAULT_PARENT_NODES,
	DEFAULT_IMPORT_FOLDERS,
	FAULT_KINDS,
	ERROR_CODES,
};
