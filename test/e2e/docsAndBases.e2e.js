'use strict';

// Issue 10 in real n8n: Feishu Media's Insert into Document and Attach to Base Record, the
// example workflows run with `n8n execute` against the fake Feishu server and checked against the
// document and the record it keeps. Run on each n8n version by everyCheck.js.

const { sha256 } = require('../../scripts/lib/sampleFiles');
const { describeN8n } = require('./describeN8n');

const INSERT_NODE = 'Insert into document';
const ATTACH_NODE = 'Attach to record';
const READ_NODE = 'Read files from disk';
// What the examples point at: the fake's default document and Base.
const DOCUMENT_ID = 'doxcnFakeDocument0001';
const BASE = {
	appToken: 'bascnFakeBase0001',
	tableId: 'tblFakeTable0001',
	recordId: 'recFakeRecord0001',
	field: 'Attachments',
};
// The 6th figure's replace_image is refused: its block must be gone again afterwards.
const FAILING_ITEM = 5;

function describeDocsAndBases(major) {
	describeN8n(
		major,
		'Feishu Media inserts into documents and attaches to Base records',
		(session) => session.importExamples(['insertIntoDocument', 'attachToRecord']),
		(ctx) => {
			test('11 figures into one docx, the 6th refused by Feishu: 10 image blocks in input order, no empty block left, 0 limit breaches', async () => {
				ctx.session.fake.script({
					endpoint: 'docx_patch_block',
					code: 1770001,
					after: FAILING_ITEM,
				});
				const result = await ctx.execute('insertIntoDocument', { measureRss: true });
				const read = result.output(READ_NODE);
				const inserted = result.output(INSERT_NODE);
				expect(read).toHaveLength(11);
				expect(inserted).toHaveLength(11);
				expect(inserted[FAILING_ITEM].json).toMatchObject({
					feishu_code: 1770001,
					error: expect.stringContaining('(Feishu code 1770001)'),
				});
				const succeeded = inserted.filter((_, index) => index !== FAILING_ITEM);
				expect(succeeded.map((item) => item.json.document_id)).toEqual(Array(10).fill(DOCUMENT_ID));

				const document = ctx.session.fake.document(DOCUMENT_ID);
				const byId = new Map(document.blocks.map((block) => [block.block_id, block]));
				const children = byId.get(DOCUMENT_ID).children.map((id) => byId.get(id));
				// Every block in the document is a filled image block: the refused item's block was deleted.
				expect(document.blocks).toHaveLength(11);
				expect(children.map((block) => [block.block_type, Boolean(block.image.token)])).toEqual(
					Array(10).fill([27, true]),
				);
				expect(children.map((block) => block.block_id)).toEqual(
					succeeded.map((item) => item.json.block_id),
				);
				expect(children.map((block) => block.image.token)).toEqual(
					succeeded.map((item) => item.json.file_token),
				);
				const names = read
					.map((item) => item.json.fileName)
					.filter((_, index) => index !== FAILING_ITEM);
				children.forEach((block, position) => {
					const source = ctx.session.sampleFiles[names[position]];
					expect(sha256(ctx.session.fake.readFile(block.image.token))).toBe(source.sha256);
				});
				expect(result.fake.breaches).toEqual([]);
				const deletes = result.fake.requests.filter(
					(request) => request.endpoint === 'docx_batch_delete',
				);
				expect(deletes.map((request) => request.code)).toEqual([0]);
				ctx.recordRun('11 images into one docx, 1 refused', result);
			});

			test('10 files attached to one Base record: all 10 there, in input order, 0 limit breaches', async () => {
				const result = await ctx.execute('attachToRecord', { measureRss: true });
				const read = result.output(READ_NODE);
				const attached = result.output(ATTACH_NODE);
				expect(attached).toHaveLength(10);
				expect(attached.map((item) => item.json.attachment_count)).toEqual([
					1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
				]);
				const record = ctx.session.fake.record(BASE.appToken, BASE.tableId, BASE.recordId);
				expect(record[BASE.field].map((entry) => entry.file_token)).toEqual(
					attached.map((item) => item.json.file_token),
				);
				// The record's other fields are as they were.
				expect(record.Name).toBe('first record');
				attached.forEach((item, index) => {
					const fileName = read[index].json.fileName;
					expect(item.json).toMatchObject({
						record_id: BASE.recordId,
						field_name: BASE.field,
						file_name: fileName,
						parent_type: fileName.endsWith('.png') ? 'bitable_image' : 'bitable_file',
					});
					expect(sha256(ctx.session.fake.readFile(item.json.file_token))).toBe(
						ctx.session.sampleFiles[fileName].sha256,
					);
				});
				expect(result.fake.breaches).toEqual([]);
				ctx.recordRun('10 attachments on one Base record', result);
			});
		},
	);
}

module.exports = { describeDocsAndBases };
