'use strict';

// Workflows of the OAuth2 e2e checks (issue 12): Feishu Media uploads with Authentication "User
// (OAuth2)" and the Feishu Media OAuth2 API credential the test connected through n8n's REST API.

const TRIGGER = "When clicking 'Execute workflow'";
const READ_NODE = 'Read files from disk';
const LIMIT_NODE = 'First one';
const UPLOAD_NODE = 'Upload as the user';
const FILE_BLOCK = 'doxcnFileBlock0001';
const FEISHU_MEDIA = 'n8n-nodes-feishu-media.feishuMedia';

function node(index, name, type, typeVersion, parameters, extra = {}) {
	return {
		id: `7b2e3d4f-00d1-4a5b-8c9d-0000000000${String(index).padStart(2, '0')}`,
		name,
		type,
		typeVersion,
		position: [220 * index, 0],
		parameters,
		...extra,
	};
}

function workflow(id, name, nodes) {
	const connections = {};
	for (let i = 0; i + 1 < nodes.length; i++)
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return { id, name, active: false, settings: { executionOrder: 'v1' }, nodes, connections };
}

/** credentialRef: { id, name } of the OAuth2 credential. onError: the node's setting, if any. */
function uploadNode(index, credentialRef, onError) {
	return node(
		index,
		UPLOAD_NODE,
		FEISHU_MEDIA,
		1,
		{
			authentication: 'oAuth2',
			operation: 'upload',
			binaryPropertyName: 'data',
			parentType: 'docx_file',
			parentNode: FILE_BLOCK,
			options: {},
		},
		{
			credentials: { feishuMediaOAuth2Api: { ...credentialRef } },
			...(onError ? { onError } : {}),
		},
	);
}

/** Every file of `${filesDir}/user/` up as the user. */
function uploadAll(filesDir, credentialRef) {
	return workflow('feishuE2eOAuthUploads', 'e2e: files up as a Feishu user (OAuth2)', [
		node(1, TRIGGER, 'n8n-nodes-base.manualTrigger', 1, {}),
		node(2, READ_NODE, 'n8n-nodes-base.readWriteFile', 1, {
			operation: 'read',
			fileSelector: `${filesDir}/user/*`,
			options: {},
		}),
		uploadNode(3, credentialRef),
	]);
}

/** One file up as the user, a failure kept as an item (On Error: continue). */
function uploadOne(filesDir, credentialRef) {
	return workflow('feishuE2eOAuthOne', 'e2e: one file up as a Feishu user, errors as items', [
		node(1, TRIGGER, 'n8n-nodes-base.manualTrigger', 1, {}),
		node(2, READ_NODE, 'n8n-nodes-base.readWriteFile', 1, {
			operation: 'read',
			fileSelector: `${filesDir}/user/*`,
			options: {},
		}),
		node(3, LIMIT_NODE, 'n8n-nodes-base.limit', 1, { maxItems: 1 }),
		uploadNode(4, credentialRef, 'continueRegularOutput'),
	]);
}

module.exports = { uploadAll, uploadOne, UPLOAD_NODE, READ_NODE };
