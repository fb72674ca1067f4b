'use strict';

// Workflows the checks build in code rather than load from examples/: nodes in a row, each one
// feeding the next, started by hand, Feishu Media's nodes with the examples' credential.

const { CREDENTIAL_REF } = require('./workflows');

const TRIGGER = "When clicking 'Execute workflow'";
const FEISHU_MEDIA = 'n8n-nodes-feishu-media.feishuMedia';
// The fake's default docx blocks (fake-feishu/parent-nodes.json).
const FILE_BLOCK = 'doxcnFileBlock0001';
const IMAGE_BLOCK = 'doxcnImageBlock0001';

/**
 * The node maker of one family of workflows: node(index, name, type, typeVersion, parameters,
 * extra) stands at `index` along the row, its id made of `idStem` ('6a1d2c3e-00d1') and the index.
 */
function nodeMaker(idStem) {
	return (index, name, type, typeVersion, parameters, extra = {}) => ({
		id: `${idStem}-4a5b-8c9d-0000000000${String(index).padStart(2, '0')}`,
		name,
		type,
		typeVersion,
		position: [220 * index, 0],
		parameters,
		...extra,
	});
}

/** The manual trigger, first in the row. */
const manualTrigger = (node, name = TRIGGER) =>
	node(1, name, 'n8n-nodes-base.manualTrigger', 1, {});

/** n8n's Read/Write Files from Disk reading `fileSelector` (a path or a glob). */
const readFiles = (node, index, name, fileSelector) =>
	node(index, name, 'n8n-nodes-base.readWriteFile', 1, {
		operation: 'read',
		fileSelector,
		options: {},
	});

const appCredentials = () => ({ feishuMediaApi: { ...CREDENTIAL_REF } });

/** A Feishu Media node with the examples' app credential; `extra`: onError and the like. */
const feishuNode = (node, index, name, parameters, extra = {}) =>
	node(index, name, FEISHU_MEDIA, 1, parameters, { credentials: appCredentials(), ...extra });

/**
 * Feishu Media's Upload of each item's `data` into a docx block, with the app credential or,
 * given `userCredential` ({ id, name } of an OAuth2 credential), as that Feishu user.
 */
function uploadNode(
	node,
	index,
	name,
	{ parentType = 'docx_file', parentNode = FILE_BLOCK, options = {}, userCredential, onError } = {},
) {
	const asUser = userCredential ? { authentication: 'oAuth2' } : {};
	return node(
		index,
		name,
		FEISHU_MEDIA,
		1,
		{ ...asUser, operation: 'upload', binaryPropertyName: 'data', parentType, parentNode, options },
		{
			credentials: userCredential
				? { feishuMediaOAuth2Api: { ...userCredential } }
				: appCredentials(),
			...(onError ? { onError } : {}),
		},
	);
}

/** A workflow running `nodes` in a row, each one's output into the next. */
function rowWorkflow(id, name, nodes) {
	const connections = {};
	for (let i = 0; i + 1 < nodes.length; i++)
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return { id, name, active: false, settings: { executionOrder: 'v1' }, nodes, connections };
}

module.exports = {
	nodeMaker,
	manualTrigger,
	readFiles,
	feishuNode,
	uploadNode,
	appCredentials,
	rowWorkflow,
	TRIGGER,
	FILE_BLOCK,
	IMAGE_BLOCK,
};
