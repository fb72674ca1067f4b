#!/usr/bin/env node
'use strict';

// npm run test:ui [-- --update-screenshots] [-- --n8n 1,2] [-- --results FILE]
// The packed node in a real n8n (`n8n start`, fake Feishu behind it), used through n8n's editor in
// headless Chromium as a user would (walk.js). Prints each check and ends with "N passed, N failed";
// --results writes the counts in jest's --json field names, for scripts/ci-summary.js.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { ensureN8n } = require('../lib/n8nInstall');
const { buildAndPack } = require('../lib/packPackage');
const { openSession } = require('../lib/session');
const { startN8nServer } = require('../lib/n8nServer');
const { log } = require('../lib/log');
const { errorOutputVariant } = require('../lib/e2eWorkflows');
const { DEFAULT_APP } = require('../../fake-feishu');
const { launchBrowser, ensureChromium } = require('./browser');
const { createChecks } = require('./checks');
const { watchPage } = require('./pageWatch');
const { createShots, checkReadmeImages, STEP_DIR } = require('./screenshots');
const { signIn } = require('./editor');
const walk = require('./walk');

function parseArgs(argv) {
	const args = {
		updateScreenshots: false,
		majors: process.env.FEISHU_UI_N8N || '1,2',
		results: null,
	};
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--update-screenshots') args.updateScreenshots = true;
		else if (argv[i] === '--n8n') args.majors = argv[++i] || '';
		else if (argv[i] === '--results') args.results = argv[++i];
		else
			throw new Error(
				`unknown argument ${argv[i]} (known: --update-screenshots, --n8n 1,2, --results FILE)`,
			);
	}
	args.majors = args.majors.split(',').map((text) => Number(text.trim()));
	if (!args.majors.length || args.majors.some((major) => major !== 1 && major !== 2))
		throw new Error('--n8n / FEISHU_UI_N8N must list 1 and/or 2');
	return args;
}

/** One n8n version: instance, server, browser; the walk; everything closed whatever happens. */
async function walkOneN8n({ major, tarball, checks, updateReadme }) {
	const install = await ensureN8n(major);
	checks.setPrefix(`n8n ${install.version}: `);
	const session = await openSession({ install, tarball });
	let server = null;
	let browser = null;
	try {
		const errorWorkflow = errorOutputVariant(session.instance.filesDir);
		// continueOnFail: its photos are what the error-output variant reads.
		const imported = await session.importExamples(['image', 'continueOnFail'], [errorWorkflow]);
		const workflows = { image: imported.image, errorOutput: errorWorkflow };
		server = await startN8nServer(session.instance);
		const owner = await server.setupOwnerAndLogin();
		browser = await launchBrowser();
		const page = browser.context.pages()[0] || (await browser.context.newPage());
		const watch = watchPage(page, server.baseUrl);
		const shots = createShots(page, { label: `n8n-${install.version}`, updateReadme });
		const context = {
			page,
			baseUrl: server.baseUrl,
			checks,
			shots,
			session,
			workflows,
			fake: { baseUrl: session.fake.baseUrl, app: DEFAULT_APP },
		};
		log(
			`n8n ${install.version}: the editor in Chromium, screenshots in ${path.relative(process.cwd(), shots.dir)}`,
		);
		checks.onStepFailure((name) =>
			shots.step(`FAILED-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`),
		);
		await checks.step('sign in as the owner set up through the REST API', async () => {
			await signIn(page, server.baseUrl, owner);
			checks.ok(
				'the editor opens after signing in',
				!new URL(page.url()).pathname.startsWith('/signin'),
			);
		});
		await checks.step('the Credentials page before anything ran', () =>
			walk.credentialsBefore(context),
		);
		await checks.step('1. new workflow, nodes panel, add Feishu Media', () =>
			walk.addNode(context),
		);
		await checks.step('2. Parent Type: options, descriptions, fields per type', () =>
			walk.parentType(context),
		);
		await checks.step('3. credential dialog: Test with three mistakes, then the right secret', () =>
			walk.credentialTest(context),
		);
		await checks.step(
			'4. run from the editor: file_token in the output panel, bytes at the fake',
			() => walk.runFromEditor(context),
		);
		await checks.step('4. error output: the failed item leaves by the Error Branch', () =>
			walk.errorOutput(context),
		);
		await checks.step('5. the Credentials page after the credentials were used', () =>
			walk.credentialsAfter(context),
		);

		process.stdout.write(`\n--- n8n ${install.version}: what the page reported\n`);
		for (const line of watch.otherErrors)
			process.stdout.write(
				`     not judged (n8n's own or an outside host): ${line.slice(0, 200)}\n`,
			);
		checks.ok(
			'no console error from this package',
			watch.packageErrors.length === 0,
			watch.packageErrors.join('\n'),
		);
		checks.ok(
			"no 5xx answer of n8n's REST API",
			watch.serverErrors.length === 0,
			watch.serverErrors.join('\n'),
		);
	} finally {
		if (browser) await browser.close();
		if (server) await server.close();
		await session.close();
		checks.setPrefix('');
	}
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const checks = createChecks();
	const t0 = Date.now();
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'feishu-media-ui-'));
	try {
		await ensureChromium();
		const tarball = await buildAndPack(packDir);
		for (const [index, major] of args.majors.entries()) {
			// The README pictures come from the last n8n walked: 2.x, n8n's current line, by default.
			const updateReadme = args.updateScreenshots && index === args.majors.length - 1;
			await walkOneN8n({ major, tarball, checks, updateReadme }).catch((error) => {
				checks.ok(`n8n ${major}.x: the walk could run`, false, error.stack);
			});
		}
	} catch (error) {
		checks.ok('the UI test could start (chromium, build, pack)', false, error.stack);
	} finally {
		fs.rmSync(packDir, { recursive: true, force: true });
	}
	process.stdout.write('\n--- the README pictures\n');
	checkReadmeImages(checks);

	const { passed, failed } = checks.counts();
	log(`UI test done in ${Math.round((Date.now() - t0) / 1000)}s; step screenshots in ${STEP_DIR}`);
	if (args.results) {
		fs.writeFileSync(
			args.results,
			JSON.stringify({
				numPassedTests: passed,
				numFailedTests: failed,
				numRuntimeErrorTestSuites: 0,
			}),
		);
	}
	process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
	process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
}

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`${error.stack}\n`);
		process.stdout.write('0 passed, 1 failed\n');
		process.exitCode = 1;
	});
}

// For a one-off walk with another tarball (e.g. to try a fix before it is committed).
module.exports = { walkOneN8n };
