'use strict';

// The three kinds of measured upload, each checked against what the fake stored.
const { curlUploadAll } = require('./curlUpload');
const { sizeLabel } = require('./format');
const { appJob, runChild } = require('./runChild');
const { sampleBytes, sha256 } = require('./sampleFile');
const { verifyStored, fileTokensOf, fakeRecord } = require('./verify');

const PARENT_TYPE = 'docx_file';

function fileNameOf(size) {
	return `bench-${sizeLabel(size).replace(' ', '')}.bin`;
}

/** A child's job against the fake: its apps and the document every measured upload goes into. */
function fakeJob(fake) {
	return {
		...appJob(fake),
		parentType: PARENT_TYPE,
		parentNode: fake.parentNodes[PARENT_TYPE][0],
	};
}

/** One file through the node's execute() in a fresh process. */
async function nodeUpload(fake, file, limiter, label) {
	await fake.reset();
	const result = await runChild(
		{ ...fakeJob(fake), file: { path: file.path, name: fileNameOf(file.size) } },
		{ limiter },
	);
	await verifyStored(fake, fileTokensOf(result.output, label), [file], label);
	return {
		wallMs: result.wallMs,
		firstUploadMs: result.firstUploadMs,
		baselineRss: result.baselineRss,
		peakRss: result.peakRss,
		mode: result.output[0].upload_mode,
		...(await fakeRecord(fake)),
	};
}

/** The same file with curl to upload_all (the file's checksum must be known). */
async function curlUpload(fake, token, file, curl, label) {
	await fake.reset();
	const result = await curlUploadAll({
		curl,
		fake,
		token,
		file,
		fileName: fileNameOf(file.size),
		parentType: PARENT_TYPE,
		parentNode: fake.parentNodes[PARENT_TYPE][0],
	});
	await verifyStored(fake, [result.fileToken], [file], label);
	return { wallMs: result.wallMs };
}

/** `count` small distinct items in one execute(), the node's limiter on. */
async function itemsUpload(fake, count, bytes) {
	await fake.reset();
	const result = await runChild({ ...fakeJob(fake), items: { count, bytes } }, { limiter: true });
	const expected = Array.from({ length: count }, (_, index) => ({
		size: bytes,
		sha256: sha256(sampleBytes(bytes, `item-${index}`)),
	}));
	await verifyStored(fake, fileTokensOf(result.output, 'small items'), expected, 'small items');
	return { wallMs: result.wallMs, ...(await fakeRecord(fake)) };
}

module.exports = { fakeJob, fileNameOf, nodeUpload, curlUpload, itemsUpload };
