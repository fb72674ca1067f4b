'use strict';
// Self-test of the fake Feishu server: real HTTP against a real listening instance.
const http = require('http');
const path = require('path');
const crypto = require('crypto');
const { spawn } = require('child_process');
const FormDataPkg = require('form-data');
const ADLER32 = require('adler-32');
const { startFakeFeishu, DEFAULT_APP, DEFAULT_PARENT_NODES } = require('../fake-feishu');
const { sha256, seededBytes } = require('../scripts/lib/sampleFiles');
const { TOKEN_PATH, tenantToken, withOwnFake } = require('./fakeSelfTest');
const { Adler32, adler32 } = require('../fake-feishu/adler32');
const parentNodesJson = require('../fake-feishu/parent-nodes.json');

jest.setTimeout(15000);

const MEDIA = '/open-apis/drive/v1/medias';
const DOCX_IMAGE = DEFAULT_PARENT_NODES.docx_image[0];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Independent Adler-32 (the adler-32 package), as the unsigned decimal Feishu wants. */
const checksumOf = (buf) => String(ADLER32.buf(buf, 1) >>> 0);

// ---------- HTTP helpers ----------

async function call(fake, urlPath, init = {}) {
	const res = await fetch(fake.baseUrl + urlPath, init);
	const raw = Buffer.from(await res.arrayBuffer());
	let json = null;
	try {
		json = JSON.parse(raw.toString('utf8'));
	} catch {
		json = null;
	}
	return { status: res.status, headers: res.headers, raw, json, code: json ? json.code : null };
}

function postJson(fake, urlPath, body, headers = {}) {
	return call(fake, urlPath, {
		method: 'POST',
		headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
}

/** The JSON answer to a request made with http.request: { status, json }; `onResponse` when it begins. */
function jsonAnswer(req, onResponse = () => {}) {
	return new Promise((resolve, reject) => {
		req.on('response', (res) => {
			onResponse();
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () =>
				resolve({ status: res.statusCode, json: JSON.parse(Buffer.concat(chunks).toString()) }),
			);
		});
		req.on('error', reject);
	});
}

const bearer = (token) => ({ authorization: `Bearer ${token}` });

/**
 * A hand-built multipart body, so each test controls the exact shape: part order, whether
 * the file part has a filename, its content type. parts: [{ name, value, filename?, contentType? }]
 */
function multipart(parts) {
	const boundary = `----fakeFeishuTest${crypto.randomBytes(8).toString('hex')}`;
	const chunks = [];
	for (const part of parts) {
		let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
		if (part.filename !== undefined) head += `; filename="${part.filename}"`;
		head += '\r\n';
		if (part.contentType) head += `Content-Type: ${part.contentType}\r\n`;
		chunks.push(
			Buffer.from(`${head}\r\n`),
			Buffer.isBuffer(part.value) ? part.value : Buffer.from(String(part.value)),
			Buffer.from('\r\n'),
		);
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** upload_all parts in cURL order; a field set to undefined in `over` is left out. */
function uploadAllParts(data, over = {}) {
	const f = {
		file_name: 'demo.bin',
		parent_type: 'docx_image',
		parent_node: DOCX_IMAGE,
		size: String(data.length),
		...over,
	};
	const parts = [];
	for (const name of ['file_name', 'parent_type', 'parent_node', 'size', 'checksum']) {
		if (f[name] !== undefined) parts.push({ name, value: f[name] });
	}
	if (!('noFile' in over))
		parts.push({
			name: 'file',
			value: data,
			filename: 'demo.bin',
			contentType: 'application/octet-stream',
		});
	if (f.extra !== undefined) parts.push({ name: 'extra', value: f.extra });
	return parts;
}

function postMultipart(fake, urlPath, token, parts, headers = {}) {
	const { body, contentType } = multipart(parts);
	return call(fake, urlPath, {
		method: 'POST',
		headers: { ...bearer(token), 'content-type': contentType, ...headers },
		body,
	});
}

const uploadAll = (fake, token, data, over) =>
	postMultipart(fake, `${MEDIA}/upload_all`, token, uploadAllParts(data, over));

function uploadPart(
	fake,
	token,
	{ uploadId, seq, data, size = data.length, checksum = checksumOf(data) },
) {
	const parts = [
		{ name: 'upload_id', value: uploadId },
		{ name: 'seq', value: String(seq) },
		{ name: 'size', value: String(size) },
	];
	if (checksum !== undefined) parts.push({ name: 'checksum', value: checksum });
	parts.push({
		name: 'file',
		value: data,
		filename: 'blob',
		contentType: 'application/octet-stream',
	});
	return postMultipart(fake, `${MEDIA}/upload_part`, token, parts);
}

const prepare = (fake, token, body) =>
	postJson(fake, `${MEDIA}/upload_prepare`, body, bearer(token));
const finish = (fake, token, body) => postJson(fake, `${MEDIA}/upload_finish`, body, bearer(token));
const prepareBody = (size, over = {}) => ({
	file_name: 'big.bin',
	parent_type: 'docx_file',
	parent_node: DEFAULT_PARENT_NODES.docx_file[0],
	size,
	...over,
});

/** A Feishu failure: the status and code of the table, the envelope, and a matching x-tt-logid. */
function expectFailure(r, httpStatus, code) {
	expect({ status: r.status, code: r.code }).toEqual({ status: httpStatus, code });
	expect(typeof r.json.msg).toBe('string');
	expect(r.json.data).toBeUndefined();
	expect(r.json.error.log_id).toMatch(/^[0-9A-F]{20,}$/);
	expect(r.headers.get('x-tt-logid')).toBe(r.json.error.log_id);
	expect(r.json.error.troubleshooter).toBe(
		`https://open.feishu.cn/search?log_id=${r.json.error.log_id}`,
	);
}

function expectSuccess(r) {
	expect({ status: r.status, code: r.code, msg: r.json && r.json.msg }).toEqual({
		status: 200,
		code: 0,
		msg: 'success',
	});
	expect(r.headers.get('x-tt-logid')).toMatch(/^[0-9A-F]{20,}$/);
	return r.json.data;
}

// ---------- shared instance (no rate limit, small blocks) ----------

let fake;
let token;
beforeAll(async () => {
	fake = await startFakeFeishu({ rateLimit: false, blockSize: 1024 });
	token = await tenantToken(fake);
});
afterAll(async () => {
	if (fake) await fake.close();
});

describe('adler-32 of the fake', () => {
	test('matches the adler-32 package, unsigned, also when fed in chunks', () => {
		for (const n of [0, 1, 100, 5552, 5553, 70000]) {
			const buf = seededBytes(n, n + 3);
			expect(adler32(buf)).toBe(ADLER32.buf(buf, 1) >>> 0);
			const chunked = new Adler32();
			for (let i = 0; i < n; i += 777) chunked.update(buf.subarray(i, i + 777));
			expect(chunked.digest()).toBe(adler32(buf));
		}
		const high = Buffer.alloc(16, 0xff);
		expect(adler32(high)).toBe(2273841137); // above 2^31: a signed implementation gets it wrong
	});
});

describe('tenant access token', () => {
	test('issues a t- token at top level, then hands the same one back while > 30 min remain', async () => {
		await withOwnFake({}, async (f) => {
			const first = await postJson(f, TOKEN_PATH, {
				app_id: DEFAULT_APP.appId,
				app_secret: DEFAULT_APP.appSecret,
			});
			expect(first.status).toBe(200);
			expect(first.json).toEqual({
				code: 0,
				msg: 'ok',
				tenant_access_token: expect.stringMatching(/^t-[0-9a-f]{40}$/),
				expire: 7200,
			});
			expect(first.headers.get('x-tt-logid')).toBeTruthy();
			const second = await postJson(f, TOKEN_PATH, {
				app_id: DEFAULT_APP.appId,
				app_secret: DEFAULT_APP.appSecret,
			});
			expect(second.json.tenant_access_token).toBe(first.json.tenant_access_token);
			expect(second.json.expire).toBeGreaterThanOrEqual(7199);
			expect(second.json.expire).toBeLessThanOrEqual(7200);
			expect(f.stats().tokensIssued).toEqual([first.json.tenant_access_token]);
		});
	});

	test('under 30 min left: a new token each time, the old one still valid', async () => {
		await withOwnFake({ tokenTtlSeconds: 1800 }, async (f) => {
			const a = await tenantToken(f);
			const b = await tenantToken(f);
			expect(b).not.toBe(a);
			expect(f.stats().tokensIssued).toEqual([a, b]);
			expectSuccess(await prepare(f, a, prepareBody(10)));
			await sleep(50);
			expectSuccess(await prepare(f, b, prepareBody(10)));
		});
	});

	test('a token stops working at its expiry -> 99991663', async () => {
		await withOwnFake({ tokenTtlSeconds: 1 }, async (f) => {
			const t = await tenantToken(f);
			expectSuccess(await prepare(f, t, prepareBody(10)));
			await sleep(1100);
			expectFailure(await prepare(f, t, prepareBody(10)), 400, 99991663);
		});
	});

	test('wrong secret -> 400/10014, unknown app or missing field or non-JSON -> 400/10003, no token', async () => {
		const wrong = await postJson(fake, TOKEN_PATH, {
			app_id: DEFAULT_APP.appId,
			app_secret: 'nope',
		});
		expectFailure(wrong, 400, 10014);
		expect(wrong.json.msg).toBe('app secret invalid');
		expect(wrong.json.tenant_access_token).toBeUndefined();

		const unknown = await postJson(fake, TOKEN_PATH, {
			app_id: 'cli_nobody',
			app_secret: DEFAULT_APP.appSecret,
		});
		expectFailure(unknown, 400, 10003);
		expect(unknown.json.msg).toBe('invalid param');
		expectFailure(await postJson(fake, TOKEN_PATH, { app_id: DEFAULT_APP.appId }), 400, 10003);
		const notJson = await call(fake, TOKEN_PATH, {
			method: 'POST',
			headers: { 'content-type': 'text/plain' },
			body: JSON.stringify({ app_id: DEFAULT_APP.appId, app_secret: DEFAULT_APP.appSecret }),
		});
		expectFailure(notJson, 400, 10003);
	});
});

describe('authorization', () => {
	const data = seededBytes(300000);
	const attempt = (headers) => {
		const { body, contentType } = multipart(uploadAllParts(data));
		return call(fake, `${MEDIA}/upload_all`, {
			method: 'POST',
			headers: { 'content-type': contentType, ...headers },
			body,
		});
	};

	test('missing or malformed header -> 400/99991661 (body drained, no reset)', async () => {
		expectFailure(await attempt({}), 400, 99991661);
		expectFailure(await attempt({ authorization: token }), 400, 99991661);
		expectFailure(await attempt({ authorization: 'Bearer' }), 400, 99991661);
		expectFailure(await attempt({ authorization: `Token ${token}` }), 400, 99991661);
	});

	test('an early refusal is answered only after the whole body has been read', async () => {
		const { body, contentType } = multipart(uploadAllParts(data));
		const req = http.request(`${fake.baseUrl}${MEDIA}/upload_all`, {
			method: 'POST',
			headers: {
				authorization: 'Bearer t-unknown',
				'content-type': contentType,
				'content-length': body.length,
			},
		});
		let answeredAt = null;
		const answer = jsonAnswer(req, () => {
			answeredAt = Date.now();
		});
		req.write(body.subarray(0, 1000));
		await sleep(150);
		expect(answeredAt).toBeNull();
		const sentAt = Date.now();
		req.end(body.subarray(1000));
		const r = await answer;
		expect(answeredAt).toBeGreaterThanOrEqual(sentAt);
		expect([r.status, r.json.code]).toEqual([400, 99991663]);
	});

	test('not t-/u- -> 99991671, unknown t- -> 99991663, unknown u- -> 99991668', async () => {
		expectFailure(await attempt({ authorization: 'Bearer abc123' }), 400, 99991671);
		expectFailure(await attempt({ authorization: 'Bearer t-0000000000' }), 400, 99991663);
		expectFailure(await attempt({ authorization: 'Bearer u-0000000000' }), 400, 99991668);
		expect(fake.files.size).toBe(0);
	});

	test('revokeAllTokens -> 99991663, and the token endpoint then issues a new token', async () => {
		await withOwnFake({ rateLimit: false }, async (f) => {
			const old = await tenantToken(f);
			f.revokeAllTokens();
			expectFailure(await prepare(f, old, prepareBody(10)), 400, 99991663);
			// a revoked token still names its app in the record, but is not counted against its limits
			expect(f.stats().requests.slice(-1)[0]).toMatchObject({
				endpoint: 'upload_prepare',
				appId: DEFAULT_APP.appId,
				code: 99991663,
			});
			const fresh = await tenantToken(f);
			expect(fresh).not.toBe(old);
			expectSuccess(await prepare(f, fresh, prepareBody(10)));
		});
	});

	test('revokeTokensAfter: N authenticated upload requests, then the old token is refused once', async () => {
		await withOwnFake({ rateLimit: false, revokeTokensAfter: 2 }, async (f) => {
			const t = await tenantToken(f);
			expectSuccess(await prepare(f, t, prepareBody(10)));
			expectSuccess(await prepare(f, t, prepareBody(10)));
			expectFailure(await prepare(f, t, prepareBody(10)), 400, 99991663);
			const t2 = await tenantToken(f);
			for (let i = 0; i < 3; i++) expectSuccess(await prepare(f, t2, prepareBody(10)));
		});
	});
});

describe('routing', () => {
	test('wrong method or unknown path -> 404 envelope 1061003', async () => {
		expectFailure(
			await call(fake, `${MEDIA}/upload_all`, { headers: bearer(token) }),
			404,
			1061003,
		);
		expectFailure(
			await postJson(fake, '/open-apis/drive/v1/medias/upload_everything', {}, bearer(token)),
			404,
			1061003,
		);
		expectFailure(await call(fake, '/nothing/here'), 404, 1061003);
	});
});

describe('upload_all', () => {
	beforeEach(() => fake.reset());

	test('cURL shape (Node FormData, filename, extra after file) stores the exact bytes', async () => {
		const data = seededBytes(100000, 7);
		const form = new FormData();
		form.append('file_name', 'demo.jpeg');
		form.append('parent_type', 'docx_image');
		form.append('parent_node', DOCX_IMAGE);
		form.append('size', String(data.length));
		form.append('checksum', checksumOf(data));
		form.append('file', new Blob([data]), 'demo.jpeg');
		form.append('extra', JSON.stringify({ drive_route_token: 'doxcnFakeDocument0001' }));
		const r = await call(fake, `${MEDIA}/upload_all`, {
			method: 'POST',
			headers: bearer(token),
			body: form,
		});
		const { file_token: fileToken } = expectSuccess(r);
		expect(fileToken).toMatch(/^boxcn[A-Za-z0-9]{22}$/);
		expect(fake.files.get(fileToken)).toEqual({
			fileToken,
			fileName: 'demo.jpeg',
			parentType: 'docx_image',
			parentNode: DOCX_IMAGE,
			extra: '{"drive_route_token":"doxcnFakeDocument0001"}',
			size: data.length,
			sha256: sha256(data),
			path: expect.any(String),
			uploadMode: 'upload_all',
			appId: DEFAULT_APP.appId,
			identity: 'tenant',
			openId: null,
		});
		expect(fake.readFile(fileToken).equals(data)).toBe(true);
	});

	test('official SDK shape (form-data, Buffer with no filename, file part first, no checksum)', async () => {
		const data = seededBytes(5000, 9);
		const form = new FormDataPkg();
		form.append('file', data); // no filename: form-data sends application/octet-stream
		form.append('parent_type', 'sheet_image');
		form.append('size', String(data.length));
		form.append('file_name', '测试图片.png');
		form.append('parent_node', DEFAULT_PARENT_NODES.sheet_image[0]);
		const body = form.getBuffer();
		expect(body.toString('latin1')).not.toContain('filename=');
		const r = await call(fake, `${MEDIA}/upload_all`, {
			method: 'POST',
			headers: { ...bearer(token), ...form.getHeaders() },
			body,
		});
		const { file_token: fileToken } = expectSuccess(r);
		const meta = fake.files.get(fileToken);
		expect(meta.fileName).toBe('测试图片.png');
		expect(meta.sha256).toBe(sha256(data));
		expect(meta.extra).toBeUndefined();
	});

	test('a no-filename file part with a non-binary content type keeps its exact bytes', async () => {
		const data = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
		const parts = [
			{ name: 'file', value: data, contentType: 'image/png' },
			...uploadAllParts(data, { noFile: true, checksum: checksumOf(data) }),
		];
		const { file_token: fileToken } = expectSuccess(
			await postMultipart(fake, `${MEDIA}/upload_all`, token, parts),
		);
		expect(fake.readFile(fileToken).equals(data)).toBe(true);
	});

	test('20 MiB exactly is accepted and streamed intact', async () => {
		const data = crypto.randomBytes(20971520);
		const { file_token: fileToken } = expectSuccess(
			await uploadAll(fake, token, data, { checksum: checksumOf(data) }),
		);
		expect(fake.files.get(fileToken).size).toBe(20971520);
		expect(fake.files.get(fileToken).sha256).toBe(sha256(data));
	});

	test('ccm_import_open: empty parent_node with extra {obj_type, file_extension}', async () => {
		const data = Buffer.from('# hello\n');
		const extra = JSON.stringify({ obj_type: 'docx', file_extension: 'md' });
		const ok = await uploadAll(fake, token, data, {
			parent_type: 'ccm_import_open',
			parent_node: '',
			extra,
			file_name: 'a.md',
		});
		expectSuccess(ok);
	});

	const data = Buffer.from('hello feishu');
	const longName = (n) => '😀'.repeat(n); // 2 UTF-16 units each: length must count code points
	const cases = [
		['not multipart at all', null, 400, 1061002],
		['missing file_name', { file_name: undefined }, 400, 1061002],
		['missing parent_node', { parent_node: undefined }, 400, 1061002],
		['missing size', { size: undefined }, 400, 1061002],
		['missing file part', { noFile: true }, 400, 1061002],
		['empty file_name', { file_name: '' }, 400, 1061008],
		['file_name of 251 characters', { file_name: longName(251) }, 400, 1061008],
		['parent_type not in the enum', { parent_type: 'docx_video' }, 400, 1061002],
		[
			'parent_type vc_virtual_background (not open)',
			{ parent_type: 'vc_virtual_background' },
			400,
			1061002,
		],
		['parent_type moments (not open)', { parent_type: 'moments' }, 400, 1061002],
		['unknown parent_node', { parent_node: 'doxcnNoSuchBlock' }, 400, 1061044],
		[
			'parent_node of another parent_type',
			{ parent_node: DEFAULT_PARENT_NODES.sheet_image[0] },
			400,
			1061044,
		],
		[
			'ccm_import_open with a parent_node',
			{ parent_type: 'ccm_import_open', extra: '{"obj_type":"docx","file_extension":"md"}' },
			400,
			1061002,
		],
		[
			'ccm_import_open without extra',
			{ parent_type: 'ccm_import_open', parent_node: '' },
			400,
			1061002,
		],
		[
			'ccm_import_open extra without file_extension',
			{ parent_type: 'ccm_import_open', parent_node: '', extra: '{"obj_type":"docx"}' },
			400,
			1061002,
		],
		['size not a decimal integer', { size: '12.0' }, 400, 1061002],
		['negative size', { size: '-12' }, 400, 1061002],
		['size over 20 MiB', { size: '20971521' }, 400, 1061043],
		['size differs from the bytes sent', { size: String(data.length + 1) }, 400, 1062009],
		['wrong checksum', { checksum: String(adler32(data) + 1) }, 400, 1062008],
		['checksum not decimal', { checksum: adler32(data).toString(16) }, 400, 1062008],
		['extra not JSON', { extra: 'drive_route_token=x' }, 400, 1061002],
		['extra a JSON array', { extra: '["x"]' }, 400, 1061002],
	];
	const titled = cases.map(([name, over, httpStatus, code]) => [
		`${name} -> ${httpStatus}/${code}`,
		over,
		httpStatus,
		code,
	]);
	test.each(titled)('%s, nothing stored', async (_name, over, httpStatus, code) => {
		const r =
			over === null
				? await postJson(fake, `${MEDIA}/upload_all`, { file_name: 'a' }, bearer(token))
				: await uploadAll(fake, token, data, over);
		expectFailure(r, httpStatus, code);
		expect(fake.files.size).toBe(0);
	});

	test('250 code points is still a valid file name; a signed checksum is refused', async () => {
		expectSuccess(await uploadAll(fake, token, data, { file_name: longName(250) }));
		const high = Buffer.alloc(16, 0xff);
		const signed = String(ADLER32.buf(high, 1)); // the classic bug: negative decimal
		expect(Number(signed)).toBeLessThan(0);
		expectFailure(await uploadAll(fake, token, high, { checksum: signed }), 400, 1062008);
		expectSuccess(await uploadAll(fake, token, high, { checksum: checksumOf(high) }));
	});

	test('malformed bodies: duplicated field, cut-off multipart -> 1061002', async () => {
		const dup = uploadAllParts(data);
		dup.unshift({ name: 'size', value: String(data.length) });
		expectFailure(await postMultipart(fake, `${MEDIA}/upload_all`, token, dup), 400, 1061002);
		const { body, contentType } = multipart(uploadAllParts(data));
		const cut = body.subarray(0, body.length - 20);
		expectFailure(
			await call(fake, `${MEDIA}/upload_all`, {
				method: 'POST',
				headers: { ...bearer(token), 'content-type': contentType },
				body: cut,
			}),
			400,
			1061002,
		);
		expect(fake.files.size).toBe(0);
	});

	test('download returns the bytes with a content-disposition; unknown token -> 404/1061003', async () => {
		const body = seededBytes(3000, 5);
		const { file_token: fileToken } = expectSuccess(
			await uploadAll(fake, token, body, { file_name: 'rapport é.pdf' }),
		);
		const r = await call(fake, `${MEDIA}/${fileToken}/download`, { headers: bearer(token) });
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toBe('application/octet-stream');
		expect(r.headers.get('content-disposition')).toContain("filename*=UTF-8''rapport%20%C3%A9.pdf");
		expect(r.raw.equals(body)).toBe(true);
		const part = await call(fake, `${MEDIA}/${fileToken}/download`, {
			headers: { ...bearer(token), range: 'bytes=10-19' },
		});
		expect(part.status).toBe(206);
		expect(part.raw.equals(body.subarray(10, 20))).toBe(true);
		expectFailure(
			await call(fake, `${MEDIA}/boxcnNoSuchFile/download`, { headers: bearer(token) }),
			404,
			1061003,
		);
		expectFailure(await call(fake, `${MEDIA}/${fileToken}/download`), 400, 99991661);
	});
});

describe('block upload', () => {
	beforeEach(() => fake.reset());

	async function open(size, over) {
		const data = expectSuccess(await prepare(fake, token, prepareBody(size, over)));
		return data;
	}

	test('3 blocks, sent out of order with one re-sent, assemble into the exact file', async () => {
		const data = seededBytes(2500, 11);
		const prep = await open(data.length);
		expect(prep).toEqual({
			upload_id: expect.stringMatching(/^\d{19}$/),
			block_size: 1024,
			block_num: 3,
		});
		const block = (seq) => data.subarray(seq * 1024, (seq + 1) * 1024);
		for (const seq of [2, 0, 1])
			expect(
				expectSuccess(
					await uploadPart(fake, token, { uploadId: prep.upload_id, seq, data: block(seq) }),
				),
			).toEqual({});
		expectSuccess(
			await uploadPart(fake, token, {
				uploadId: prep.upload_id,
				seq: 1,
				data: block(1),
				checksum: undefined,
			}),
		);
		const { file_token: fileToken } = expectSuccess(
			await finish(fake, token, { upload_id: prep.upload_id, block_num: 3 }),
		);
		const meta = fake.files.get(fileToken);
		expect(meta).toMatchObject({
			fileName: 'big.bin',
			parentType: 'docx_file',
			size: 2500,
			sha256: sha256(data),
			uploadMode: 'block',
			appId: DEFAULT_APP.appId,
		});
		expect(fake.readFile(fileToken).equals(data)).toBe(true);
		// the upload_id is consumed
		expectFailure(
			await finish(fake, token, { upload_id: prep.upload_id, block_num: 3 }),
			400,
			1061002,
		);
	});

	test('prepare validations', async () => {
		expectFailure(await prepare(fake, token, prepareBody(0)), 400, 1061002);
		expectFailure(await prepare(fake, token, prepareBody('2500')), 400, 1061002);
		expectFailure(
			await prepare(fake, token, prepareBody(2500, { parent_node: undefined })),
			400,
			1061002,
		);
		expectFailure(await prepare(fake, token, prepareBody(2500, { parent_node: '' })), 400, 1061044);
		expectFailure(await prepare(fake, token, prepareBody(2500, { file_name: '' })), 400, 1061008);
		expectFailure(
			await prepare(fake, token, prepareBody(2500, { extra: { drive_route_token: 'x' } })),
			400,
			1061002,
		);
		expectFailure(
			await prepare(fake, token, prepareBody(2500, { parent_type: 'moments' })),
			400,
			1061002,
		);
		// no 20 MiB cap on blocks
		expect((await open(30 * 1024 * 1024)).block_num).toBe(30 * 1024);
		const imp = await open(10, {
			parent_type: 'ccm_import_open',
			parent_node: '',
			extra: '{"obj_type":"sheet","file_extension":"csv"}',
		});
		expect(imp.block_num).toBe(1);
	});

	test('upload_part errors: unknown id, seq out of bounds, wrong declared size, size mismatch, checksum', async () => {
		const data = seededBytes(2500, 13);
		const { upload_id: uploadId } = await open(data.length);
		const b0 = data.subarray(0, 1024);
		expectFailure(
			await uploadPart(fake, token, { uploadId: '7000000000000000000', seq: 0, data: b0 }),
			400,
			1061002,
		);
		expectFailure(await uploadPart(fake, token, { uploadId, seq: 3, data: b0 }), 400, 1062011);
		expectFailure(await uploadPart(fake, token, { uploadId, seq: -1, data: b0 }), 400, 1062011);
		expectFailure(
			await uploadPart(fake, token, { uploadId, seq: 0, data: b0.subarray(0, 1000) }),
			400,
			1061002,
		);
		expectFailure(
			await uploadPart(fake, token, { uploadId, seq: 2, data: data.subarray(2048), size: 1024 }),
			400,
			1061002,
		);
		expectFailure(
			await uploadPart(fake, token, { uploadId, seq: 0, data: b0.subarray(0, 1000), size: 1024 }),
			400,
			1062009,
		);
		expectFailure(
			await uploadPart(fake, token, {
				uploadId,
				seq: 0,
				data: b0,
				checksum: String(adler32(b0) ^ 1),
			}),
			400,
			1062008,
		);
		// none of these stored a block
		expectFailure(await finish(fake, token, { upload_id: uploadId, block_num: 3 }), 400, 1062010);
	});

	test('upload_finish errors: missing block, wrong block_num', async () => {
		const data = seededBytes(2500, 17);
		const { upload_id: uploadId } = await open(data.length);
		expectSuccess(
			await uploadPart(fake, token, { uploadId, seq: 0, data: data.subarray(0, 1024) }),
		);
		expectSuccess(await uploadPart(fake, token, { uploadId, seq: 2, data: data.subarray(2048) }));
		expectFailure(await finish(fake, token, { upload_id: uploadId, block_num: 3 }), 400, 1062010);
		expectFailure(await finish(fake, token, { upload_id: uploadId, block_num: 2 }), 400, 1061002);
		expectFailure(await finish(fake, token, { upload_id: uploadId }), 400, 1061002);
		expectSuccess(
			await uploadPart(fake, token, { uploadId, seq: 1, data: data.subarray(1024, 2048) }),
		);
		const { file_token: fileToken } = expectSuccess(
			await finish(fake, token, { upload_id: uploadId, block_num: 3 }),
		);
		expect(fake.files.get(fileToken).sha256).toBe(sha256(data));
	});

	test('another app cannot use the upload_id -> 1062007', async () => {
		const other = { appId: 'cli_fake_app_0002', appSecret: 'fake-app-secret-0002' };
		fake.addApp(other.appId, other.appSecret);
		const otherToken = await tenantToken(fake, other);
		const data = seededBytes(100, 19);
		const { upload_id: uploadId } = await open(data.length);
		expectFailure(await uploadPart(fake, otherToken, { uploadId, seq: 0, data }), 400, 1062007);
		expectSuccess(await uploadPart(fake, token, { uploadId, seq: 0, data }));
		expectFailure(
			await finish(fake, otherToken, { upload_id: uploadId, block_num: 1 }),
			400,
			1062007,
		);
		expectSuccess(await finish(fake, token, { upload_id: uploadId, block_num: 1 }));
	});

	test('expired upload_id -> 1061021, by expireUploadIds() and by its TTL', async () => {
		const data = seededBytes(100, 23);
		const { upload_id: uploadId } = await open(data.length);
		expectSuccess(await uploadPart(fake, token, { uploadId, seq: 0, data }));
		fake.expireUploadIds();
		expectFailure(await uploadPart(fake, token, { uploadId, seq: 0, data }), 400, 1061021);
		expectFailure(await finish(fake, token, { upload_id: uploadId, block_num: 1 }), 400, 1061021);

		await withOwnFake({ rateLimit: false, uploadIdTtlMs: 200 }, async (f) => {
			const t = await tenantToken(f);
			const { upload_id: shortLived } = expectSuccess(await prepare(f, t, prepareBody(100)));
			await sleep(250);
			expectFailure(await uploadPart(f, t, { uploadId: shortLived, seq: 0, data }), 400, 1061021);
		});
	});
});

describe('limits (5 per second, no concurrency, daily)', () => {
	test('the 6th upload request within a second gets 1061045 at HTTP 200, counted over all endpoints', async () => {
		await withOwnFake({}, async (f) => {
			const t = await tenantToken(f);
			const data = Buffer.from('x');
			const results = [];
			for (let i = 0; i < 3; i++) results.push(await uploadAll(f, t, data));
			for (let i = 0; i < 2; i++) results.push(await prepare(f, t, prepareBody(10)));
			results.push(await uploadAll(f, t, data));
			results.slice(0, 5).forEach(expectSuccess);
			expectFailure(results[5], 200, 1061045);
			expect(results[5].json.msg).toBe('can retry.');
			expect(f.files.size).toBe(3);
			expect(f.stats().breaches).toEqual([
				{
					appId: DEFAULT_APP.appId,
					endpoint: 'upload_all',
					at: expect.any(Number),
					reason: 'rate',
					enforced: true,
				},
			]);
			await sleep(1050);
			expectSuccess(await uploadAll(f, t, data));
		});
	});

	/** Start an upload and keep it in flight (headers and part of the body sent). */
	function startSlowUpload(f, t, data) {
		const { body, contentType } = multipart(uploadAllParts(data));
		const req = http.request(`${f.baseUrl}${MEDIA}/upload_all`, {
			method: 'POST',
			headers: { ...bearer(t), 'content-type': contentType, 'content-length': body.length },
		});
		const answer = jsonAnswer(req);
		req.write(body.subarray(0, 50));
		return { answer, finishSending: () => req.end(body.subarray(50)) };
	}

	test('an upload while another of the same app is in flight gets 1061045 (concurrency)', async () => {
		await withOwnFake({}, async (f) => {
			const t = await tenantToken(f);
			const first = startSlowUpload(f, t, seededBytes(1000));
			await sleep(150);
			const second = await uploadAll(f, t, Buffer.from('second'));
			expectFailure(second, 200, 1061045);
			first.finishSending();
			const firstAnswer = await first.answer;
			expect([firstAnswer.status, firstAnswer.json.code]).toEqual([200, 0]);
			expect(f.stats().breaches.map((b) => [b.reason, b.enforced])).toEqual([
				['concurrency', true],
			]);
			expect(f.files.size).toBe(1);
		});
	});

	test('rateLimit: false lets it through but still records the breach as not enforced', async () => {
		await withOwnFake({ rateLimit: false }, async (f) => {
			const t = await tenantToken(f);
			const first = startSlowUpload(f, t, seededBytes(1000));
			await sleep(150);
			expectSuccess(await uploadAll(f, t, Buffer.from('second')));
			first.finishSending();
			expect((await first.answer).json.code).toBe(0);
			expect(f.stats().breaches.map((b) => [b.reason, b.enforced])).toEqual([
				['concurrency', false],
			]);
		});
	});

	test('more than dailyLimit per app -> 1061045', async () => {
		await withOwnFake({ rateLimit: false, dailyLimit: 3 }, async (f) => {
			const t = await tenantToken(f);
			for (let i = 0; i < 3; i++) expectSuccess(await prepare(f, t, prepareBody(10)));
			expectFailure(await prepare(f, t, prepareBody(10)), 200, 1061045);
			expect(f.stats().breaches.map((b) => b.reason)).toEqual(['daily']);
		});
	});
});

describe('scripted failures', () => {
	beforeEach(() => fake.reset());

	test('the next N requests to an endpoint get the scripted code; nothing stored; then normal again', async () => {
		const data = Buffer.from('scripted');
		fake.script({ endpoint: 'upload_all', code: 1061045, times: 2 });
		expectFailure(await uploadAll(fake, token, data), 200, 1061045);
		expectFailure(await uploadAll(fake, token, data), 200, 1061045);
		expect(fake.files.size).toBe(0);
		expectSuccess(await uploadAll(fake, token, data));
		expect(fake.stats().requests.filter((r) => r.scripted).length).toBe(2);
	});

	test('99991400 comes with 429 and the x-ogw-ratelimit headers; httpStatus can be overridden; token endpoint too', async () => {
		fake.script({ endpoint: 'upload_prepare', code: 99991400 });
		const limited = await prepare(fake, token, prepareBody(10));
		expectFailure(limited, 429, 99991400);
		expect(limited.headers.get('x-ogw-ratelimit-limit')).toBe('5');
		expect(limited.headers.get('x-ogw-ratelimit-reset')).toBe('1');

		fake.script({ endpoint: 'upload_finish', code: 1061001, httpStatus: 503 });
		expectFailure(await finish(fake, token, { upload_id: 'x', block_num: 1 }), 503, 1061001);

		fake.script({ endpoint: 'token', code: 10014 });
		expectFailure(
			await postJson(fake, TOKEN_PATH, {
				app_id: DEFAULT_APP.appId,
				app_secret: DEFAULT_APP.appSecret,
			}),
			400,
			10014,
		);
		expect(() => fake.script({ endpoint: 'upload_everything', code: 1061001 })).toThrow();
	});
});

describe('seeded faults', () => {
	const KINDS = ['1061045', '1061001', '1061006', 'http500', 'ratelimit429'];
	async function run(f, t, n) {
		const out = [];
		for (let i = 0; i < n; i++) {
			const r = await uploadAll(f, t, Buffer.from(`payload ${i}`));
			out.push(`${r.status}:${r.code === null ? 'html' : r.code}`);
		}
		return out;
	}

	test('same seed -> same sequence; faulted requests store nothing', async () => {
		await withOwnFake(
			{
				rateLimit: false,
				faults: { rate: 0.5, seed: 42, kinds: KINDS },
			},
			async (f) => {
				const t = await tenantToken(f);
				const first = await run(f, t, 16);
				const successes = first.filter((o) => o === '200:0').length;
				expect(successes).toBeGreaterThan(0);
				expect(successes).toBeLessThan(16);
				expect(first).toContain('500:html');
				expect(f.stats().faultsInjected).toBe(16 - successes);
				expect(f.files.size).toBe(successes);

				f.reset();
				f.setFaults({ rate: 0.5, seed: 42, kinds: KINDS });
				expect(await run(f, t, 16)).toEqual(first);
				f.setFaults({ rate: 0.5, seed: 7, kinds: KINDS });
				expect(await run(f, t, 16)).not.toEqual(first);
			},
		);
	});

	test('http500 is HTML, ratelimit429 carries its headers', async () => {
		await withOwnFake({ rateLimit: false, faults: { rate: 1, kinds: ['http500'] } }, async (f) => {
			const t = await tenantToken(f);
			const r = await uploadAll(f, t, Buffer.from('x'));
			expect(r.status).toBe(500);
			expect(r.headers.get('content-type')).toMatch(/^text\/html/);
			expect(r.json).toBeNull();
			f.setFaults({ rate: 1, kinds: ['ratelimit429'] });
			const limited = await uploadAll(f, t, Buffer.from('x'));
			expectFailure(limited, 429, 99991400);
			expect(limited.headers.get('x-ogw-ratelimit-reset')).toBe('1');
			expect(f.files.size).toBe(0);
		});
	});

	test('drop cuts the connection with no answer; slow answers successfully after slowMs', async () => {
		await withOwnFake({ rateLimit: false, faults: { rate: 1, kinds: ['drop'] } }, async (f) => {
			const t = await tenantToken(f);
			await expect(uploadAll(f, t, seededBytes(200000))).rejects.toThrow();
			expect(f.files.size).toBe(0);
			f.setFaults({ rate: 1, kinds: ['slow'], slowMs: 300 });
			const started = Date.now();
			expectSuccess(await uploadAll(f, t, Buffer.from('slowly')));
			expect(Date.now() - started).toBeGreaterThanOrEqual(290);
			expect(f.stats().faultsInjected).toBe(2);
			expect(f.stats().requests.map((r) => r.fault)).toEqual([undefined, 'drop', 'slow']);
		});
	});
});

describe('admin over HTTP and the CLI', () => {
	beforeEach(() => fake.reset());

	test('/__fake/ routes mirror the in-process API', async () => {
		const data = seededBytes(777, 29);
		expectFailure(
			await uploadAll(fake, token, data, { parent_node: 'doxcnAddedByAdmin' }),
			400,
			1061044,
		);
		const added = await postJson(fake, '/__fake/parent-nodes', {
			parentType: 'docx_image',
			token: 'doxcnAddedByAdmin',
		});
		expect(added.json).toEqual({ ok: true });
		const { file_token: fileToken } = expectSuccess(
			await uploadAll(fake, token, data, { parent_node: 'doxcnAddedByAdmin' }),
		);

		const list = await call(fake, '/__fake/files');
		expect(list.json.map((m) => m.fileToken)).toEqual([fileToken]);
		expect((await call(fake, `/__fake/files/${fileToken}`)).json.sha256).toBe(sha256(data));
		expect((await call(fake, `/__fake/files/${fileToken}/content`)).raw.equals(data)).toBe(true);
		expect((await call(fake, '/__fake/files/boxcnMissing')).status).toBe(404);

		await postJson(fake, '/__fake/script', { endpoint: 'upload_all', code: 1061006 });
		expectFailure(await uploadAll(fake, token, data), 200, 1061006);
		expect((await postJson(fake, '/__fake/faults', { rate: 2 })).status).toBe(400);

		const stats = (await call(fake, '/__fake/stats')).json;
		expect(stats.requests.map((r) => r.code)).toEqual([1061044, 0, 1061006]);

		await postJson(fake, '/__fake/revoke-tokens', {});
		expectFailure(await uploadAll(fake, token, data), 400, 99991663);
		token = await tenantToken(fake);

		await postJson(fake, '/__fake/reset', {});
		expect((await call(fake, '/__fake/files')).json).toEqual([]);
		expect(fake.files.size).toBe(0);
	});

	test('parent-nodes.json is the DEFAULT_PARENT_NODES', () => {
		expect(parentNodesJson).toEqual(DEFAULT_PARENT_NODES);
		expect(DEFAULT_PARENT_NODES.docx_image).toEqual(['doxcnImageBlock0001']);
	});

	test('cli.js prints one JSON line, serves, logs to stderr with --log, exits 0 on SIGTERM', async () => {
		const child = spawn(
			process.execPath,
			[
				path.join(__dirname, '..', 'fake-feishu', 'cli.js'),
				'--port',
				'0',
				'--no-rate-limit',
				'--parent-node',
				'docx_image:doxcnCliBlock',
				'--log',
			],
			{
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		let stdout = '';
		let stderr = '';
		child.stderr.on('data', (c) => {
			stderr += c;
		});
		const exited = new Promise((resolve) =>
			child.on('exit', (code, signal) => resolve({ code, signal })),
		);
		try {
			const line = await new Promise((resolve, reject) => {
				child.stdout.on('data', (c) => {
					stdout += c;
					if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n')));
				});
				child.on('exit', () => reject(new Error(`cli exited early: ${stderr}`)));
			});
			const ready = JSON.parse(line);
			expect(ready).toEqual({
				baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
				appId: DEFAULT_APP.appId,
				appSecret: DEFAULT_APP.appSecret,
				parentNodes: expect.objectContaining({
					docx_image: ['doxcnImageBlock0001', 'doxcnCliBlock'],
				}),
			});
			const remote = { baseUrl: ready.baseUrl };
			const t = await tenantToken(remote, { appId: ready.appId, appSecret: ready.appSecret });
			expectSuccess(
				await uploadAll(remote, t, Buffer.from('via cli'), { parent_node: 'doxcnCliBlock' }),
			);
		} finally {
			child.kill('SIGTERM');
		}
		expect(await exited).toEqual({ code: 0, signal: null });
		expect(stdout.trim().split('\n')).toHaveLength(1);
		expect(stderr).toContain('[upload_all]');
	});
});
