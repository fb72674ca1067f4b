'use strict';

// Issue 10 in real n8n: Feishu Media's Import as Document and Get Import Result, run with
// `n8n execute` against the fake Feishu server and checked against the documents it keeps.
// Included by the per-version test files, beside suite.js.

const { openSession } = require('../../scripts/lib/session');
const { IMPORT_NODE, RESULT_NODE, CREDENTIAL_REF } = require('../../scripts/lib/workflows');
const { readState, selectedMajors, recordMetric } = require('./state');

const FEISHU_MEDIA = 'n8n-nodes-feishu-media.feishuMedia';
const TYPE_BY_EXTENSION = {
	docx: 'docx',
	md: 'docx',
	txt: 'docx',
	html: 'docx',
	xlsx: 'sheet',
	csv: 'sheet',
};
const SEGMENT_BY_TYPE = { docx: 'docx', sheet: 'sheets' };

/** One file imported with Max Wait 0 (so it hands back the ticket), then Get Import Result on that ticket. */
function resumeByTicket(filesDir) {
	const node = (index, name, type, parameters, extra = {}) => ({
		id: `6a1d2c3e-00e7-4a5b-8c9d-0000000000${String(index).padStart(2, '0')}`,
		name,
		type,
		typeVersion: 1,
		position: [220 * index, 0],
		parameters,
		...extra,
	});
	const credentials = { feishuMediaApi: { ...CREDENTIAL_REF } };
	const nodes = [
		node(1, 'Start', 'n8n-nodes-base.manualTrigger', {}),
		node(2, 'Read file', 'n8n-nodes-base.readWriteFile', {
			operation: 'read',
			fileSelector: `${filesDir}/imports/01-report.docx`,
			options: {},
		}),
		node(
			3,
			'Import, no waiting',
			FEISHU_MEDIA,
			{
				operation: 'importAsDocument',
				binaryPropertyName: 'data',
				importType: 'docx',
				folderToken: '',
				options: { maxWait: 0 },
			},
			{ credentials, onError: 'continueRegularOutput' },
		),
		node(
			4,
			'Get Import Result',
			FEISHU_MEDIA,
			{
				operation: 'getImportResult',
				ticket: '={{ $json.ticket }}',
				options: { fileName: '={{ $json.file_name }}', maxWait: 60 },
			},
			{ credentials },
		),
	];
	const connections = {};
	for (let i = 0; i + 1 < nodes.length; i++)
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return {
		id: 'feishuE2eImportResume',
		name: 'e2e: import handed back by ticket, then picked up',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes,
		connections,
	};
}

function describeImports(major) {
	const enabled = selectedMajors().includes(major);
	(enabled ? describe : describe.skip)(`n8n ${major}.x: Feishu Media Import as Document`, () => {
		let install;
		let session;
		let workflows;

		beforeAll(async () => {
			const state = readState();
			install = state.installs[major];
			session = await openSession({ install, tarball: state.tarball });
			workflows = { resume: resumeByTicket(session.instance.filesDir) };
			Object.assign(
				workflows,
				await session.importExamples(['importAsDocument'], [workflows.resume]),
			);
		});

		afterAll(async () => {
			if (session) await session.close();
		});

		test('10 files (docx, md, txt, html, xlsx, csv) imported: 9 documents, the damaged .docx a clear error item with its ticket, 0 limit breaches', async () => {
			const result = await session.execute(workflows.importAsDocument, { measureRss: true });
			const imported = result.output(IMPORT_NODE);
			const shown = result.output(RESULT_NODE);
			expect(imported).toHaveLength(10);
			const documents = session.fake.imports().documents;
			const jobs = session.fake.imports().jobs;
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
					url: `${session.fake.baseUrl}/${SEGMENT_BY_TYPE[type]}/${document.token}`,
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
			const creates = result.fake.requests.filter((request) => request.endpoint === 'import_tasks');
			expect(creates.map((request) => request.code)).toEqual(Array(10).fill(0));
			expect(result.fake.breaches).toEqual([]);
			recordMetric({
				n8n: install.version,
				workflow: '10 files imported as documents',
				executeMs: result.ms,
				peakRssBytes: result.peakRssBytes,
				note: '9 done, 1 damaged file as an error item, 0 limit breaches',
			});
		});

		test('Max Wait 0 hands back the ticket; Get Import Result on it outputs the document', async () => {
			session.fake.planImports({ slowMs: 1500 });
			const before = session.fake.imports().documents.length;
			const result = await session.execute(workflows.resume);
			const [pending] = result.output('Import, no waiting');
			expect(pending.json).toMatchObject({
				ticket: expect.stringMatching(/^\d{19}$/),
				job_status: expect.any(Number),
				file_name: '01-report',
			});
			expect(pending.json.error).toMatch(/still (queued|processing)/);
			const [done] = result.output('Get Import Result');
			const documents = session.fake.imports().documents;
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
	});
}

module.exports = { describeImports };
