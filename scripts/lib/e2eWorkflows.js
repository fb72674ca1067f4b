'use strict';

// Workflows only the e2e checks run: variants of the examples (error output, many files to
// cancel) and the HTTP Request node using the Feishu Media credential against the fake.

const { prepareExample, CREDENTIAL_REF, UPLOAD_NODE, RESULT_NODE } = require('./workflows');

const CREDENTIAL_TYPE = 'feishuMediaApi';
const TRIGGER = "When clicking 'Execute workflow'";
const FAILED_NODE = 'Failed uploads';
const DOWNLOAD_NODE = 'Download with the Feishu Media credential';
const HASH_NODE = 'Hash the download';

/** examples/upload-continue-on-fail.json with On Error → Continue (using error output). */
function errorOutputVariant(filesDir) {
	const workflow = prepareExample('continueOnFail', filesDir);
	const upload = workflow.nodes.find((node) => node.name === UPLOAD_NODE);
	upload.onError = 'continueErrorOutput';
	workflow.nodes.push({
		id: '6a1d2c3e-00e2-4a5b-8c9d-000000000001',
		name: FAILED_NODE,
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [1100, 200],
		parameters: {},
	});
	workflow.connections[UPLOAD_NODE] = {
		main: [
			[{ node: RESULT_NODE, type: 'main', index: 0 }],
			[{ node: FAILED_NODE, type: 'main', index: 0 }],
		],
	};
	return {
		...workflow,
		id: 'feishuE2eErrorOutput',
		name: 'e2e: failed uploads leave by the error output',
	};
}

function node(suffix, name, type, typeVersion, parameters, extra = {}) {
	return {
		id: `6a1d2c3e-00e3-4a5b-8c9d-0000000000${suffix}`,
		name,
		type,
		typeVersion,
		position: [220 * Number(suffix), 0],
		parameters,
		...extra,
	};
}

function chain(names) {
	const connections = {};
	for (let i = 0; i + 1 < names.length; i++)
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	return connections;
}

/**
 * Uploads the sample image with Feishu Media, then n8n's own HTTP Request node downloads it
 * again with the same credential as a predefined credential type (its preAuthentication fetches
 * the tenant token, its authenticate sends it), and the Crypto node hashes what came back.
 */
function httpRequestWithCredential(filesDir, feishuBaseUrl) {
	const credentials = { [CREDENTIAL_TYPE]: { ...CREDENTIAL_REF } };
	const nodes = [
		node('01', TRIGGER, 'n8n-nodes-base.manualTrigger', 1, {}),
		node('02', 'Read image from disk', 'n8n-nodes-base.readWriteFile', 1, {
			operation: 'read',
			fileSelector: `${filesDir}/sample-image.png`,
			options: {},
		}),
		node(
			'03',
			UPLOAD_NODE,
			'n8n-nodes-feishu-media.feishuMedia',
			1,
			{
				operation: 'upload',
				binaryPropertyName: 'data',
				parentType: 'docx_image',
				parentNode: 'doxcnImageBlock0001',
				options: {},
			},
			{ credentials },
		),
		node(
			'04',
			DOWNLOAD_NODE,
			'n8n-nodes-base.httpRequest',
			4.2,
			{
				method: 'GET',
				url: `=${feishuBaseUrl}/open-apis/drive/v1/medias/{{ $json.file_token }}/download`,
				authentication: 'predefinedCredentialType',
				nodeCredentialType: CREDENTIAL_TYPE,
				options: { response: { response: { responseFormat: 'file', outputPropertyName: 'data' } } },
			},
			{ credentials },
		),
		node('05', HASH_NODE, 'n8n-nodes-base.crypto', 1, {
			action: 'hash',
			type: 'SHA256',
			binaryData: true,
			binaryPropertyName: 'data',
			dataPropertyName: 'sha256',
			encoding: 'hex',
		}),
	];
	return {
		id: 'feishuE2eHttpRequestCred',
		name: 'e2e: HTTP Request node with the Feishu Media credential',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes,
		connections: chain(nodes.map((n) => n.name)),
		pinData: {},
	};
}

/** Every batch sample file (30) into one docx file block: long enough to be stopped midway. */
function manyUploads(filesDir) {
	const credentials = { [CREDENTIAL_TYPE]: { ...CREDENTIAL_REF } };
	const nodes = [
		node('01', TRIGGER, 'n8n-nodes-base.manualTrigger', 1, {}),
		node('02', 'Read batch from disk', 'n8n-nodes-base.readWriteFile', 1, {
			operation: 'read',
			fileSelector: `${filesDir}/batch/*`,
			options: {},
		}),
		node(
			'03',
			UPLOAD_NODE,
			'n8n-nodes-feishu-media.feishuMedia',
			1,
			{
				operation: 'upload',
				binaryPropertyName: 'data',
				parentType: 'docx_file',
				parentNode: 'doxcnFileBlock0001',
				options: {},
			},
			{ credentials },
		),
	];
	return {
		id: 'feishuE2eManyUploads',
		name: 'e2e: 30 uploads, to be stopped',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes,
		connections: chain(nodes.map((n) => n.name)),
		pinData: {},
	};
}

module.exports = {
	errorOutputVariant,
	httpRequestWithCredential,
	manyUploads,
	TRIGGER,
	FAILED_NODE,
	DOWNLOAD_NODE,
	HASH_NODE,
};
