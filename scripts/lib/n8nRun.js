'use strict';

// Runs the n8n CLI headless against a throwaway user folder: import credentials and
// workflows, execute a workflow, and hand back its run data.

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { run } = require('./proc');

const RSS_PROBE = path.join(__dirname, 'rssProbe.js');

/**
 * Environment for one throwaway n8n instance: quiet, offline, confined to its own folders.
 * binaryMode: 'default' (memory) or 'filesystem'.
 */
function n8nEnv(instance, { binaryMode = 'default' } = {}) {
	const env = { ...process.env };
	// A stray value from the caller's shell must not point n8n at a real instance or database.
	// Jest's own variables are dropped for the same reason as NODE_ENV below.
	for (const key of Object.keys(env)) if (/^(N8N_|DB_|JEST_)/.test(key)) delete env[key];
	return {
		...env,
		N8N_USER_FOLDER: instance.userFolder,
		N8N_ENCRYPTION_KEY: instance.encryptionKey,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_ENABLED: 'true',
		// Read/Write Files from Disk may only touch the folder with the generated sample files.
		N8N_RESTRICT_FILE_ACCESS_TO: instance.filesDir,
		N8N_DEFAULT_BINARY_DATA_MODE: binaryMode,
		// `execute --rawOutput` prints the run JSON through n8n's logger at level info, so
		// logging must stay on the console; parseRunOutput() skips any other lines.
		N8N_LOG_OUTPUT: 'console',
		N8N_LOG_LEVEL: 'info',
		// Under jest NODE_ENV is "test", and n8n then refuses to load nodes ("Not available in tests").
		NODE_ENV: 'production',
	};
}

/** A fresh instance description; nothing is created on disk here. */
function newInstance(install, rootDir) {
	return {
		install,
		rootDir,
		userFolder: path.join(rootDir, 'user'),
		filesDir: path.join(rootDir, 'files'),
		encryptionKey: crypto.randomBytes(24).toString('hex'),
	};
}

function cli(instance, args, { binaryMode, measureRss = false, timeoutMs = 15 * 60_000 } = {}) {
	const { install } = instance;
	const env = n8nEnv(instance, { binaryMode });
	const nodeArgs = [];
	let rssFile = null;
	if (measureRss) {
		rssFile = path.join(instance.rootDir, `rss-${Date.now()}.txt`);
		env.FEISHU_MEDIA_RSS_FILE = rssFile;
		nodeArgs.push('--require', RSS_PROBE);
	}
	return run(install.nodeBin, [...nodeArgs, install.n8nBin, ...args], {
		cwd: instance.rootDir,
		env,
		timeoutMs,
		allowFailure: true,
	}).then((result) => {
		if (rssFile && fs.existsSync(rssFile)) result.peakRssBytes = Number(fs.readFileSync(rssFile, 'utf8'));
		return result;
	});
}

function failure(instance, what, result) {
	// Last lines, each cut short: a run JSON can hold megabytes of base64 on one line.
	const tail = (text) =>
		text
			.trim()
			.split('\n')
			.slice(-40)
			.map((line) => (line.length > 300 ? `${line.slice(0, 300)}... (${line.length} chars)` : line))
			.join('\n');
	return new Error(
		`n8n ${instance.install.version}: ${what} failed (exit ${result.signal || result.code})\n` +
			`--- stdout (last lines) ---\n${tail(result.stdout)}\n--- stderr (last lines) ---\n${tail(result.stderr)}`,
	);
}

async function importJson(instance, kind, name, data) {
	const file = path.join(instance.rootDir, `${name}.json`);
	fs.writeFileSync(file, JSON.stringify(data, null, 2));
	const result = await cli(instance, [`import:${kind}`, `--input=${file}`]);
	if (result.code !== 0) throw failure(instance, `import:${kind} ${name}`, result);
	return result;
}

/** credentials: [{ id, name, type, data }]; data is stored encrypted by n8n on import. */
function importCredentials(instance, credentials) {
	return importJson(instance, 'credentials', 'credentials', credentials);
}

/** workflows: array of workflow objects, each with an id. One n8n start for all of them. */
function importWorkflows(instance, workflows) {
	return importJson(instance, 'workflow', 'workflows', workflows);
}

// The run JSON is pretty-printed: it starts with a line "{" and ends with a line "}".
// Log lines around it (a node's warning, n8n's shutdown notes) are skipped.
function parseRunOutput(stdout) {
	const start = stdout.search(/^\{$/m);
	if (start < 0) return null;
	const closing = /^\}$/gm;
	closing.lastIndex = start;
	for (let match = closing.exec(stdout); match; match = closing.exec(stdout)) {
		try {
			return JSON.parse(stdout.slice(start, match.index + 1));
		} catch {
			/* a nested "}" line: keep looking */
		}
	}
	return null;
}

/**
 * `n8n execute --id=<id> --rawOutput`. Resolves { run, ms, peakRssBytes }, where run is n8n's
 * IRun (run.data.resultData.runData[nodeName][0].data.main[0] holds a node's output items).
 */
async function executeWorkflow(instance, workflowId, options = {}) {
	const result = await cli(instance, ['execute', `--id=${workflowId}`, '--rawOutput'], options);
	const parsed = parseRunOutput(result.stdout);
	if (result.code !== 0 || !parsed) throw failure(instance, `execute --id=${workflowId}`, result);
	return { run: parsed, ms: result.ms, peakRssBytes: result.peakRssBytes };
}

/** The items a node produced on its first output in the first run. */
function nodeOutput(runResult, nodeName) {
	const runs = runResult.data.resultData.runData[nodeName];
	if (!runs) {
		const ran = Object.keys(runResult.data.resultData.runData).join(', ');
		throw new Error(`Node "${nodeName}" did not run (nodes that ran: ${ran})`);
	}
	const first = runs[0];
	if (first.error) throw new Error(`Node "${nodeName}" failed: ${first.error.message}`);
	return (first.data && first.data.main && first.data.main[0]) || [];
}

module.exports = { newInstance, cli, importCredentials, importWorkflows, executeWorkflow, nodeOutput, parseRunOutput };
