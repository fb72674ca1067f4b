'use strict';

// Workflows of the download e2e checks (issue 11): files go up with Feishu Media's Upload and come
// back with its Download or Get Temporary Download URLs, all against the fake Feishu server.

const { CREDENTIAL_REF } = require('../../scripts/lib/workflows');

const TRIGGER = "When clicking 'Execute workflow'";
const READ_NODE = 'Read files from disk';
const UPLOAD_NODE = 'Upload to Feishu';
const DOWNLOAD_NODE = 'Download from Feishu';
const WRITE_NODE = 'Write download to disk';
const LIMIT_NODE = 'First 12';
const LINKS_NODE = 'Temporary links';
const FILE_BLOCK = 'doxcnFileBlock0001';
const FEISHU_MEDIA = 'n8n-nodes-feishu-media.feishuMedia';

function node(index, name, type, typeVersion, parameters, extra = {}) {
	return {
		id: `6a1d2c3e-00d1-4a5b-8c9d-0000000000${String(index).padStart(2, '0')}`,
		name,
		type,
		typeVersion,
		position: [220 * index, 0],
		parameters,
		...extra,
	};
}

const withCredential = { credentials: { feishuMediaApi: { ...CREDENTIAL_REF } } };

function workflow(id, name, nodes) {
	const connections = {};
	for (let i = 0; i + 1 < nodes.length; i++)
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return { id, name, active: false, settings: { executionOrder: 'v1' }, nodes, connections };
}

function readAndUpload(fileSelector, uploadOptions = {}) {
	return [
		node(1, TRIGGER, 'n8n-nodes-base.manualTrigger', 1, {}),
		node(2, READ_NODE, 'n8n-nodes-base.readWriteFile', 1, {
			operation: 'read',
			fileSelector,
			options: {},
		}),
		node(
			3,
			UPLOAD_NODE,
			FEISHU_MEDIA,
			1,
			{
				operation: 'upload',
				binaryPropertyName: 'data',
				parentType: 'docx_file',
				parentNode: FILE_BLOCK,
				options: uploadOptions,
			},
			withCredential,
		),
	];
}

const downloadNode = (index) =>
	node(
		index,
		DOWNLOAD_NODE,
		FEISHU_MEDIA,
		1,
		{
			operation: 'download',
			fileToken: '={{ $json.file_token }}',
			binaryPropertyName: 'data',
			options: {},
		},
		withCredential,
	);

/** The 30 batch files up, then each down again by its token. */
function roundTrip(filesDir) {
	return workflow('feishuE2eDownloadRoundTrip', 'e2e: 30 files up and down again', [
		...readAndUpload(`${filesDir}/batch/*`),
		downloadNode(4),
	]);
}

const writeNode = (index, filesDir, fileName) =>
	node(index, WRITE_NODE, 'n8n-nodes-base.readWriteFile', 1, {
		operation: 'write',
		fileName: `=${filesDir}/${fileName}`,
		dataPropertyName: 'data',
		options: {},
	});

/** The 60 MiB file up in blocks (its token is what the download workflow is built with). */
function uploadLarge(filesDir) {
	return workflow(
		'feishuE2eUploadLarge',
		'e2e: 60 MiB up',
		readAndUpload(`${filesDir}/large-file.bin`),
	);
}

/** One file_token down and written to disk (run in filesystem binary mode). */
function downloadToDisk(filesDir, fileToken) {
	return workflow('feishuE2eDownloadLarge', 'e2e: 60 MiB down, to disk', [
		node(1, TRIGGER, 'n8n-nodes-base.manualTrigger', 1, {}),
		node(
			2,
			DOWNLOAD_NODE,
			FEISHU_MEDIA,
			1,
			{ operation: 'download', fileToken, binaryPropertyName: 'data', options: {} },
			withCredential,
		),
		writeNode(3, filesDir, 'downloaded/{{ $json.file_name }}'),
	]);
}

/** The baseline for memory: n8n reading the same file from disk and writing it, no Feishu at all. */
function copyLarge(filesDir) {
	return workflow('feishuE2eCopyLarge', 'e2e baseline: 60 MiB read and written by n8n alone', [
		node(1, TRIGGER, 'n8n-nodes-base.manualTrigger', 1, {}),
		node(2, READ_NODE, 'n8n-nodes-base.readWriteFile', 1, {
			operation: 'read',
			fileSelector: `${filesDir}/large-file.bin`,
			options: {},
		}),
		writeNode(3, filesDir, 'copied/large-file.bin'),
	]);
}

/** The batch files up, then the first 12 tokens turned into temporary links. */
function temporaryLinks(filesDir) {
	return workflow('feishuE2eTemporaryLinks', 'e2e: 12 temporary download links', [
		...readAndUpload(`${filesDir}/batch/*`),
		node(4, LIMIT_NODE, 'n8n-nodes-base.limit', 1, { maxItems: 12 }),
		node(
			5,
			LINKS_NODE,
			FEISHU_MEDIA,
			1,
			{ operation: 'getTemporaryUrls', fileToken: '={{ $json.file_token }}', options: {} },
			withCredential,
		),
	]);
}

module.exports = {
	roundTrip,
	uploadLarge,
	downloadToDisk,
	copyLarge,
	temporaryLinks,
	READ_NODE,
	UPLOAD_NODE,
	DOWNLOAD_NODE,
	WRITE_NODE,
	LINKS_NODE,
};
