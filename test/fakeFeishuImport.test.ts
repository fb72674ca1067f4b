// The fake Feishu's import tasks on their own, over raw HTTP: job states, every create rule, the
// limits, plans and the admin routes. The node's use of them is in importAsDocument.test.ts.
import { DEFAULT_IMPORT_FOLDERS } from '../fake-feishu';
import { newApp } from '../scripts/lib/harness/fake';
import { runFeishuMedia, type TestCredentials } from '../scripts/lib/harness/runNode';
import { fakeForFile } from './support/fakeForFile';

// Wide phases, so a loaded machine still sees each state when the test expects it.
const fake = fakeForFile({ imports: { queuedMs: 600, processingMs: 600 } });

const ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]);
/** The extra of a file staged for import as a docx. */
const DOCX = { obj_type: 'docx', file_extension: 'docx' };

async function tokenOf(credentials: TestCredentials): Promise<string> {
	const response = await fetch(`${fake.baseUrl}/open-apis/auth/v3/tenant_access_token/internal`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ app_id: credentials.appId, app_secret: credentials.appSecret }),
	});
	return ((await response.json()) as { tenant_access_token: string }).tenant_access_token;
}

/** A new app and its tenant_access_token. */
async function signedIn(): Promise<{ credentials: TestCredentials; token: string }> {
	const credentials = newApp(fake);
	return { credentials, token: await tokenOf(credentials) };
}

/** Stages a file the way Feishu's guide says (parent_type ccm_import_open), through the node's Upload. */
async function stage(
	credentials: TestCredentials,
	content: Buffer,
	fileName: string,
	extra: Record<string, string>,
	parentType = 'ccm_import_open',
): Promise<string> {
	const { output } = await runFeishuMedia({
		credentials,
		items: [{ binary: { data: { content, fileName } } }],
		parameters: {
			operation: 'upload',
			parentType,
			parentNode: parentType === 'ccm_import_open' ? '' : 'doxcnImageBlock0001',
			options: { extra: JSON.stringify(extra) },
		},
	});
	return output[0].json.file_token as string;
}

interface Answer {
	status: number;
	code: number;
	data?: { ticket?: string; result?: Record<string, unknown> };
}

async function create(
	token: string,
	body: unknown,
	contentType = 'application/json; charset=utf-8',
): Promise<Answer> {
	const response = await fetch(`${fake.baseUrl}/open-apis/drive/v1/import_tasks`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	return { status: response.status, ...((await response.json()) as { code: number }) };
}

async function get(token: string, ticket: string): Promise<Answer> {
	const response = await fetch(`${fake.baseUrl}/open-apis/drive/v1/import_tasks/${ticket}`, {
		headers: { authorization: `Bearer ${token}` },
	});
	return { status: response.status, ...((await response.json()) as { code: number }) };
}

const task = (fileToken: string, overrides: Record<string, unknown> = {}) => ({
	file_extension: 'docx',
	file_token: fileToken,
	type: 'docx',
	file_name: 'Report',
	point: { mount_type: 1, mount_key: '' },
	...overrides,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('fake Feishu import tasks', () => {
	test('a job is queued (1), then processing (2), then done (0) with a token and url; the document is kept', async () => {
		const { credentials, token } = await signedIn();
		const fileToken = await stage(credentials, ZIP, 'report.docx', DOCX);
		const created = await create(
			token,
			task(fileToken, { point: { mount_type: 1, mount_key: DEFAULT_IMPORT_FOLDERS[0] } }),
		);
		expect(created).toMatchObject({
			status: 200,
			code: 0,
			data: { ticket: expect.stringMatching(/^\d{19}$/) },
		});
		const ticket = created.data!.ticket!;
		expect((await get(token, ticket)).data!.result).toEqual({
			ticket,
			type: 'docx',
			job_status: 1,
			job_error_msg: '',
		});
		await sleep(700);
		expect((await get(token, ticket)).data!.result!.job_status).toBe(2);
		await sleep(600);
		const done = (await get(token, ticket)).data!.result!;
		expect(done).toEqual({
			ticket,
			type: 'docx',
			job_status: 0,
			job_error_msg: 'success',
			token: expect.stringMatching(/^doxcn\w{22}$/),
			url: `${fake.baseUrl}/docx/${done.token}`,
			extra: [],
		});
		// Polled again: the same document, not a second one.
		expect((await get(token, ticket)).data!.result).toEqual(done);
		const documents = fake
			.imports()
			.documents.filter((document) => document.appId === credentials.appId);
		expect(documents).toEqual([
			expect.objectContaining({
				token: done.token,
				title: 'Report',
				type: 'docx',
				folderToken: DEFAULT_IMPORT_FOLDERS[0],
				ticket,
				sourceFileToken: fileToken,
			}),
		]);
	});

	test('create rules: each broken field gets its Feishu code', async () => {
		const { credentials, token } = await signedIn();
		const docx = await stage(credentials, ZIP, 'a.docx', DOCX);
		const media = await stage(credentials, ZIP, 'b.png', {}, 'docx_image');
		const cases: Array<[string, unknown, number]> = [
			['not JSON', 'file_token=x', 1069904],
			['type outside docx|sheet|bitable', task(docx, { type: 'doc' }), 1069904],
			['mount_type not 1', task(docx, { point: { mount_type: 2, mount_key: '' } }), 1069904],
			['no point', task(docx, { point: undefined }), 1069904],
			['a file token over 27 characters', task(`${docx}x`), 1069904],
			['an extension the type does not import', task(docx, { file_extension: 'pdf' }), 1069904],
			['an unknown file token', task('boxcnUnknownUnknownUnknown0'), 1069907],
			['a file not staged for import', task(media, { file_extension: 'docx' }), 1069914],
			['an extension other than the staged one', task(docx, { file_extension: 'md' }), 1069910],
			[
				'a type other than the staged one',
				task(docx, { type: 'sheet', file_extension: 'docx' }),
				1069904,
			],
			[
				'an unknown folder',
				task(docx, { point: { mount_type: 1, mount_key: 'fldcnNoSuchFolder' } }),
				1069908,
			],
		];
		for (const [what, body, code] of cases) {
			const answer = await create(token, body);
			expect({ what, code: answer.code }).toEqual({ what, code });
		}
		const xlsx = await stage(credentials, ZIP, 'c.xlsx', {
			obj_type: 'sheet',
			file_extension: 'xlsx',
		});
		expect(
			(await create(token, task(xlsx, { file_extension: 'xlsx', type: 'bitable' }))).code,
		).toBe(1069911);
		// Used once, the staged file is gone (Feishu deletes it after the import).
		expect((await create(token, task(docx))).code).toBe(0);
		expect(await create(token, task(docx))).toMatchObject({ status: 404, code: 1069907 });
		// Another app cannot import this app's staged file.
		const other = newApp(fake);
		const otherFile = await stage(other, ZIP, 'd.docx', DOCX);
		expect((await create(token, task(otherFile))).code).toBe(1069914);
	});

	test('a staged file past its 5 minutes is refused (1069913)', async () => {
		const { credentials, token } = await signedIn();
		const fileToken = await stage(credentials, ZIP, 'late.docx', DOCX);
		fake.expireImportStaging();
		expect(await create(token, task(fileToken))).toMatchObject({ status: 400, code: 1069913 });
	});

	test('the bytes decide: a .docx that is no ZIP ends in 129, a text file as docx is done', async () => {
		const { credentials, token } = await signedIn();
		const broken = await stage(credentials, Buffer.from('plain text'), 'x.docx', DOCX);
		const text = await stage(credentials, Buffer.from('plain text'), 'x.txt', {
			obj_type: 'docx',
			file_extension: 'txt',
		});
		const tickets = [
			(await create(token, task(broken))).data!.ticket!,
			(await create(token, task(text, { file_extension: 'txt' }))).data!.ticket!,
		];
		await sleep(1300);
		const [first, second] = [
			(await get(token, tickets[0])).data!.result!,
			(await get(token, tickets[1])).data!.result!,
		];
		expect(first).toEqual({
			ticket: tickets[0],
			type: 'docx',
			job_status: 129,
			job_error_msg: 'file format damaged',
		});
		expect(second.job_status).toBe(0);
	});

	test('plans make the next jobs slow or fail, also over the admin route', async () => {
		const { credentials, token } = await signedIn();
		const planned = await fetch(`${fake.baseUrl}/__fake/import-plan`, {
			method: 'POST',
			body: JSON.stringify({ jobStatus: 115, times: 1, slowMs: 1000 }),
		});
		expect(planned.status).toBe(200);
		const files = [
			await stage(credentials, ZIP, 'a.docx', DOCX),
			await stage(credentials, ZIP, 'b.docx', DOCX),
		];
		const tickets = [
			(await create(token, task(files[0]))).data!.ticket!,
			(await create(token, task(files[1]))).data!.ticket!,
		];
		await sleep(1400);
		// The second job is not planned: already done; the first is still processing (1 s slower).
		expect((await get(token, tickets[0])).data!.result!.job_status).toBe(2);
		expect((await get(token, tickets[1])).data!.result!.job_status).toBe(0);
		await sleep(1000);
		expect((await get(token, tickets[0])).data!.result).toMatchObject({ job_status: 115 });
		const listed = (await (await fetch(`${fake.baseUrl}/__fake/imports`)).json()) as {
			jobs: Array<{ ticket: string; jobStatus: number }>;
		};
		expect(
			listed.jobs.filter((job) => tickets.includes(job.ticket)).map((job) => job.jobStatus),
		).toEqual([115, 0]);
		expect(() => fake.planImports({ jobStatus: 2 })).toThrow(/failing job_status/);
	});

	test("GET: an unknown ticket is 1069904, another app's ticket 1069902", async () => {
		const credentials = newApp(fake);
		const other = newApp(fake);
		const token = await tokenOf(credentials);
		const fileToken = await stage(credentials, ZIP, 'a.docx', DOCX);
		const { ticket } = (await create(token, task(fileToken))).data!;
		expect((await get(token, '7000000000000000000')).code).toBe(1069904);
		expect(await get(await tokenOf(other), ticket!)).toMatchObject({ status: 403, code: 1069902 });
	});

	test('limits: the 101st create in a minute and the 51st get in a second answer 1069923 and are recorded as breaches', async () => {
		const { credentials, token } = await signedIn();
		const creates = await Promise.all(Array.from({ length: 101 }, () => create(token, 'x')));
		expect(creates.filter((answer) => answer.code === 1069923)).toHaveLength(1);
		expect(creates.filter((answer) => answer.code === 1069904)).toHaveLength(100);
		const gets = await Promise.all(
			Array.from({ length: 51 }, () => get(token, '7000000000000000000')),
		);
		expect(gets.filter((answer) => answer.code === 1069923)).toEqual([
			expect.objectContaining({ status: 429 }),
		]);
		const breaches = fake.stats().breaches.filter((breach) => breach.appId === credentials.appId);
		expect(breaches.map((breach) => [breach.endpoint, breach.reason, breach.enforced])).toEqual([
			['import_tasks', '100/60000ms', true],
			['import_task_get', '50/1000ms', true],
		]);
	});

	test('reset forgets jobs and documents; folders can be added', async () => {
		const { credentials, token } = await signedIn();
		fake.addImportFolder('fldcnAddedForTest');
		const fileToken = await stage(credentials, ZIP, 'a.docx', DOCX);
		expect(
			(
				await create(
					token,
					task(fileToken, { point: { mount_type: 1, mount_key: 'fldcnAddedForTest' } }),
				)
			).code,
		).toBe(0);
		expect(fake.imports().jobs.length).toBeGreaterThan(0);
		fake.reset();
		expect(fake.imports()).toEqual({ documents: [], jobs: [] });
	});
});
