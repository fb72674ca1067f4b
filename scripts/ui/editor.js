'use strict';

// What a user does in n8n's editor, as Playwright actions. Selectors are n8n's own data-test-id
// attributes (the ones n8n's Playwright tests use), checked against the editor of n8n 1.123.

const UI_TIMEOUT_MS = 30_000;

/** The dropdown list an n8n select opened last (Element Plus renders it outside the component). */
function openDropdown(page) {
	return page.locator('.el-select-dropdown:visible').last();
}

async function signIn(page, baseUrl, { email, password }) {
	await page.goto(`${baseUrl}/signin`);
	await page.locator('input[name=emailOrLdapLoginId]').fill(email);
	await page.locator('input[name=password]').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: UI_TIMEOUT_MS });
}

async function openNewWorkflow(page, baseUrl) {
	await page.goto(`${baseUrl}/workflow/new`);
	await page.getByTestId('canvas-wrapper').waitFor({ timeout: UI_TIMEOUT_MS });
}

async function openWorkflow(page, baseUrl, id) {
	await page.goto(`${baseUrl}/workflow/${id}`);
	await page.getByTestId('canvas-node').first().waitFor({ timeout: UI_TIMEOUT_MS });
}

/** Opens the nodes panel and types the search; resolves the matching items' names. */
async function searchNodesPanel(page, text) {
	await page.getByTestId('node-creator-plus-button').click();
	await page.getByTestId('node-creator-search-bar').fill(text);
	const names = page.getByTestId('node-creator').getByTestId('node-creator-item-name');
	// The list shows the triggers until the search has filtered it: wait for a match (or none).
	await names
		.filter({ hasText: new RegExp(escapeRegExp(text), 'i') })
		.first()
		.waitFor({ timeout: UI_TIMEOUT_MS })
		.catch(() => {});
	return (await names.allInnerTexts()).map((name) => name.trim());
}

/** Whether the icon next to a nodes-panel item has loaded (an <img> with pixels, or an inline <svg>). */
async function nodesPanelIconLoaded(page, itemName) {
	const item = page
		.getByTestId('node-creator')
		.getByTestId('item-iterator-item')
		.filter({ hasText: itemName })
		.first();
	return await item.evaluate((element) => {
		const img = element.querySelector('img');
		if (img) return img.complete && img.naturalWidth > 0;
		return Boolean(element.querySelector('svg'));
	});
}

async function clickNodesPanelItem(page, name) {
	await page
		.getByTestId('node-creator')
		.getByTestId('node-creator-item-name')
		.filter({ hasText: new RegExp(`^${name}$`) })
		.click();
}

async function nodesPanelItemNames(page) {
	return (
		await page.getByTestId('node-creator').getByTestId('node-creator-item-name').allInnerTexts()
	).map((name) => name.trim());
}

/** The node details view's parameter panel. */
function parametersPanel(page) {
	return page.getByTestId('node-parameters');
}

/** Names of the parameters the panel shows now (n8n keeps hidden ones out of the DOM or invisible). */
async function visibleParameters(page) {
	const ids = await parametersPanel(page)
		.locator('[data-test-id$="-parameter-input-options-container"]:visible')
		.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-test-id')));
	return ids.map((id) => id.replace(/-parameter-input-options-container$/, ''));
}

/** Opens an options parameter's dropdown; resolves [{ name, description }] as listed. */
async function openOptions(page, parameterName) {
	await parametersPanel(page).getByTestId(`parameter-input-${parameterName}`).click();
	const items = openDropdown(page).getByTestId('parameter-input-item');
	await items.first().waitFor({ timeout: UI_TIMEOUT_MS });
	return await items.evaluateAll((elements) =>
		elements.map((element) => ({
			name: (element.querySelector('.option-headline') || element).textContent.trim(),
			description: (
				element.querySelector('.option-description') || { textContent: '' }
			).textContent.trim(),
		})),
	);
}

async function pickOpenOption(page, name) {
	await openDropdown(page)
		.getByTestId('parameter-input-item')
		.filter({
			has: page.locator('.option-headline', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }),
		})
		.click();
}

/** Opens the "Add option" list of a collection; resolves the names offered. */
async function openAddOption(page) {
	await parametersPanel(page).locator('input[placeholder="Add option"]').click();
	const items = openDropdown(page).getByTestId('collection-parameter-option');
	await items.first().waitFor({ timeout: UI_TIMEOUT_MS });
	return (await items.allInnerTexts()).map((name) => name.trim());
}

async function pickAddOption(page, name) {
	await openDropdown(page)
		.getByTestId('collection-parameter-option')
		.filter({ hasText: new RegExp(`^${escapeRegExp(name)}$`) })
		.click();
}

/** The help text n8n shows when the pointer rests on a parameter's "?" icon. */
async function parameterHelp(page, parameterName) {
	// An open dropdown would be taken for the tooltip. Escape only then: with nothing open it closes the node.
	if (await page.locator('.el-select-dropdown:visible').count()) {
		await page.keyboard.press('Escape');
		await page
			.locator('.el-select-dropdown:visible')
			.first()
			.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
	}
	const label = parametersPanel(page).locator(`label[for="${parameterName}"]`).first();
	await label.hover();
	await label.locator('[data-icon="circle-help"]').hover();
	// n8n 1 renders it as an Element Plus popper, n8n 2 as a Reka UI popper.
	const tooltip = page
		.locator('.el-popper:visible, [data-reka-popper-content-wrapper]:visible')
		.filter({ hasText: /\S/ })
		.last();
	await tooltip.waitFor({ timeout: UI_TIMEOUT_MS });
	return (await tooltip.innerText()).trim();
}

function credentialModal(page) {
	return page.getByTestId('editCredential-modal');
}

/** The credential dialog's visible box (header, menu, connection fields), for a picture. */
function credentialDialog(page) {
	return page
		.locator('.el-dialog:visible')
		.filter({ has: page.getByTestId('credential-edit-dialog') })
		.first();
}

/** Names on the cards of the Credentials page; [] when none shows within the timeout. */
async function credentialsPageNames(page, baseUrl) {
	await page.goto(`${baseUrl}/home/credentials`);
	const cards = page.getByTestId('resources-list-item');
	const listed = await cards
		.first()
		.waitFor({ timeout: UI_TIMEOUT_MS })
		.then(
			() => true,
			() => false,
		);
	return listed ? (await cards.allInnerTexts()).map((text) => text.split('\n')[0].trim()) : [];
}

/** From the open node: Credential to connect with → Create new credential. */
async function openNewCredentialFromNode(page) {
	await page.getByTestId('node-credentials-select').click();
	await page.getByTestId('node-credentials-select-item-new').click();
	await credentialModal(page)
		.getByTestId('parameter-input-appId')
		.waitFor({ timeout: UI_TIMEOUT_MS });
}

async function fillCredentialField(page, name, value) {
	await credentialModal(page).getByTestId(`parameter-input-${name}`).locator('input').fill(value);
}

async function chooseCredentialOption(page, name, optionText) {
	await credentialModal(page).getByTestId(`parameter-input-${name}`).click();
	await openDropdown(page)
		.locator('.el-select-dropdown__item')
		.filter({ hasText: optionText })
		.click();
}

/**
 * Save: n8n saves the credential and runs its test. Resolves { answer, shown }: the test's REST
 * answer ({ status, message }) and what the dialog's banner shows, details opened.
 */
async function saveAndTestCredential(page) {
	const modal = credentialModal(page);
	const answer = page.waitForResponse(
		(response) => response.url().includes('/rest/credentials/test'),
		{ timeout: 60_000 },
	);
	await modal.getByTestId('credential-save-button').click();
	const body = await (await answer).json();
	const banner = modal
		.locator(
			'.el-tag--danger:visible, [data-test-id="credentials-config-container-test-success"]:visible',
		)
		.first();
	// n8n 2 closes the dialog after a passing test: then there is no banner to read (shown: null).
	const closed = modal.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS }).then(() => 'closed');
	const outcome = await Promise.race([
		banner.waitFor({ timeout: UI_TIMEOUT_MS }).then(() => 'banner'),
		closed,
	]);
	if (outcome === 'closed') return { answer: body.data, shown: null };
	const details = modal.getByText('More details');
	if (await details.isVisible()) await details.click();
	// The banner re-renders with the details; read it once it holds the message.
	if (body.data && body.data.message && body.data.status !== 'OK') {
		await modal
			.getByText(body.data.message.slice(0, 40), { exact: false })
			.first()
			.waitFor({ timeout: 5000 })
			.catch(() => {});
	}
	return { answer: body.data, shown: (await banner.innerText()).replace(/\s+/g, ' ').trim() };
}

async function closeCredentialModal(page) {
	await credentialModal(page)
		.locator('.el-dialog__headerbtn, [aria-label="Close this dialog"]')
		.first()
		.click();
	await credentialModal(page).waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
}

/** Execute workflow, then wait until n8n says how it went. */
async function executeWorkflow(page) {
	const started = page.waitForResponse(
		(response) => /\/rest\/workflows\/[^/]+\/run/.test(response.url()),
		{ timeout: 60_000 },
	);
	await page.getByTestId('execute-workflow-button').click();
	await started;
	await page
		.getByText(/Workflow executed successfully|Problem in node|Workflow execution had issues/)
		.first()
		.waitFor({ timeout: 120_000 });
}

async function openNode(page, name) {
	await page.getByTestId('canvas-node').filter({ hasText: name }).first().dblclick();
	await page.getByTestId('output-panel').waitFor({ timeout: UI_TIMEOUT_MS });
}

function outputPanel(page) {
	return page.getByTestId('output-panel');
}

/** The output panel in JSON mode, optionally on one branch tab ("Success Branch", "Error Branch"); resolves its text. */
async function outputJsonText(page, branch) {
	const panel = outputPanel(page);
	if (branch) await panel.getByTestId('branches').getByText(branch).click();
	const json = panel.getByTestId('radio-button-json');
	// No data to show (the node failed): say what the panel shows instead of timing out on a click.
	if (
		!(await json.waitFor({ timeout: 10_000 }).then(
			() => true,
			() => false,
		))
	) {
		throw new Error(
			`the output panel shows no items: ${(await panel.innerText()).replace(/\s+/g, ' ').slice(0, 300)}`,
		);
	}
	await json.click();
	const data = panel.getByTestId('ndv-data-container');
	await data.waitFor({ timeout: UI_TIMEOUT_MS });
	// The JSON view fills in after its container appears (seen empty once on n8n 1.123): wait for text.
	await page.waitForFunction(
		(element) => element.innerText.trim().length > 0,
		await data.elementHandle(),
		{
			timeout: UI_TIMEOUT_MS,
		},
	);
	return (await data.innerText()).replace(/\s+/g, ' ').trim();
}

async function branchLabels(page) {
	return (await outputPanel(page).getByTestId('branches').innerText()).replace(/\s+/g, ' ').trim();
}

/** The credential the open node uses, as its select shows it. */
async function nodeCredentialName(page) {
	return await page
		.getByTestId('node-credentials-select')
		.evaluate(
			(element) => (element.querySelector('input') || {}).value || element.textContent.trim(),
		);
}

function escapeRegExp(text) {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

module.exports = {
	UI_TIMEOUT_MS,
	signIn,
	openNewWorkflow,
	openWorkflow,
	searchNodesPanel,
	nodesPanelIconLoaded,
	clickNodesPanelItem,
	nodesPanelItemNames,
	parametersPanel,
	visibleParameters,
	openOptions,
	pickOpenOption,
	openAddOption,
	pickAddOption,
	parameterHelp,
	openDropdown,
	credentialModal,
	credentialDialog,
	credentialsPageNames,
	openNewCredentialFromNode,
	fillCredentialField,
	chooseCredentialOption,
	saveAndTestCredential,
	closeCredentialModal,
	executeWorkflow,
	openNode,
	outputPanel,
	outputJsonText,
	branchLabels,
	nodeCredentialName,
};
