'use strict';

// Workflows of the download e2e checks (issue 11): files go up with Feishu Media's Upload and come
// back with its Download or Get Temporary Download URLs, all against the fake Feishu server.

const build = require('../../scripts/lib/workflowBuilder');

// The node names, by role: the checks read these nodes' output.
const NODE = Object.freeze({
	read: 'Read files from disk',
	upload: 'Upload to Feishu',
	download: 'Download from Feishu',
	write: 'Write download to disk',
	links: 'Temporary links',
});

const node = build.nodeMaker('6a1d2c3e-00d1');

const readAndUpload = (fileSelector) => [
	build.manualTrigger(node),
	build.readFiles(node, 2, NODE.read, fileSelector),
	build.uploadNode(node, 3, NODE.upload),
];

const writeNode = (index, filesDir, fileName) =>
	node(index, NODE.write, 'n8n-nodes-base.readWriteFile', 1, {
		operation: 'write',
		fileName: `=${filesDir}/${fileName}`,
		dataPropertyName: 'data',
		options: {},
	});

const downloadNode = (index, fileToken) =>
	build.feishuNode(node, index, NODE.download, {
		operation: 'download',
		fileToken,
		binaryPropertyName: 'data',
		options: {},
	});

/** The 30 batch files up, then each down again by its token. */
function roundTrip(filesDir) {
	return build.rowWorkflow('feishuE2eDownloadRoundTrip', 'e2e: 30 files up and down again', [
		...readAndUpload(`${filesDir}/batch/*`),
		downloadNode(4, '={{ $json.file_token }}'),
	]);
}

/** The 60 MiB file up in blocks (its token is what the download workflow is built with). */
function uploadLarge(filesDir) {
	return build.rowWorkflow(
		'feishuE2eUploadLarge',
		'e2e: 60 MiB up',
		readAndUpload(`${filesDir}/large-file.bin`),
	);
}

/** One file_token down and written to disk (run in filesystem binary mode). */
function downloadToDisk(filesDir, fileToken) {
	return build.rowWorkflow('feishuE2eDownloadLarge', 'e2e: 60 MiB down, to disk', [
		build.manualTrigger(node),
		downloadNode(2, fileToken),
		writeNode(3, filesDir, 'downloaded/{{ $json.file_name }}'),
	]);
}

/** The baseline for memory: n8n reading the same file from disk and writing it, no Feishu at all. */
function copyLarge(filesDir) {
	return build.rowWorkflow(
		'feishuE2eCopyLarge',
		'e2e baseline: 60 MiB read and written by n8n alone',
		[
			build.manualTrigger(node),
			build.readFiles(node, 2, NODE.read, `${filesDir}/large-file.bin`),
			writeNode(3, filesDir, 'copied/large-file.bin'),
		],
	);
}

/** The batch files up, then the first 12 tokens turned into temporary links. */
function temporaryLinks(filesDir) {
	return build.rowWorkflow('feishuE2eTemporaryLinks', 'e2e: 12 temporary download links', [
		...readAndUpload(`${filesDir}/batch/*`),
		node(4, 'First 12', 'n8n-nodes-base.limit', 1, { maxItems: 12 }),
		build.feishuNode(node, 5, NODE.links, {
			operation: 'getTemporaryUrls',
			fileToken: '={{ $json.file_token }}',
			options: {},
		}),
	]);
}

module.exports = {
	roundTrip,
	uploadLarge,
	downloadToDisk,
	copyLarge,
	temporaryLinks,
	NODE,
};
