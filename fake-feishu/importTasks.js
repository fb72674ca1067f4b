'use strict';
// Feishu's import tasks: POST /open-apis/drive/v1/import_tasks turns a file staged with
// parent_type ccm_import_open into a document; GET /open-apis/drive/v1/import_tasks/:ticket
// reports the job (job_status 1 queued, 2 processing, 0 done with token and url, or a failure).
// Jobs run on the clock: queued for queuedMs, processing for processingMs, then they end. The
// outcome is decided from the staged bytes (a .docx/.xlsx that is no ZIP, a .doc/.xls that is no
// OLE file → 129 "damaged"; over the format's size limit → 115) unless a plan says otherwise.
// Imported documents are kept, so tests assert on them. Rules: docs/feishu-protocol.md.
const crypto = require('crypto');
const fs = require('fs');
const { readJsonObject } = require('./body');
const { newToken } = require('./newToken');

const IMPORT_PATH = '/open-apis/drive/v1/import_tasks';
const TICKET_PATH = /^\/open-apis\/drive\/v1\/import_tasks\/([^/]+)$/;
const MB = 1024 * 1024;

// Per file extension, the document types Feishu imports it as and the largest such file in MB
// (import-user-guide): csv goes into a sheet up to 20 MB and into a Base up to 100 MB.
const IMPORT_LIMITS_MB = {
	docx: { docx: 600 },
	doc: { docx: 600 },
	txt: { docx: 20 },
	md: { docx: 20 },
	mark: { docx: 20 },
	markdown: { docx: 20 },
	html: { docx: 20 },
	xlsx: { sheet: 800, bitable: 800 },
	xls: { sheet: 20 },
	csv: { sheet: 20, bitable: 100 },
};
const IMPORT_TYPES = new Set(Object.values(IMPORT_LIMITS_MB).flatMap(Object.keys));

/** The largest file of `extension` Feishu imports as `type`, in bytes; undefined: it does not. */
function importLimitBytes(type, extension) {
	const byType = Object.hasOwn(IMPORT_LIMITS_MB, extension) ? IMPORT_LIMITS_MB[extension] : {};
	return Object.hasOwn(byType, type) ? byType[type] * MB : undefined;
}
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);
const MAGIC_BY_EXTENSION = { docx: ZIP_MAGIC, xlsx: ZIP_MAGIC, doc: OLE_MAGIC, xls: OLE_MAGIC };
const URL_SEGMENT = { docx: 'docx', sheet: 'sheets', bitable: 'base' };
const TOKEN_PREFIX = { docx: 'doxcn', sheet: 'shtcn', bitable: 'bascn' };
// Feishu's limits: create 100 per minute per app; get 1000 per minute and 50 per second.
const LIMITS = {
	import_tasks: [{ max: 100, windowMs: 60_000 }],
	import_task_get: [
		{ max: 50, windowMs: 1000 },
		{ max: 1000, windowMs: 60_000 },
	],
};
const DEFAULT_FOLDERS = Object.freeze(['fldcnFakeImportFolder00001']);

function newTicket() {
	return `7${crypto.randomInt(1e9).toString().padStart(9, '0')}${crypto.randomInt(1e9).toString().padStart(9, '0')}`;
}

function extensionOf(name) {
	const match = /\.([A-Za-z0-9]+)$/.exec(String(name || ''));
	return match ? match[1].toLowerCase() : undefined;
}

function stagedExtra(meta) {
	try {
		return JSON.parse(meta.extra || '{}');
	} catch {
		return {};
	}
}

function headOf(path, length) {
	const fd = fs.openSync(path, 'r');
	try {
		const head = Buffer.alloc(length);
		const read = fs.readSync(fd, head, 0, length, 0);
		return head.subarray(0, read);
	} finally {
		fs.closeSync(fd);
	}
}

class ImportTasks {
	constructor({
		queuedMs = 100,
		processingMs = 300,
		folders = DEFAULT_FOLDERS,
		enforce = true,
	} = {}) {
		this.enforce = enforce; // false: breaches are recorded but let through (the fake's rateLimit: false)
		this.queuedMs = queuedMs;
		this.processingMs = processingMs;
		this.folders = new Set(folders);
		this.arrivals = new Map(); // `${endpoint}|${appId}` -> timestamps within the longest window
		this.clear();
	}

	clear() {
		this.jobs = new Map(); // ticket -> job
		this.documents = new Map(); // document token -> imported document
		this.plans = []; // [{ times, jobStatus, jobErrorMsg, slowMs }] for the next jobs created
		this.expired = new Set(); // staged file tokens past their 5 minutes
		this.consumed = new Set(); // staged file tokens an import has used up
		this.arrivals.clear();
	}

	addFolder(token) {
		if (typeof token !== 'string' || token === '')
			throw new TypeError('a folder token must be a non-empty string');
		this.folders.add(token);
	}

	/** The next `times` jobs (default 1) end with `jobStatus` (0 = done) after `slowMs` more processing. */
	plan({ times = 1, jobStatus, jobErrorMsg, slowMs = 0 } = {}) {
		if (!Number.isSafeInteger(times) || times < 1)
			throw new TypeError('times must be a positive integer');
		if (
			jobStatus !== undefined &&
			(!Number.isSafeInteger(jobStatus) || jobStatus === 1 || jobStatus === 2)
		) {
			throw new TypeError('jobStatus must be 0 or a failing job_status');
		}
		if (!Number.isSafeInteger(slowMs) || slowMs < 0)
			throw new TypeError('slowMs must be a non-negative integer');
		this.plans.push({ times, jobStatus, jobErrorMsg, slowMs });
	}

	expireStaging(files) {
		for (const [token, meta] of files)
			if (meta.parentType === 'ccm_import_open') this.expired.add(token);
	}

	/** Counts an arrival; -> the breached limit, or null. */
	arrive(endpoint, appId, now = Date.now()) {
		const limits = LIMITS[endpoint];
		const longest = Math.max(...limits.map((limit) => limit.windowMs));
		const key = `${endpoint}|${appId}`;
		const recent = (this.arrivals.get(key) || []).filter((t) => t > now - longest);
		recent.push(now);
		this.arrivals.set(key, recent);
		return (
			limits.find((limit) => recent.filter((t) => t > now - limit.windowMs).length > limit.max) ||
			null
		);
	}

	/** The create rules, in order; -> a Feishu code, or null and the job to make. */
	validate(body, files, appId) {
		const {
			file_extension: extension,
			file_token: fileToken,
			type,
			file_name: fileName,
			point,
		} = body;
		if (typeof extension !== 'string' || extension === '' || !IMPORT_TYPES.has(type))
			return { code: 1069904 };
		if (typeof fileToken !== 'string' || fileToken === '' || fileToken.length > 27)
			return { code: 1069904 };
		if (fileName !== undefined && typeof fileName !== 'string') return { code: 1069904 };
		if (
			!point ||
			typeof point !== 'object' ||
			point.mount_type !== 1 ||
			typeof point.mount_key !== 'string'
		)
			return { code: 1069904 };
		if (importLimitBytes(type, extension) === undefined) return { code: 1069904 };
		const meta = files.get(fileToken);
		if (!meta || this.consumed.has(fileToken)) return { code: 1069907 };
		if (meta.parentType !== 'ccm_import_open' || meta.appId !== appId) return { code: 1069914 };
		if (this.expired.has(fileToken)) return { code: 1069913 };
		const staged = stagedExtra(meta);
		if (staged.file_extension !== extension || extensionOf(meta.fileName) !== extension)
			return { code: 1069910 };
		if (staged.obj_type !== type) return { code: 1069911 };
		if (point.mount_key !== '' && !this.folders.has(point.mount_key)) return { code: 1069908 };
		return { code: null, meta };
	}

	create(body, meta, appId) {
		const plan = this.plans[0];
		if (plan && --plan.times === 0) this.plans.shift();
		const ticket = newTicket();
		this.consumed.add(body.file_token);
		const job = {
			ticket,
			appId,
			type: body.type,
			fileExtension: body.file_extension,
			fileToken: body.file_token,
			fileName: body.file_name || meta.fileName.replace(/\.[A-Za-z0-9]+$/, ''),
			folderToken: body.point.mount_key,
			createdAt: Date.now(),
			endsAfterMs: this.queuedMs + this.processingMs + (plan ? plan.slowMs : 0),
			outcome:
				plan && plan.jobStatus !== undefined
					? { status: plan.jobStatus, message: plan.jobErrorMsg }
					: this.judge(meta, body),
			result: null,
			polls: 0,
		};
		this.jobs.set(ticket, job);
		return job;
	}

	/** What the import of these bytes comes to: too large (115), damaged (129), or done. */
	judge(meta, body) {
		if (meta.size > importLimitBytes(body.type, body.file_extension))
			return { status: 115, message: 'import file size over limit' };
		const magic = MAGIC_BY_EXTENSION[body.file_extension];
		if (magic && !headOf(meta.path, magic.length).equals(magic))
			return { status: 129, message: 'file format damaged' };
		return { status: 0 };
	}

	/** The job as GET shows it now; a job that just ended creates its document once. */
	read(job, origin) {
		job.polls += 1;
		const elapsed = Date.now() - job.createdAt;
		const base = { ticket: job.ticket, type: job.type };
		if (elapsed < this.queuedMs) return { ...base, job_status: 1, job_error_msg: '' };
		if (elapsed < job.endsAfterMs) return { ...base, job_status: 2, job_error_msg: '' };
		if (!job.result) {
			if (job.outcome.status !== 0) {
				job.result = {
					...base,
					job_status: job.outcome.status,
					job_error_msg: job.outcome.message || 'import failed',
				};
			} else {
				const token = newToken(TOKEN_PREFIX[job.type], this.documents);
				const url = `${origin}/${URL_SEGMENT[job.type]}/${token}`;
				this.documents.set(token, {
					token,
					url,
					type: job.type,
					title: job.fileName,
					folderToken: job.folderToken,
					ticket: job.ticket,
					sourceFileToken: job.fileToken,
					appId: job.appId,
					createdAt: Date.now(),
				});
				job.result = { ...base, job_status: 0, job_error_msg: 'success', token, url, extra: [] };
			}
		}
		return job.result;
	}

	toJSON() {
		return {
			documents: [...this.documents.values()],
			jobs: [...this.jobs.values()].map(({ outcome, result, ...job }) => ({
				...job,
				jobStatus: result ? result.job_status : null,
			})),
		};
	}
}

function limitBreached(ex, core, endpoint) {
	const breach = core.imports.arrive(endpoint, ex.appId);
	if (!breach) return false;
	const { enforce } = core.imports;
	core.stats.recordBreach(ex, { reason: `${breach.max}/${breach.windowMs}ms`, enforced: enforce });
	return enforce;
}

async function handleCreateImport(ex, core) {
	if (limitBreached(ex, core, 'import_tasks')) return ex.fail(1069923);
	const body = await readJsonObject(ex.req);
	if (!body.ok) {
		core.debug(ex, body.reason);
		return ex.fail(1069904);
	}
	const { code, meta } = core.imports.validate(body.value, core.files, ex.appId);
	if (code) return ex.fail(code);
	const job = core.imports.create(body.value, meta, ex.appId);
	return ex.ok({ ticket: job.ticket });
}

async function handleGetImport(ex, core, ticket) {
	await ex.drain();
	if (limitBreached(ex, core, 'import_task_get')) return ex.fail(1069923);
	const job = core.imports.jobs.get(ticket);
	// Feishu documents no code for an unknown ticket; "invalid param" is this fake's choice.
	if (!job) return ex.fail(1069904);
	if (job.appId !== ex.appId) return ex.fail(1069902);
	return ex.ok({ result: core.imports.read(job, `http://${ex.req.headers.host}`) });
}

/** -> { endpoint, ticket } for the import paths, or null. */
function routeImport(method, pathname) {
	if (pathname === IMPORT_PATH)
		return { endpoint: method === 'POST' ? 'import_tasks' : 'not_found' };
	const match = TICKET_PATH.exec(pathname);
	if (!match) return null;
	if (method !== 'GET') return { endpoint: 'not_found' };
	try {
		return { endpoint: 'import_task_get', ticket: decodeURIComponent(match[1]) };
	} catch {
		return { endpoint: 'not_found' };
	}
}

module.exports = { ImportTasks, handleCreateImport, handleGetImport, routeImport, DEFAULT_FOLDERS };
