'use strict';
// Self-test of the fake's read side: download (ranges, cuts, Base extra) and
// batch_get_tmp_download_url with the temporary links it serves. Real HTTP, real server.
const http = require('http');
const { DEFAULT_PARENT_NODES } = require('../fake-feishu');
const { sharedFake, tenantToken, withOwnFake } = require('./fakeSelfTest');
const { sha256, seededBytes } = require('../scripts/lib/sampleFiles');

jest.setTimeout(15000);

const MEDIA = '/open-apis/drive/v1/medias';
const BASE_APP = DEFAULT_PARENT_NODES.bitable_file[0];

/**
 * A GET that also reports a body cut short: { status, headers, body, complete, json }.
 * pauseMs: the client reads nothing at first, so the server's buffers fill (a slow reader).
 */
function get(url, headers = {}, { pauseMs = 0 } = {}) {
	return new Promise((resolve, reject) => {
		const req = http.get(url, { headers, agent: false }, (res) => {
			if (pauseMs > 0) {
				res.pause();
				setTimeout(() => res.resume(), pauseMs);
			}
			const chunks = [];
			let complete = false;
			res.on('data', (chunk) => chunks.push(chunk));
			res.on('end', () => {
				complete = res.complete;
			});
			res.on('error', () => {});
			res.on('close', () => {
				const body = Buffer.concat(chunks);
				let json = null;
				try {
					json = JSON.parse(body.toString('utf8'));
				} catch {
					json = null;
				}
				resolve({
					status: res.statusCode,
					headers: res.headers,
					body,
					complete: complete && res.complete,
					json,
				});
			});
		});
		req.on('error', reject);
	});
}

async function upload(fake, token, data, fields = {}) {
	const form = new FormData();
	const f = {
		file_name: 'a.bin',
		parent_type: 'docx_file',
		parent_node: DEFAULT_PARENT_NODES.docx_file[0],
		size: String(data.length),
		...fields,
	};
	for (const [name, value] of Object.entries(f)) form.append(name, value);
	form.append('file', new Blob([data]), 'blob');
	const res = await fetch(`${fake.baseUrl}${MEDIA}/upload_all`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}` },
		body: form,
	});
	const json = await res.json();
	expect(json.code).toBe(0);
	return json.data.file_token;
}

function expectFailure(r, status, code) {
	expect({ status: r.status, code: r.json && r.json.code }).toEqual({ status, code });
	expect(r.headers['x-tt-logid']).toBe(r.json.error.log_id);
}

const shared = sharedFake({ rateLimit: false, tmpUrlTtlMs: 60_000 });

const auth = () => ({ authorization: `Bearer ${shared.token}` });
const downloadUrl = (fileToken, query = '') =>
	`${shared.fake.baseUrl}${MEDIA}/${fileToken}/download${query}`;

describe('download', () => {
	test('ranges: open-ended, bounded, suffix; an unsatisfiable range sends the whole file', async () => {
		const data = seededBytes(10_000, 2);
		const fileToken = await upload(shared.fake, shared.token, data, { file_name: '报告 2024.pdf' });
		const whole = await get(downloadUrl(fileToken), auth());
		expect(whole.status).toBe(200);
		expect(whole.headers['content-length']).toBe('10000');
		expect(whole.headers['accept-ranges']).toBe('bytes');
		expect(whole.headers['content-disposition']).toBe(
			'attachment; filename="__ 2024.pdf"; filename*=UTF-8\'\'%E6%8A%A5%E5%91%8A%202024.pdf',
		);
		expect(sha256(whole.body)).toBe(sha256(data));

		const tail = await get(downloadUrl(fileToken), { ...auth(), range: 'bytes=9000-' });
		expect(tail.status).toBe(206);
		expect(tail.headers['content-range']).toBe('bytes 9000-9999/10000');
		expect(tail.body.equals(data.subarray(9000))).toBe(true);

		const suffix = await get(downloadUrl(fileToken), { ...auth(), range: 'bytes=-10' });
		expect(suffix.headers['content-range']).toBe('bytes 9990-9999/10000');
		expect(suffix.body.equals(data.subarray(9990))).toBe(true);

		const beyond = await get(downloadUrl(fileToken), { ...auth(), range: 'bytes=20000-' });
		expect(beyond.status).toBe(200);
		expect(beyond.body.length).toBe(10_000);
		const records = shared.fake.stats().requests.filter((r) => r.endpoint === 'download');
		expect(records.slice(-3).map((r) => r.range)).toEqual([
			'bytes=9000-',
			'bytes=-10',
			'bytes=20000-',
		]);
	});

	test('a scripted cut sends N bytes then closes; the next download is whole again', async () => {
		const data = seededBytes(300_000, 3);
		const fileToken = await upload(shared.fake, shared.token, data);
		shared.fake.cutDownloads({ afterBytes: 100_000, times: 2 });
		const first = await get(downloadUrl(fileToken), auth());
		expect(first.status).toBe(200);
		expect(first.headers['content-length']).toBe('300000');
		expect(first.complete).toBe(false);
		expect(first.body.length).toBe(100_000);
		expect(first.body.equals(data.subarray(0, 100_000))).toBe(true);

		const second = await get(downloadUrl(fileToken), { ...auth(), range: 'bytes=100000-' });
		expect(second.status).toBe(206);
		expect(second.complete).toBe(false);
		expect(second.body.equals(data.subarray(100_000, 200_000))).toBe(true);

		const third = await get(downloadUrl(fileToken), { ...auth(), range: 'bytes=200000-' });
		expect(third.complete).toBe(true);
		expect(Buffer.concat([first.body, second.body, third.body]).equals(data)).toBe(true);
		const cuts = shared.fake.stats().requests.filter((r) => r.endpoint === 'download' && r.cut);
		expect(cuts.length).toBe(2);
	});

	test('a cut after many MiB delivers exactly that many bytes, even to a slow reader', async () => {
		const data = seededBytes(18 * 1024 * 1024 + 5, 7);
		const fileToken = await upload(shared.fake, shared.token, data);
		shared.fake.cutDownloads({ afterBytes: 15 * 1024 * 1024 + 3 });
		const r = await get(downloadUrl(fileToken), auth(), { pauseMs: 500 });
		expect(r.complete).toBe(false);
		expect(r.body.length).toBe(15 * 1024 * 1024 + 3);
		expect(sha256(r.body)).toBe(sha256(data.subarray(0, 15 * 1024 * 1024 + 3)));
	});

	test('cut settings are checked', () => {
		expect(() => shared.fake.cutDownloads({ afterBytes: -1 })).toThrow(/afterBytes/);
		expect(() => shared.fake.cutDownloads({ afterBytes: 5, times: 0 })).toThrow(/times/);
	});

	test('Base attachment under advanced permissions: extra is required, must name its table and list the file', async () => {
		const data = seededBytes(500, 4);
		const fileToken = await upload(shared.fake, shared.token, data, {
			parent_type: 'bitable_file',
			parent_node: BASE_APP,
			extra: JSON.stringify({ bitablePerm: { tableId: 'tblSales0001' } }),
		});
		const extra = (value) => `?extra=${encodeURIComponent(JSON.stringify(value))}`;
		expectFailure(await get(downloadUrl(fileToken), auth()), 400, 1061002);
		expectFailure(await get(downloadUrl(fileToken, '?extra=%7Bnot-json'), auth()), 400, 1061002);
		expectFailure(
			await get(downloadUrl(fileToken, extra({ bitablePerm: { tableId: 'tblOther' } })), auth()),
			403,
			1061004,
		);
		const otherFile = {
			bitablePerm: { tableId: 'tblSales0001', attachments: { fldA: { recA: ['boxcnOther'] } } },
		};
		expectFailure(await get(downloadUrl(fileToken, extra(otherFile)), auth()), 403, 1061004);

		const tableOnly = await get(
			downloadUrl(fileToken, extra({ bitablePerm: { tableId: 'tblSales0001' } })),
			auth(),
		);
		expect(tableOnly.status).toBe(200);
		expect(tableOnly.body.equals(data)).toBe(true);
		const listed = {
			bitablePerm: { tableId: 'tblSales0001', attachments: { fldA: { recA: [fileToken] } } },
		};
		expect((await get(downloadUrl(fileToken, extra(listed)), auth())).body.equals(data)).toBe(true);
	});

	test('an ordinary file ignores a well-formed extra and refuses a malformed one', async () => {
		const fileToken = await upload(shared.fake, shared.token, seededBytes(10, 5));
		expect(
			(await get(downloadUrl(fileToken, `?extra=${encodeURIComponent('{"x":1}')}`), auth())).status,
		).toBe(200);
		expectFailure(await get(downloadUrl(fileToken, '?extra=%5B1%5D'), auth()), 400, 1061002);
	});

	test('scripted answers and tokens apply to downloads', async () => {
		const fileToken = await upload(shared.fake, shared.token, seededBytes(10, 6));
		shared.fake.script({ endpoint: 'download', code: 1061045 });
		expectFailure(await get(downloadUrl(fileToken), auth()), 200, 1061045);
		expect((await get(downloadUrl(fileToken), auth())).status).toBe(200);
		expectFailure(
			await get(downloadUrl(fileToken), { authorization: 'Bearer t-nonsense' }),
			400,
			99991663,
		);
	});
});

describe('batch_get_tmp_download_url', () => {
	const tmpUrl = (query) => `${shared.fake.baseUrl}${MEDIA}/batch_get_tmp_download_url?${query}`;
	const tokensQuery = (tokens) =>
		tokens.map((t) => `file_tokens=${encodeURIComponent(t)}`).join('&');

	test('up to 5 tokens; unknown ones are left out; links serve the bytes (ranges too) without a token', async () => {
		const files = [seededBytes(1000, 10), seededBytes(2000, 11), seededBytes(3000, 12)];
		const tokens = [];
		for (const data of files) tokens.push(await upload(shared.fake, shared.token, data));
		const r = await get(
			tmpUrl(tokensQuery([tokens[0], 'boxcnUnknown', tokens[1], tokens[2]])),
			auth(),
		);
		expect(r.status).toBe(200);
		expect(r.json.code).toBe(0);
		const urls = r.json.data.tmp_download_urls;
		expect(urls.map((u) => u.file_token)).toEqual(tokens);
		for (const [index, { tmp_download_url: url }] of urls.entries()) {
			expect(url.startsWith(`${shared.fake.baseUrl}/tmp-download/`)).toBe(true);
			const got = await get(url);
			expect(got.status).toBe(200);
			expect(sha256(got.body)).toBe(sha256(files[index]));
		}
		const part = await get(urls[1].tmp_download_url, { range: 'bytes=0-9' });
		expect(part.status).toBe(206);
		expect(part.body.equals(files[1].subarray(0, 10))).toBe(true);
	});

	test('no token, six tokens, a bracketed name or a malformed extra: 1061002; no auth: 99991661', async () => {
		const fileToken = await upload(shared.fake, shared.token, seededBytes(10, 13));
		expectFailure(await get(tmpUrl(''), auth()), 400, 1061002);
		expectFailure(await get(tmpUrl(tokensQuery(Array(6).fill(fileToken))), auth()), 400, 1061002);
		expectFailure(await get(tmpUrl(`file_tokens[]=${fileToken}`), auth()), 400, 1061002);
		expectFailure(
			await get(tmpUrl(`${tokensQuery([fileToken])}&extra=nope`), auth()),
			400,
			1061002,
		);
		expectFailure(await get(tmpUrl(tokensQuery([fileToken]))), 400, 99991661);
		expect(
			(await get(tmpUrl(tokensQuery(Array(5).fill(fileToken))), auth())).json.data.tmp_download_urls
				.length,
		).toBe(1);
	});

	test('a guarded Base attachment gets a link only with the right extra', async () => {
		const fileToken = await upload(shared.fake, shared.token, seededBytes(10, 14), {
			parent_type: 'bitable_image',
			parent_node: DEFAULT_PARENT_NODES.bitable_image[0],
			extra: JSON.stringify({ bitablePerm: { tableId: 'tblPics' } }),
		});
		expect(
			(await get(tmpUrl(tokensQuery([fileToken])), auth())).json.data.tmp_download_urls,
		).toEqual([]);
		const extra = encodeURIComponent(JSON.stringify({ bitablePerm: { tableId: 'tblPics' } }));
		const r = await get(tmpUrl(`${tokensQuery([fileToken])}&extra=${extra}`), auth());
		expect(r.json.data.tmp_download_urls.map((u) => u.file_token)).toEqual([fileToken]);
	});

	test('links expire (403); unknown links are 404; the POST method is not a route', async () => {
		const fileToken = await upload(shared.fake, shared.token, seededBytes(10, 15));
		const r = await get(tmpUrl(tokensQuery([fileToken])), auth());
		const url = r.json.data.tmp_download_urls[0].tmp_download_url;
		expect((await get(url)).status).toBe(200);
		shared.fake.expireTmpUrls();
		expect((await get(url)).status).toBe(403);
		expect((await get(`${shared.fake.baseUrl}/tmp-download/nonexistent`)).status).toBe(404);
		const post = await fetch(tmpUrl(tokensQuery([fileToken])), { method: 'POST', headers: auth() });
		expect(post.status).toBe(404);
	});

	test('links expire on their own after tmpUrlTtlMs', async () => {
		await withOwnFake({ rateLimit: false, tmpUrlTtlMs: 200 }, async (short) => {
			const t = await tenantToken(short);
			const fileToken = await upload(short, t, seededBytes(10, 16));
			const r = await get(
				`${short.baseUrl}${MEDIA}/batch_get_tmp_download_url?file_tokens=${fileToken}`,
				{ authorization: `Bearer ${t}` },
			);
			const url = r.json.data.tmp_download_urls[0].tmp_download_url;
			expect((await get(url)).status).toBe(200);
			await new Promise((resolve) => setTimeout(resolve, 250));
			expect((await get(url)).status).toBe(403);
		});
	});
});
