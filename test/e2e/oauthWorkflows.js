'use strict';

// Workflows of the OAuth2 e2e checks (issue 12): Feishu Media uploads with Authentication "User
// (OAuth2)" and the Feishu Media OAuth2 API credential the test connected through n8n's REST API.

const build = require('../../scripts/lib/workflowBuilder');

const READ_NODE = 'Read files from disk';
const UPLOAD_NODE = 'Upload as the user';

const node = build.nodeMaker('7b2e3d4f-00d1');

/** Every file of `${filesDir}/user/` up as the user; credentialRef: { id, name } of the OAuth2 credential. */
function uploadAll(filesDir, credentialRef) {
	return build.rowWorkflow('feishuE2eOAuthUploads', 'e2e: files up as a Feishu user (OAuth2)', [
		build.manualTrigger(node),
		build.readFiles(node, 2, READ_NODE, `${filesDir}/user/*`),
		build.uploadNode(node, 3, UPLOAD_NODE, { userCredential: credentialRef }),
	]);
}

/** One file up as the user, a failure kept as an item (On Error: continue). */
function uploadOne(filesDir, credentialRef) {
	return build.rowWorkflow(
		'feishuE2eOAuthOne',
		'e2e: one file up as a Feishu user, errors as items',
		[
			build.manualTrigger(node),
			build.readFiles(node, 2, READ_NODE, `${filesDir}/user/*`),
			node(3, 'First one', 'n8n-nodes-base.limit', 1, { maxItems: 1 }),
			build.uploadNode(node, 4, UPLOAD_NODE, {
				userCredential: credentialRef,
				onError: 'continueRegularOutput',
			}),
		],
	);
}

module.exports = { uploadAll, uploadOne, UPLOAD_NODE, READ_NODE };
