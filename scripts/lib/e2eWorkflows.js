'use strict';

// Workflows only the e2e checks run: variants of the examples (error output, many files to
// cancel) and the HTTP Request node using the Feishu Media credential against the fake.

const { prepareExample, UPLOAD_NODE, RESULT_NODE } = require('./workflows');
const build = require('./workflowBuilder');

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

const node = build.nodeMaker('6a1d2c3e-00e3');

/**
 * Uploads the sample image with Feishu Media, then n8n's own HTTP Request node downloads it
 * again with the same credential as a predefined credential type (its preAuthentication fetches
 * the tenant token, its authenticate sends it), and the Crypto node hashes what came back.
 */
function httpRequestWithCredential(filesDir, feishuBaseUrl) {
	const nodes = [
		build.manualTrigger(node),
		build.readFiles(node, 2, 'Read image from disk', `${filesDir}/sample-image.png`),
		build.uploadNode(node, 3, UPLOAD_NODE, {
			parentType: 'docx_image',
			parentNode: build.IMAGE_BLOCK,
		}),
		node(
			4,
			DOWNLOAD_NODE,
			'n8n-nodes-base.httpRequest',
			4.2,
			{
				method: 'GET',
				url: `=${feishuBaseUrl}/open-apis/drive/v1/medias/{{ $json.file_token }}/download`,
				authentication: 'predefinedCredentialType',
				nodeCredentialType: 'feishuMediaApi',
				options: { response: { response: { responseFormat: 'file', outputPropertyName: 'data' } } },
			},
			{ credentials: build.appCredentials() },
		),
		node(5, HASH_NODE, 'n8n-nodes-base.crypto', 1, {
			action: 'hash',
			type: 'SHA256',
			binaryData: true,
			binaryPropertyName: 'data',
			dataPropertyName: 'sha256',
			encoding: 'hex',
		}),
	];
	return {
		...build.rowWorkflow(
			'feishuE2eHttpRequestCred',
			'e2e: HTTP Request node with the Feishu Media credential',
			nodes,
		),
		pinData: {},
	};
}

/** Every batch sample file (30) into one docx file block: long enough to be stopped midway. */
function manyUploads(filesDir) {
	const nodes = [
		build.manualTrigger(node),
		build.readFiles(node, 2, 'Read batch from disk', `${filesDir}/batch/*`),
		build.uploadNode(node, 3, UPLOAD_NODE),
	];
	return {
		...build.rowWorkflow('feishuE2eManyUploads', 'e2e: 30 uploads, to be stopped', nodes),
		pinData: {},
	};
}

module.exports = {
	errorOutputVariant,
	httpRequestWithCredential,
	manyUploads,
	TRIGGER: build.TRIGGER,
	FAILED_NODE,
	DOWNLOAD_NODE,
	HASH_NODE,
};
