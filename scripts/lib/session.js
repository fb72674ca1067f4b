'use strict';

// One throwaway n8n instance with the packed node installed, a fake Feishu server on
// loopback and the example credential imported. Shared by the demo and the e2e suite.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { repoRoot } = require('./paths');
const { log } = require('./log');
const { installCommunityPackage } = require('./communityPackage');
const {
	newInstance,
	importCredentials,
	importWorkflows,
	executeWorkflow,
	nodeOutput,
} = require('./n8nRun');
const { samples } = require('./sampleFiles');
const { EXAMPLES, prepareExample, credential, CREDENTIAL_REF } = require('./workflows');

// The fake is a product part of its own (fake-feishu/); it only ever listens on 127.0.0.1.
function loadFake() {
	return require(path.join(repoRoot, 'fake-feishu'));
}

/**
 * install: from ensureN8n(); tarball: from buildAndPack().
 * Resolves a session; always call session.close(), which stops the fake and removes the folder.
 */
async function openSession({ install, tarball, keep = false }) {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), `feishu-media-n8n${install.major}-`));
	const instance = newInstance(install, root);
	fs.mkdirSync(instance.filesDir, { recursive: true });
	let fake = null;
	// Also on Ctrl-C / a killed test run, where close() never gets its turn.
	const removeRoot = () => {
		if (!keep) fs.rmSync(root, { recursive: true, force: true });
	};
	process.on('exit', removeRoot);
	const session = {
		instance,
		root,
		get fake() {
			return fake;
		},
		sampleFiles: {},

		/**
		 * Generates the sample files of the named examples and imports them, plus any `extra`
		 * workflows, in one n8n start. Resolves { [name]: workflow }.
		 */
		async importExamples(names, extra = []) {
			for (const name of names)
				Object.assign(session.sampleFiles, samples[EXAMPLES[name].samples](instance.filesDir));
			const workflows = names.map((name) => prepareExample(name, instance.filesDir));
			const all = [...workflows, ...extra];
			log(
				`n8n ${install.version}: importing ${all.length} workflow(s): ${all.map((w) => w.name).join('; ')}`,
			);
			await importWorkflows(instance, all);
			return Object.fromEntries(names.map((name, i) => [name, workflows[i]]));
		},

		/**
		 * Executes an imported workflow. Resolves { run, ms, peakRssBytes, output(nodeName), fake },
		 * where fake holds the requests and rate-limit breaches the fake saw during this run.
		 */
		async execute(workflow, options = {}) {
			log(`n8n ${install.version}: n8n execute --id=${workflow.id} ("${workflow.name}")`);
			const before = fake.stats();
			const result = await executeWorkflow(instance, workflow.id, options);
			const after = fake.stats();
			return {
				...result,
				output: (nodeName) => nodeOutput(result.run, nodeName),
				fake: {
					requests: after.requests.slice(before.requests.length),
					breaches: after.breaches.slice(before.breaches.length),
				},
			};
		},

		async close() {
			if (fake) await fake.close();
			fake = null;
			removeRoot();
			process.off('exit', removeRoot);
		},
	};

	try {
		await installCommunityPackage(instance.userFolder, tarball);
		const { startFakeFeishu, DEFAULT_APP } = loadFake();
		// Its storage inside the session folder, so it goes with it whatever happens.
		fake = await startFakeFeishu({ storageDir: path.join(root, 'fake-feishu') });
		log(`fake Feishu server listening on ${fake.baseUrl}`);
		// The app secret is the fake's demo secret; it is passed on, never printed.
		await importCredentials(instance, [credential({ baseUrl: fake.baseUrl, ...DEFAULT_APP })]);
		log(
			`n8n ${install.version}: imported the "${CREDENTIAL_REF.name}" credential (custom base URL ${fake.baseUrl})`,
		);
		return session;
	} catch (error) {
		await session.close();
		throw error;
	}
}

module.exports = { openSession };
