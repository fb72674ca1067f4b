import { createServer, request as httpRequest, type Server } from 'http';

import { newApp, requestsTo, testBytes } from '../scripts/lib/harness/fake';
import { runFeishuMedia, type TestCredentials } from '../scripts/lib/harness/runNode';

import { DEFAULT_IMPORT_FOLDERS } from '../fake-feishu';
import { runClockFaster } from './support/fastClock';
import { fakeForFile } from './support/fakeForFile';

// Import jobs, polls and Feishu's limits on a clock ten times faster (test/support/fastClock.ts);
// test/realTime.test.ts checks the polling gaps against the wall clock.
runClockFaster(10);

const fake = fakeForFile();

const ZIP_HEAD = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** Bytes the fake accepts as a .docx / .xlsx: they start like a ZIP archive. */
const officeFile = (size: number, seed: number) =>
	Buffer.concat([ZIP_HEAD, testBytes(size - 4, seed)]);
const textFile = (text: string) => Buffer.from(text, 'utf8');

interface ImportInput {
	content: Buffer;
	fileName: string;
}

async function importFiles(
	credentials: TestCredentials,
	files: ImportInput[],
	parameters: Record<string, unknown> = {},
	extra: Partial<Parameters<typeof runFeishuMedia>[0]> = {},
) {
	return await runFeishuMedia({
		credentials,
		items: files.map(({ content, fileName }) => ({ binary: { data: { content, fileName } } })),
		parameters: { operation: 'importAsDocument', ...parameters },
		...extra,
	});
}

const documentsOf = (credentials: TestCredentials) =>
	fake.imports().documents.filter((document) => document.appId === credentials.appId);
const jobsOf = (credentials: TestCredentials) =>
	fake.imports().jobs.filter((job) => job.appId === credentials.appId);

describe('importAsDocument', () => {
	test('docx, xlsx and md files become documents of the derived type; the output names each one, and the documents exist', async () => {
		const credentials = newApp(fake);
		const files = [
			{ content: officeFile(3000, 1), fileName: 'Quarterly report.docx' },
			{ content: officeFile(5000, 2), fileName: 'sales.xlsx' },
			{ content: textFile('# Notes\n\nhello\n'), fileName: 'notes.md' },
		];
		const { output } = await importFiles(credentials, files);
		const documents = documentsOf(credentials);
		expect(documents).toHaveLength(3);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const expected = [
			{ type: 'docx', title: 'Quarterly report', segment: 'docx' },
			{ type: 'sheet', title: 'sales', segment: 'sheets' },
			{ type: 'docx', title: 'notes', segment: 'docx' },
		];
		for (const [index, item] of output.entries()) {
			const document = documents.find((candidate) => candidate.token === item.json.token);
			expect(document).toBeDefined();
			expect(item.json).toEqual({
				token: document!.token,
				url: `${fake.baseUrl}/${expected[index].segment}/${document!.token}`,
				type: expected[index].type,
				ticket: document!.ticket,
				file_name: expected[index].title,
			});
			expect(document).toMatchObject({
				type: expected[index].type,
				title: expected[index].title,
				folderToken: '',
			});
			// The staged upload carried what the import needs.
			const staged = fake.files.get(document!.sourceFileToken)!;
			expect(staged.parentType).toBe('ccm_import_open');
			expect(JSON.parse(staged.extra!)).toEqual({
				obj_type: expected[index].type,
				file_extension: files[index].fileName.split('.').pop(),
			});
			expect(fake.readFile(staged.fileToken).equals(files[index].content)).toBe(true);
		}
	});

	test('Import As bitable, a folder and a File Name: the Base is made in that folder under that name', async () => {
		const credentials = newApp(fake);
		const [folder] = DEFAULT_IMPORT_FOLDERS;
		const { output } = await importFiles(
			credentials,
			[{ content: textFile('name,age\nA,1\n'), fileName: 'people.csv' }],
			{
				importType: 'bitable',
				folderToken: folder,
				options: { fileName: 'People 2026' },
			},
		);
		const [document] = documentsOf(credentials);
		expect(document).toMatchObject({ type: 'bitable', title: 'People 2026', folderToken: folder });
		expect(output[0].json).toMatchObject({
			token: document.token,
			type: 'bitable',
			file_name: 'People 2026',
			url: `${fake.baseUrl}/base/${document.token}`,
		});
	});

	test('one bad file among good ones: its item fails clearly with the ticket, the others are imported (regular output)', async () => {
		const credentials = newApp(fake);
		const files = [
			{ content: officeFile(2000, 3), fileName: 'good-1.docx' },
			{ content: textFile('this is not a Word file'), fileName: 'broken.docx' },
			{ content: textFile('a,b\n1,2\n'), fileName: 'good-2.csv' },
		];
		const { output } = await importFiles(
			credentials,
			files,
			{},
			{ onError: 'continueRegularOutput' },
		);
		expect(output).toHaveLength(3);
		expect(output[0].json.type).toBe('docx');
		expect(output[2].json.type).toBe('sheet');
		const brokenJob = jobsOf(credentials).find((job) => job.fileName === 'broken')!;
		expect(output[1].json).toEqual({
			error: 'Item 2: The file is damaged (its format is broken) (import job status 129)',
			description: `Open the file, save it as a new file, and import that. Feishu said "file format damaged". Ticket ${brokenJob.ticket}.`,
			ticket: brokenJob.ticket,
			job_status: 129,
		});
		expect(documentsOf(credentials)).toHaveLength(2);
	});

	test('under "Continue (using error output)" the ticket travels inside json.error', async () => {
		const credentials = newApp(fake);
		fake.planImports({ jobStatus: 100, jobErrorMsg: 'file encrypted' });
		const { output } = await importFiles(
			credentials,
			[{ content: officeFile(900, 4), fileName: 'secret.docx' }],
			{},
			{ onError: 'continueErrorOutput' },
		);
		const [job] = jobsOf(credentials);
		expect(output[0].json).toEqual({
			error: {
				message: 'Item 1: The file is encrypted (password-protected) (import job status 100)',
				description: `Remove the password, save the file, and import it again. Feishu said "file encrypted". Ticket ${job.ticket}.`,
				ticket: job.ticket,
				job_status: 100,
			},
		});
	});

	test.each([
		[
			115,
			/^Item 1: The file is larger than Feishu imports \(import job status 115\)$/,
			/docx and doc 600 MB; txt, md and html 20 MB; xlsx 800 MB/,
		],
		[112, /format is not supported for import/, /with content matching the extension/],
		[7000, /more blocks than Feishu allows/, /Split the file/],
		[116, /may not import into this folder/, /Share the folder with the app/],
		[
			5000,
			/Feishu failed internally while importing the file \(import job status 5000\)/,
			/Run the item again later/,
		],
		[4242, /Feishu reported import job status 4242/, /import_task\/get page/],
	])('job status %d becomes a clear error', async (jobStatus, message, description) => {
		const credentials = newApp(fake);
		fake.planImports({ jobStatus });
		const { output } = await importFiles(
			credentials,
			[{ content: textFile('x'), fileName: 'x.txt' }],
			{},
			{ onError: 'continueRegularOutput' },
		);
		expect(output[0].json.error).toMatch(message);
		expect(output[0].json.description).toMatch(description);
		expect(output[0].json.job_status).toBe(jobStatus);
	});

	test('Max Wait running out fails the item with the ticket; Get Import Result picks the job up later with the same output', async () => {
		const credentials = newApp(fake);
		fake.planImports({ slowMs: 2500 });
		const { output } = await importFiles(
			credentials,
			[{ content: officeFile(1500, 5), fileName: 'big.docx' }],
			{ options: { maxWait: 1 } },
			{ onError: 'continueRegularOutput' },
		);
		const [job] = jobsOf(credentials);
		expect(output[0].json.error).toMatch(
			new RegExp(
				`^Item 1: The import is still processing after [12] s \\(ticket ${job.ticket}\\)$`,
			),
		);
		expect(output[0].json).toMatchObject({ ticket: job.ticket, job_status: 2, file_name: 'big' });
		expect(String(output[0].json.description)).toContain(
			`Run Get Import Result with Ticket ${job.ticket} later`,
		);
		expect(documentsOf(credentials)).toHaveLength(0);

		const { output: later } = await runFeishuMedia({
			credentials,
			items: [{ json: output[0].json }],
			parameters: {
				operation: 'getImportResult',
				ticket: job.ticket,
				options: { fileName: output[0].json.file_name, maxWait: 10 },
			},
		});
		const [document] = documentsOf(credentials);
		expect(later[0].json).toEqual({
			token: document.token,
			url: document.url,
			type: 'docx',
			ticket: job.ticket,
			file_name: 'big',
		});
	});

	test('without continue on fail, a run-out Max Wait stops the node with the ticket in the error', async () => {
		const credentials = newApp(fake);
		fake.planImports({ slowMs: 2000 });
		const run = importFiles(credentials, [{ content: textFile('x'), fileName: 'x.md' }], {
			options: { maxWait: 0 },
		});
		await expect(run).rejects.toMatchObject({
			message: expect.stringMatching(/still (queued|processing)/),
			description: expect.stringMatching(/Ticket \d{19}/),
		});
	});

	test('Get Import Result: an unknown ticket and an empty one fail their own items', async () => {
		const credentials = newApp(fake);
		const tickets = ['7000000000000000001', ''];
		const { output } = await runFeishuMedia({
			credentials,
			items: tickets.map(() => ({})),
			parameters: (itemIndex) => ({ operation: 'getImportResult', ticket: tickets[itemIndex] }),
			onError: 'continueRegularOutput',
		});
		expect(output[0].json).toMatchObject({
			error: "Feishu rejected the import task's parameters (Feishu code 1069904)",
			feishu_code: 1069904,
		});
		expect(output[1].json.error).toBe('Ticket is empty');
	});

	test('checked before any request: unknown formats, a format the type cannot take, a file over its size limit, no extension', async () => {
		const credentials = newApp(fake);
		const cases = [
			{
				file: { content: textFile('zip?'), fileName: 'archive.zip' },
				importType: 'auto',
				error: 'Item 1: Feishu cannot import a .zip file',
			},
			{
				file: { content: textFile('x'), fileName: 'old.doc' },
				importType: 'sheet',
				error: 'Item 2: a .doc file cannot be imported as sheet',
			},
			{
				file: { content: Buffer.alloc(20 * 1024 * 1024 + 1, 0x61), fileName: 'huge.txt' },
				importType: 'docx',
				error:
					'Item 3: the file is 20971521 bytes; Feishu imports .txt as docx up to 20 MB (20971520 bytes)',
			},
			{
				file: { content: textFile('x'), fileName: 'README' },
				importType: 'auto',
				error: 'Item 4: the file "README" has no extension, so its format is unknown',
			},
		];
		const { output } = await runFeishuMedia({
			credentials,
			items: cases.map(({ file }) => ({ binary: { data: file } })),
			parameters: (itemIndex) => ({
				operation: 'importAsDocument',
				importType: cases[itemIndex].importType,
			}),
			onError: 'continueRegularOutput',
		});
		expect(output.map((item) => item.json.error)).toEqual(cases.map((entry) => entry.error));
		expect(output[1].json.description).toBe(
			'sheet is made from .xlsx, .xls, .csv. Pick another Import As.',
		);
		expect(requestsTo(fake, credentials.appId)).toHaveLength(0);
	});

	test("an unknown folder: Feishu's 1069908 says what to check", async () => {
		const credentials = newApp(fake);
		const { output } = await importFiles(
			credentials,
			[{ content: textFile('x'), fileName: 'x.txt' }],
			{ folderToken: 'fldcnNoSuchFolder' },
			{ onError: 'continueRegularOutput' },
		);
		expect(output[0].json).toMatchObject({
			error:
				'The target folder does not exist, or the app may not import into it (Feishu code 1069908)',
			feishu_code: 1069908,
			log_id: expect.any(String),
		});
		expect(output[0].json.description).toMatch(
			/^Check Folder Token, and share the folder with the app/,
		);
	});

	test('a missing scope on the import task names docs:document:import', async () => {
		const credentials = newApp(fake);
		fake.script({ endpoint: 'import_tasks', code: 99991672 });
		const { output } = await importFiles(
			credentials,
			[{ content: textFile('x'), fileName: 'x.txt' }],
			{},
			{ onError: 'continueRegularOutput' },
		);
		expect(output[0].json.error).toBe(
			'The app lacks the scope for import tasks (Feishu code 99991672)',
		);
		expect(output[0].json.description).toMatch(
			/add the scope docs:document:import \(or drive:drive\)/,
		);
	});

	test('Feishu\'s "too many requests" (1069923) on create and a 5xx on a poll are retried; the import completes once', async () => {
		const credentials = newApp(fake);
		fake.script({ endpoint: 'import_tasks', code: 1069923 });
		fake.script({ endpoint: 'import_task_get', code: 1069901 });
		const { output } = await importFiles(credentials, [
			{ content: textFile('x'), fileName: 'x.txt' },
		]);
		expect(output[0].json.token).toEqual(expect.any(String));
		expect(
			requestsTo(fake, credentials.appId, 'import_tasks').map((request) => request.code),
		).toEqual([1069923, 0]);
		expect(requestsTo(fake, credentials.appId, 'import_task_get')[0].code).toBe(1069901);
		expect(jobsOf(credentials)).toHaveLength(1);
	});

	test('a file over 20 MiB is staged by block upload, then imported', async () => {
		const credentials = newApp(fake);
		const content = officeFile(21 * 1024 * 1024, 6);
		const { output } = await importFiles(
			credentials,
			[{ content, fileName: 'wide.xlsx' }],
			{ importType: 'bitable' },
			{ binaryMode: 'store' },
		);
		expect(requestsTo(fake, credentials.appId, 'upload_prepare')).toHaveLength(1);
		expect(requestsTo(fake, credentials.appId, 'upload_all')).toHaveLength(0);
		const [document] = documentsOf(credentials);
		expect(output[0].json).toMatchObject({
			token: document.token,
			type: 'bitable',
			file_name: 'wide',
		});
		expect(fake.readFile(document.sourceFileToken).equals(content)).toBe(true);
	});

	test('10 imports in a row stay within the import task limit: create calls paced, no breach', async () => {
		const credentials = newApp(fake);
		const files = Array.from({ length: 10 }, (_, index) =>
			index % 2
				? { content: textFile(`a,b\n${index},x\n`), fileName: `table-${index}.csv` }
				: { content: officeFile(800 + index, index + 10), fileName: `doc-${index}.docx` },
		);
		const { output } = await importFiles(credentials, files);
		expect(output.map((item) => item.json.type)).toEqual(
			files.map((_, index) => (index % 2 ? 'sheet' : 'docx')),
		);
		expect(documentsOf(credentials)).toHaveLength(10);
		const creates = requestsTo(fake, credentials.appId, 'import_tasks');
		expect(creates).toHaveLength(10);
		expect(fake.stats().breaches.filter((breach) => breach.appId === credentials.appId)).toEqual(
			[],
		);
	});

	test('a create whose answer is lost is not sent again: the item says the document may exist (and it does)', async () => {
		// In front of the fake: passes everything on, but hangs up on the client once Feishu has
		// answered the create (the task exists, the node never hears of it).
		const proxy: Server = createServer((incoming, outgoing) => {
			const forward = httpRequest(
				`${fake.baseUrl}${incoming.url}`,
				{ method: incoming.method, headers: incoming.headers },
				(answer) => {
					if (incoming.method === 'POST' && incoming.url === '/open-apis/drive/v1/import_tasks') {
						answer.resume();
						answer.on('end', () => outgoing.socket?.destroy());
						return;
					}
					outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
					answer.pipe(outgoing);
				},
			);
			incoming.pipe(forward);
		});
		await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
		const credentials = {
			...newApp(fake),
			baseUrl: `http://127.0.0.1:${(proxy.address() as { port: number }).port}`,
		};
		const { output } = await importFiles(
			credentials,
			[{ content: textFile('x'), fileName: 'x.txt' }],
			{},
			{ onError: 'continueRegularOutput' },
		);
		proxy.closeAllConnections();
		await new Promise((resolve) => proxy.close(resolve));
		expect(output[0].json.error).toMatch(
			/^Item 1: The import task may have been created, but Feishu's answer was lost \(/,
		);
		expect(output[0].json.description).toMatch(
			/^Look in the target folder for the new document before running the item again/,
		);
		expect(requestsTo(fake, credentials.appId, 'import_tasks')).toHaveLength(1);
		expect(jobsOf(credentials)).toHaveLength(1);
	});
});
