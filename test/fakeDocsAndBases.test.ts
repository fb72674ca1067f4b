// The fake Feishu's docx block and Base record endpoints, over HTTP: strict shapes, the media
// rules (a token only on its own block, only from this Base), idempotent creates, limits.
import { randomUUID } from 'crypto';
import { request as httpRequest } from 'http';

import { startFakeFeishu, type FakeFeishu } from '../scripts/lib/harness/fake';

let fake: FakeFeishu;
let token: string;
beforeAll(async () => {
	// Limits recorded, not enforced: these tests call faster than 3/s; the limit test has its own fake.
	fake = await startFakeFeishu({ rateLimit: false });
	fake.addApp('cli_fake_docs', 'secret-docs');
	token = await tenantToken('cli_fake_docs', 'secret-docs');
});
afterAll(async () => await fake.close());

async function tenantToken(appId: string, appSecret: string, server = fake): Promise<string> {
	const response = await fetch(`${server.baseUrl}/open-apis/auth/v3/tenant_access_token/internal`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ app_id: appId, app_secret: appSecret }),
	});
	return ((await response.json()) as { tenant_access_token: string }).tenant_access_token;
}

/** The fields of Feishu's answers these tests read (each test reads only those its endpoint has). */
interface AnswerData {
	children: Array<{ block_id: string; children: string[] }>;
	items: Array<{ block_id: string; field_name: string; type: number }>;
	page_token: string;
	has_more: boolean;
	record: { fields: { Files: unknown[] } };
}

interface Answer {
	status: number;
	code: number;
	data: AnswerData;
}

async function api(
	method: string,
	path: string,
	body?: unknown,
	bearer = token,
	server = fake,
): Promise<Answer> {
	const response = await fetch(`${server.baseUrl}${path}`, {
		method,
		headers: {
			authorization: `Bearer ${bearer}`,
			...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const json = (await response.json()) as { code: number; data?: AnswerData };
	return { status: response.status, code: json.code, data: json.data ?? ({} as AnswerData) };
}

/** A PUT sent up to its body's first byte: it stays in progress until `finish`. */
function heldWrite(path: string, body: unknown): { answer: Promise<Answer>; finish: () => void } {
	const payload = Buffer.from(JSON.stringify(body));
	const request = httpRequest(`${fake.baseUrl}${path}`, {
		method: 'PUT',
		headers: {
			authorization: `Bearer ${token}`,
			'content-type': 'application/json; charset=utf-8',
			'content-length': payload.length,
		},
	});
	const answer = new Promise<Answer>((resolve, reject) => {
		request.once('error', reject);
		request.once('response', (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.once('error', reject);
			response.once('end', () => {
				const json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
					code: number;
					data?: AnswerData;
				};
				resolve({
					status: response.statusCode ?? 0,
					code: json.code,
					data: json.data ?? ({} as AnswerData),
				});
			});
		});
	});
	request.write(payload.subarray(0, 1));
	return { answer, finish: () => request.end(payload.subarray(1)) };
}

async function upload(parentType: string, parentNode: string, fileName = 'a.png'): Promise<string> {
	const form = new FormData();
	const bytes = Buffer.from('media bytes');
	for (const [name, value] of Object.entries({
		file_name: fileName,
		parent_type: parentType,
		parent_node: parentNode,
		size: String(bytes.length),
	}))
		form.append(name, value);
	form.append('file', new Blob([bytes]), fileName);
	const response = await fetch(`${fake.baseUrl}/open-apis/drive/v1/medias/upload_all`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}` },
		body: form,
	});
	const json = (await response.json()) as { code: number; data: { file_token: string } };
	expect(json.code).toBe(0);
	return json.data.file_token;
}

let docCounter = 0;
function newDocument(): string {
	docCounter++;
	const id = `doxcnFakeTest${docCounter}`;
	fake.addDocument(id);
	return id;
}
const children = (doc: string, block = doc) =>
	`/open-apis/docx/v1/documents/${doc}/blocks/${block}/children`;

describe('fake docx blocks', () => {
	test('an Image block is created empty; its token comes only from an upload into it', async () => {
		const doc = newDocument();
		const created = await api('POST', `${children(doc)}?document_revision_id=-1`, {
			children: [{ block_type: 27, image: {} }],
			index: -1,
		});
		expect(created.code).toBe(0);
		const imageId = created.data.children[0].block_id;
		expect(created.data.children[0]).toMatchObject({
			block_type: 27,
			parent_id: doc,
			image: { token: '' },
		});
		// A token uploaded elsewhere (another image block) is refused; the block's own is taken.
		const other = await api('POST', children(doc), { children: [{ block_type: 27, image: {} }] });
		const foreign = await upload('docx_image', other.data.children[0].block_id);
		expect(
			(
				await api('PATCH', `/open-apis/docx/v1/documents/${doc}/blocks/${imageId}`, {
					replace_image: { token: foreign },
				})
			).code,
		).toBe(1770013);
		const own = await upload('docx_image', imageId);
		expect(
			(
				await api('PATCH', `/open-apis/docx/v1/documents/${doc}/blocks/${imageId}`, {
					replace_file: { token: own },
				})
			).code,
		).toBe(1770025);
		const patched = await api(
			'PATCH',
			`/open-apis/docx/v1/documents/${doc}/blocks/${imageId}?document_revision_id=-1`,
			{ replace_image: { token: own } },
		);
		expect(patched.code).toBe(0);
		expect(
			fake.document(doc)?.blocks.find((block) => block.block_id === imageId)?.image?.token,
		).toBe(own);
	});

	test('a token at creation is refused (1770013); unknown block types and bad indexes too', async () => {
		const doc = newDocument();
		expect(
			(
				await api('POST', children(doc), {
					children: [{ block_type: 27, image: { token: 'boxcnX' } }],
				})
			).code,
		).toBe(1770013);
		expect(
			(await api('POST', children(doc), { children: [{ block_type: 33, view: {} }] })).code,
		).toBe(1770029);
		expect((await api('POST', children(doc), { children: [{ block_type: 27 }] })).code).toBe(
			1770001,
		);
		expect(
			(await api('POST', children(doc), { children: [{ block_type: 27, image: {} }], index: 1 }))
				.code,
		).toBe(1770001);
		expect((await api('POST', children(doc), { children: [] })).code).toBe(1770001);
		expect(
			(
				await api('POST', `${children(doc)}?document_revision_id=99`, {
					children: [{ block_type: 27, image: {} }],
				})
			).code,
		).toBe(1770001);
		expect(
			(await api('POST', children('doxcnMissing'), { children: [{ block_type: 27, image: {} }] }))
				.status,
		).toBe(404);
		expect(fake.document(doc)?.blocks).toHaveLength(1);
	});

	test('a File block comes inside a View block; only an image block is not a parent', async () => {
		const doc = newDocument();
		const created = await api('POST', children(doc), {
			children: [{ block_type: 23, file: { token: '' } }],
		});
		const view = created.data.children[0];
		expect(view).toMatchObject({ block_type: 33, children: [expect.any(String)] });
		const fileId = view.children[0];
		const fileToken = await upload('docx_file', fileId, 'report.pdf');
		expect(
			(
				await api('PATCH', `/open-apis/docx/v1/documents/${doc}/blocks/${fileId}`, {
					replace_file: { token: fileToken },
				})
			).code,
		).toBe(0);
		expect(fake.document(doc)?.blocks.find((block) => block.block_id === fileId)?.file).toEqual({
			token: fileToken,
			name: 'report.pdf',
		});
		const image = await api('POST', children(doc), { children: [{ block_type: 27, image: {} }] });
		expect(
			(
				await api('POST', children(doc, image.data.children[0].block_id), {
					children: [{ block_type: 27, image: {} }],
				})
			).code,
		).toBe(1770028);
	});

	test('a script with `after` lets that many calls through, then answers its code', async () => {
		const doc = newDocument();
		fake.script({ endpoint: 'docx_create_children', code: 1770001, after: 2 });
		const codes: number[] = [];
		for (let index = 0; index < 4; index++)
			codes.push(
				(await api('POST', children(doc), { children: [{ block_type: 27, image: {} }] })).code,
			);
		expect(codes).toEqual([0, 0, 1770001, 0]);
	});

	test('the same client_token creates once', async () => {
		const doc = newDocument();
		const clientToken = randomUUID();
		const first = await api('POST', `${children(doc)}?client_token=${clientToken}`, {
			children: [{ block_type: 27, image: {} }],
		});
		const again = await api('POST', `${children(doc)}?client_token=${clientToken}`, {
			children: [{ block_type: 27, image: {} }],
		});
		expect(again.data.children[0].block_id).toBe(first.data.children[0].block_id);
		expect(fake.document(doc)?.blocks).toHaveLength(2);
	});

	test('batch_delete removes a range of children with their children; list pages through them', async () => {
		const doc = newDocument();
		for (let index = 0; index < 3; index++)
			await api('POST', children(doc), { children: [{ block_type: 23, file: {} }] });
		const ids = fake
			.document(doc)
			?.blocks.filter((block) => block.block_type === 33)
			.map((block) => block.block_id);
		const page1 = await api('GET', `${children(doc)}?page_size=2`);
		expect(page1.data).toMatchObject({ has_more: true, page_token: expect.any(String) });
		const page2 = await api(
			'GET',
			`${children(doc)}?page_size=2&page_token=${page1.data.page_token}`,
		);
		expect(
			[...page1.data.items, ...page2.data.items].map(
				(block: { block_id: string }) => block.block_id,
			),
		).toEqual(ids);
		expect(
			(await api('DELETE', `${children(doc)}/batch_delete`, { start_index: 1, end_index: 4 })).code,
		).toBe(1770001);
		expect(
			(await api('DELETE', `${children(doc)}/batch_delete`, { start_index: 1, end_index: 2 })).code,
		).toBe(0);
		const after = fake.document(doc)?.blocks ?? [];
		expect(after.filter((block) => block.block_type === 33).map((block) => block.block_id)).toEqual(
			[ids?.[0], ids?.[2]],
		);
		expect(after).toHaveLength(5); // page + 2 × (view + file): the deleted view took its file block along
	});

	test('more than 3 docx calls a second from one app are refused with 99991400 and recorded', async () => {
		const strict = await startFakeFeishu();
		try {
			strict.addApp('cli_limits', 'secret-limits');
			const bearer = await tenantToken('cli_limits', 'secret-limits', strict);
			const doc = 'doxcnFakeDocument0001';
			const answers = await Promise.all(
				Array.from(
					{ length: 5 },
					async () => await api('GET', children(doc), undefined, bearer, strict),
				),
			);
			expect(answers.map((answer) => answer.code).sort()).toEqual([0, 0, 0, 99991400, 99991400]);
			expect(
				answers.filter((answer) => answer.code === 99991400).map((answer) => answer.status),
			).toEqual([400, 400]);
			expect(
				strict.stats().breaches.filter((breach) => breach.endpoint === 'docx_list_children'),
			).toHaveLength(2);
		} finally {
			await strict.close();
		}
	});
});

describe('fake Base records', () => {
	const base = 'bascnFakeTestBase1';
	const record = `/open-apis/bitable/v1/apps/${base}/tables/tblT1/records/recR1`;
	beforeAll(() => {
		fake.addBase({
			appToken: base,
			tables: [
				{
					tableId: 'tblT1',
					fields: [
						{ name: 'Title', type: 1 },
						{ name: 'Files', type: 17 },
					],
					records: [{ recordId: 'recR1', fields: { Title: 'x' } }],
				},
			],
		});
		fake.addBase({ appToken: 'bascnOtherBase1', tables: [] });
	});

	test('an update is partial and takes attachments uploaded into this Base only', async () => {
		const mine = await upload('bitable_file', base, 'a.pdf');
		const theirs = await upload('bitable_file', 'bascnOtherBase1', 'b.pdf');
		expect((await api('PUT', record, { fields: { Files: [{ file_token: theirs }] } })).code).toBe(
			1254303,
		);
		expect((await api('PUT', record, { fields: { Files: ['not an object'] } })).code).toBe(1254069);
		expect((await api('PUT', record, { fields: { Nope: 'x' } })).code).toBe(1254045);
		expect((await api('PUT', record, { fields: { Title: 5 } })).code).toBe(1254060);
		const updated = await api('PUT', record, { fields: { Files: [{ file_token: mine }] } });
		expect(updated.code).toBe(0);
		expect(updated.data.record.fields).toMatchObject({
			Title: 'x',
			Files: [{ file_token: mine, name: 'a.pdf' }],
		});
		expect(fake.record(base, 'tblT1', 'recR1')).toEqual({
			Title: 'x',
			Files: [{ file_token: mine }],
		});
		expect((await api('GET', record)).data.record.fields.Files[0]).toMatchObject({
			file_token: mine,
			size: 11,
		});
	});

	test('unknown Base, table and record have their own codes; fields list by page', async () => {
		expect(
			(await api('GET', '/open-apis/bitable/v1/apps/bascnNope/tables/tblT1/records/recR1')).code,
		).toBe(1254040);
		expect(
			(await api('GET', `/open-apis/bitable/v1/apps/${base}/tables/tblNope/records/recR1`)).code,
		).toBe(1254041);
		expect(
			(await api('GET', `/open-apis/bitable/v1/apps/${base}/tables/tblT1/records/recNope`)).code,
		).toBe(1254043);
		const first = await api(
			'GET',
			`/open-apis/bitable/v1/apps/${base}/tables/tblT1/fields?page_size=1`,
		);
		const second = await api(
			'GET',
			`/open-apis/bitable/v1/apps/${base}/tables/tblT1/fields?page_size=1&page_token=${first.data.page_token}`,
		);
		expect(
			[...first.data.items, ...second.data.items].map(
				(field: { field_name: string; type: number }) => [field.field_name, field.type],
			),
		).toEqual([
			['Title', 1],
			['Files', 17],
		]);
		expect(second.data.has_more).toBe(false);
	});

	test('two writes to one table at once: the second is refused with 1254291', async () => {
		// The first write is held open, its body not yet sent, so the two overlap however busy the
		// machine is; a read, answered after the fake has taken the first write in, orders them.
		const first = heldWrite(record, { fields: { Title: 'a' } });
		expect((await api('GET', record)).code).toBe(0);
		const second = await api('PUT', record, { fields: { Title: 'b' } });
		first.finish();
		expect([(await first.answer).code, second.code]).toEqual([0, 1254291]);
		expect(fake.record(base, 'tblT1', 'recR1')).toMatchObject({ Title: 'a' });
	});

	test('a request without a valid token is refused before anything else', async () => {
		expect((await api('GET', record, undefined, 'not-a-token')).code).toBe(99991671);
	});
});
