'use strict';

// Issue 10 in real n8n: Feishu Media's Import as Document and Get Import Result, run with
// `n8n execute` against the fake Feishu server and checked against the documents it keeps.
// Run on each n8n version by everyCheck.js.

const { IMPORT_NODE, RESULT_NODE } = require('../../scripts/lib/workflows');
const build = require('../../scripts/lib/workflowBuilder');
const { describeN8n } = require('./describeN8n');

const TYPE_BY_EXTENSION = {
	docx: 'docx',
	md: 'docx',
	txt: 'docx',
	html: 'docx',
	xlsx: 'sheet',
	csv: 'sheet',
};
const SEGMENT_BY_TYPE = { docx: 'docx', sheet: 'sheets' };

const node = build.nodeMaker('6a1d2c3e-00e7');

/** One file imported with Max Wait 0 (so it hands back the ticket), then Get Import Result on that ticket. */
function resumeByTicket(filesDir) {
	return build.rowWorkflow(
		'feishuE2eImportResume',
		'e2e: import handed back by ticket, then picked up',
		[
			build.manualTrigger(node, 'Start'),
			build.readFiles(node, 2, 'Read file', `${filesDir}/imports/01-report.docx`),
			build.feishuNode(
				node,
				3,
				'Import, no waiting',
				{
					operation: 'importAsDocument',
					binaryPropertyName: 'data',
					importType: 'docx',
					folderToken: '',
					options: { maxWait: 0 },
				},
				{ onError: 'continueRegularOutput' },
			),
			build.feishuNode(node, 4, 'Get Import Result', {
				operation: 'getImportResult',
				ticket: '={{ $json.ticket }}',
				options: { fileName: '={{ $json.file_name }}', maxWait: 60 },
			}),
		],
	);
}

function describeImports(major) {
	describeN8n(
		major,
		'Feishu Media Import as Document',
		async (session) => {
			const resume = resumeByTicket(session.instance.filesDir);
			return { resume, ...(await session.importExamples(['importAsDocument'], [resume])) };
		},
		(ctx) => {
			test('10 files (docx, md, txt, html, xlsx, csv) imported: 9 documents, the damaged .docx a clear error item with its ticket, 0 limit breaches', async () => {
				const result = await ctx.execute('importAsDocument', { measureRss: true });
				const imported = result.output(IMPORT_NODE);
				const shown = result.output(RESULT_NODE);
				expect(imported).toHaveLength(10);
				const documents = ctx.session.fake.imports().documents;
				const jobs = ctx.session.fake.imports().jobs;
				for (const [index, item] of imported.entries()) {
					const file = shown[index].json.file;
					const [, title, extension] = /^(.+)\.(\w+)$/.exec(file);
					expect(item.pairedItem).toEqual({ item: index });
					if (title === '09-broken') {
						const job = jobs.find((candidate) => candidate.fileName === title);
						expect(item.json).toEqual({
							error: `Item ${index + 1}: The file is damaged (its format is broken) (import job status 129)`,
							description: `Open the file, save it as a new file, and import that. Feishu said "file format damaged". Ticket ${job.ticket}.`,
							ticket: job.ticket,
							job_status: 129,
						});
						expect(shown[index].json).toMatchObject({ status: 'failed', ticket: job.ticket });
						continue;
					}
					const type = TYPE_BY_EXTENSION[extension];
					const document = documents.find((candidate) => candidate.token === item.json.token);
					expect(document).toMatchObject({ type, title, folderToken: '' });
					expect(item.json).toEqual({
						token: document.token,
						url: `${ctx.session.fake.baseUrl}/${SEGMENT_BY_TYPE[type]}/${document.token}`,
						type,
						ticket: document.ticket,
						file_name: title,
					});
					expect(shown[index].json).toMatchObject({ status: 'imported', type, url: document.url });
				}
				expect(documents).toHaveLength(9);
				expect(new Set(documents.map((document) => document.type))).toEqual(
					new Set(['docx', 'sheet']),
				);
				const creates = result.fake.requests.filter(
					(request) => request.endpoint === 'import_tasks',
				);
				expect(creates.map((request) => request.code)).toEqual(Array(10).fill(0));
				expect(result.fake.breaches).toEqual([]);
				ctx.recordRun(
					'10 files imported as documents',
					result,
					'9 done, 1 damaged file as an error item, 0 limit breaches',
				);
			});

			test('Max Wait 0 hands back the ticket; Get Import Result on it outputs the document', async () => {
				ctx.session.fake.planImports({ slowMs: 1500 });
				const before = ctx.session.fake.imports().documents.length;
				const result = await ctx.execute('resume');
				const [pending] = result.output('Import, no waiting');
				expect(pending.json).toMatchObject({
					ticket: expect.stringMatching(/^\d{19}$/),
					job_status: expect.any(Number),
					file_name: '01-report',
				});
				expect(pending.json.error).toMatch(/still (queued|processing)/);
				const [done] = result.output('Get Import Result');
				const documents = ctx.session.fake.imports().documents;
				expect(documents).toHaveLength(before + 1);
				const document = documents.find((candidate) => candidate.ticket === pending.json.ticket);
				// file_name travels from the failed item through the option (Feishu's result has no name).
				expect(done.json).toEqual({
					token: document.token,
					url: document.url,
					type: 'docx',
					ticket: pending.json.ticket,
					file_name: '01-report',
				});
				expect(result.fake.breaches).toEqual([]);
			});
		},
	);
}

module.exports = { describeImports };
