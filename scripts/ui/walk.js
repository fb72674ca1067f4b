'use strict';

// The user's walk through n8n's editor with the Feishu Media node, step by step (issue 14):
// 1. nodes panel → Feishu Media; 2. Parent Type and the fields it shows; 3. the credential
// dialog's Test; 4. a run from the editor, its output and error output; 5. the Credentials page
// once the credentials were used (listed before anything ran, too).

const path = require('path');
const { repoRoot } = require('../lib/paths');
const { freePort } = require('../lib/ports');
const { sha256 } = require('../lib/sampleFiles');
const { UPLOAD_NODE, CREDENTIAL_REF } = require('../lib/workflows');
const ed = require('./editor');

const NODE_NAME = 'Feishu Media';
const UPLOAD_ACTION = 'Upload a file';
const IMPORT_STAGING = 'ccm_import_open';
const UNKNOWN_APP_ID = 'cli_ui_unknown_app_0404';
// n8n names a new credential after its type: "<display name without API> account".
const NEW_CREDENTIAL_NAME = 'Feishu Media account';

/** Parent Type's options as the built node describes them (what the editor must show). */
function builtParentTypes() {
	const file = path.join(
		repoRoot,
		'dist',
		'nodes',
		'FeishuMedia',
		'actions',
		'upload',
		'parentTypes.js',
	);
	return require(file).PARENT_TYPES;
}

async function addNode({ page, baseUrl, checks, shots }) {
	await ed.openNewWorkflow(page, baseUrl);
	const found = await ed.searchNodesPanel(page, 'Feishu');
	checks.equal('searching the nodes panel for "Feishu" finds Feishu Media', found, [NODE_NAME]);
	checks.ok('its icon is shown in the nodes panel', await ed.nodesPanelIconLoaded(page, NODE_NAME));
	await shots.step('nodes-panel-search');
	await ed.clickNodesPanelItem(page, NODE_NAME);
	await page
		.getByTestId('node-creator')
		.getByText(UPLOAD_ACTION)
		.first()
		.waitFor({ timeout: ed.UI_TIMEOUT_MS });
	const actions = await ed.nodesPanelItemNames(page);
	checks.ok(
		`its actions list "${UPLOAD_ACTION}"`,
		actions.includes(UPLOAD_ACTION),
		`listed: ${actions.join(', ')}`,
	);
	await ed.clickNodesPanelItem(page, UPLOAD_ACTION);
	await ed.parametersPanel(page).waitFor({ timeout: ed.UI_TIMEOUT_MS });
	const title = (await page.getByTestId('node-title-container').innerText()).trim();
	checks.equal('the node opens with its parameters', title, NODE_NAME);
	const shown = await ed.visibleParameters(page);
	checks.ok(
		'Upload shows Input Binary Field, Parent Type, Parent Node and Drive Route Token',
		['binaryPropertyName', 'parentType', 'parentNode', 'driveRouteToken'].every((name) =>
			shown.includes(name),
		),
		`shown: ${shown.join(', ')}`,
	);
	await shots.step('node-added');
}

async function parentType({ page, checks, shots }) {
	const expected = builtParentTypes();
	const listed = await ed.openOptions(page, 'parentType');
	checks.equal('Parent Type lists 9 options', listed.length, 9);
	checks.equal(
		"Parent Type lists the node's options with their descriptions, in order",
		listed,
		expected.map(({ name, description }) => ({ name, description })),
	);
	await shots.step('parent-type-dropdown');
	await shots.readme('parentType', [
		page.getByTestId('tab-params'),
		page.getByTestId('parentType-parameter-input-options-container'),
		ed.openDropdown(page),
	]);

	const staging = expected.find((type) => type.value === IMPORT_STAGING);
	await ed.pickOpenOption(page, staging.name);
	await page
		.getByTestId('parameter-input-parentNode')
		.waitFor({ state: 'detached', timeout: ed.UI_TIMEOUT_MS })
		.catch(() => {});
	const shown = await ed.visibleParameters(page);
	checks.ok(
		`with ${staging.name} (${IMPORT_STAGING}) Parent Node is gone`,
		!shown.includes('parentNode'),
		`shown: ${shown.join(', ')}`,
	);
	checks.ok(
		`with ${staging.name} Drive Route Token is gone`,
		!shown.includes('driveRouteToken'),
		`shown: ${shown.join(', ')}`,
	);
	checks.ok(
		`with ${staging.name} Input Binary Field stays`,
		shown.includes('binaryPropertyName'),
		`shown: ${shown.join(', ')}`,
	);
	checks.contains(
		`${staging.name}'s description says Extra gives obj_type and file_extension`,
		staging.description,
		'obj_type and file_extension',
	);
	const offered = await ed.openAddOption(page);
	checks.ok('Add option offers Extra', offered.includes('Extra'), `offered: ${offered.join(', ')}`);
	await ed.pickAddOption(page, 'Extra');
	checks.ok('the Extra field appears', (await ed.visibleParameters(page)).includes('extra'));
	const help = await ed.parameterHelp(page, 'extra');
	checks.contains(
		"Extra's help shows the import fields",
		help,
		'{"obj_type":"sheet","file_extension":"xlsx"}',
	);
	await shots.step('import-staging-fields');
}

/** Step 3: the same new credential saved four times; each save runs n8n's Test. */
async function credentialTest({ page, checks, shots, fake }) {
	await page.mouse.move(1, 1); // the help tooltip goes with the pointer
	await ed.openNewCredentialFromNode(page);
	await ed.chooseCredentialOption(page, 'platform', 'Custom Base URL');
	await ed.fillCredentialField(page, 'baseUrl', fake.baseUrl);
	await ed.fillCredentialField(page, 'appId', fake.app.appId);
	await ed.fillCredentialField(page, 'appSecret', `${fake.app.appSecret}-wrong`);

	const expectations = [
		{
			what: 'a wrong App Secret',
			text: 'The App Secret is wrong for this App ID (Feishu code 10014)',
		},
		{
			what: 'an unknown App ID',
			text: `Feishu does not know the App ID "${UNKNOWN_APP_ID}"`,
			change: () => ed.fillCredentialField(page, 'appId', UNKNOWN_APP_ID),
		},
		{
			what: 'an unreachable host',
			change: async (state) => {
				await ed.fillCredentialField(page, 'appId', fake.app.appId);
				// A port that was just free: nothing listens there, so the connection is refused.
				state.closedUrl = `http://127.0.0.1:${await freePort()}`;
				await ed.fillCredentialField(page, 'baseUrl', state.closedUrl);
			},
			text: (state) => `Cannot reach ${state.closedUrl}: connection refused`,
		},
	];
	const state = {};
	const seen = [];
	for (const expectation of expectations) {
		if (expectation.change) await expectation.change(state);
		const { answer, shown } = await ed.saveAndTestCredential(page);
		const text =
			typeof expectation.text === 'function' ? expectation.text(state) : expectation.text;
		process.stdout.write(`     n8n showed for ${expectation.what}: ${shown}\n`);
		checks.equal(
			`Test with ${expectation.what}: n8n reports an error`,
			answer && answer.status,
			'Error',
		);
		checks.contains(`Test with ${expectation.what}: the dialog shows "${text}…"`, shown, text);
		checks.contains(
			`Test with ${expectation.what}: the dialog shows the whole message`,
			shown,
			answer && answer.message,
		);
		seen.push(shown);
		if (expectation === expectations[0])
			await shots.readme('credentialTest', [ed.credentialDialog(page)]);
		await shots.step(`credential-test-${seen.length}`);
	}
	checks.equal('the three mistakes show three different messages', new Set(seen).size, 3);

	await ed.fillCredentialField(page, 'baseUrl', fake.baseUrl);
	await ed.fillCredentialField(page, 'appSecret', fake.app.appSecret);
	const { answer, shown } = await ed.saveAndTestCredential(page);
	checks.equal('Test with the right secret: n8n reports OK', answer && answer.status, 'OK');
	if (shown === null) {
		// n8n 2 closes the dialog once the test passes; the node then uses the new credential.
		const selected = await ed.nodeCredentialName(page);
		checks.contains(
			'Test with the right secret: the dialog closes and the node uses the new credential',
			selected,
			NEW_CREDENTIAL_NAME,
		);
	} else {
		checks.contains(
			'Test with the right secret: the dialog says so',
			shown,
			'Connection tested successfully',
		);
	}
	const pageText = await page.locator('body').innerText();
	checks.ok('the App Secret is nowhere in the page text', !pageText.includes(fake.app.appSecret));
	await shots.step('credential-test-ok');
	if (shown !== null) await ed.closeCredentialModal(page);
}

/** The open node's parameters down to Parent Node, beside the output panel down to `lastLine`. */
function ndvPictureParts(page, lastLine) {
	return [
		page.getByTestId('tab-params'),
		page.getByTestId('parameter-input-parentNode'),
		ed.outputPanel(page).getByTestId('run-data-pane-header'),
		ed.outputPanel(page).getByText(lastLine).last(),
	];
}

/** Step 4: the image example run from the editor; the file_token in the output; the bytes at the fake. */
async function runFromEditor({ page, baseUrl, checks, shots, session, workflows }) {
	await ed.openWorkflow(page, baseUrl, workflows.image.id);
	await ed.executeWorkflow(page);
	await shots.step('image-workflow-ran');
	await ed.openNode(page, UPLOAD_NODE);
	const text = await ed.outputJsonText(page);
	const match = /"file_token": "([^"]+)"/.exec(text);
	checks.ok('the output panel shows a file_token', match, text.slice(0, 300));
	checks.contains('the output panel shows the file name', text, '"file_name": "sample-image.png"');
	await shots.step('output-file-token');
	await shots.readme('outputFileToken', ndvPictureParts(page, /upload_mode/));
	if (!match) return;
	const source = session.sampleFiles['sample-image.png'];
	const stored = session.fake.files.get(match[1]);
	checks.ok('the fake Feishu holds a file under that file_token', stored);
	if (stored)
		checks.equal(
			'it holds exactly the bytes of sample-image.png',
			sha256(session.fake.readFile(match[1])),
			source.sha256,
		);
}

/** Step 4, on error: "On Error → Continue (using error output)", one item with an unknown parent node. */
async function errorOutput({ page, baseUrl, checks, shots, workflows }) {
	await ed.openWorkflow(page, baseUrl, workflows.errorOutput.id);
	await ed.executeWorkflow(page);
	await ed.openNode(page, UPLOAD_NODE);
	const branches = await ed.branchLabels(page);
	checks.contains(
		'the Success Branch has the two uploaded items',
		branches,
		'Success Branch (2 items)',
	);
	checks.contains('the Error Branch has the failed item', branches, 'Error Branch (1 item)');
	const failed = await ed.outputJsonText(page, 'Error Branch');
	process.stdout.write(`     the Error Branch shows: ${failed}\n`);
	checks.contains(
		"the failed item says what went wrong, with Feishu's code",
		failed,
		'The parent node does not exist (Feishu code 1061044)',
	);
	await shots.step('error-output');
	// n8n 2 shows the item's description, code and log id too; n8n 1 only the message.
	await shots.readme('errorOutput', ndvPictureParts(page, /log_id|1061044/));
}

/** Before anything ran: the Credentials page lists the imported credential. */
async function credentialsBefore({ page, baseUrl, checks, shots }) {
	const names = await ed.credentialsPageNames(page, baseUrl);
	checks.equal('the Credentials page lists the imported credential', names, [CREDENTIAL_REF.name]);
	await shots.step('credentials-page-before');
}

/** Step 5: after the Test and the runs, n8n's Credentials page still lists both Feishu credentials. */
async function credentialsAfter({ page, baseUrl, checks, shots }) {
	const names = await ed.credentialsPageNames(page, baseUrl);
	checks.equal(
		'the Credentials page still lists both credentials once they were used',
		[...names].sort(),
		[CREDENTIAL_REF.name, NEW_CREDENTIAL_NAME].sort(),
	);
	await shots.step('credentials-page-after');
}

module.exports = {
	credentialsBefore,
	addNode,
	parentType,
	credentialTest,
	runFromEditor,
	errorOutput,
	credentialsAfter,
};
