'use strict';

// Runs the n8n CLI headless against a throwaway user folder: import credentials and
// workflows, execute a workflow, and hand back its run data.

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { run } = require('./proc');
const { log } = require('./log');
const { n8nPorts, PORT_IN_USE } = require('./ports');

const RSS_PROBE = path.join(__dirname, 'rssProbe.js');

/**
 * Environment for one throwaway n8n instance: quiet, offline, confined to its own folders.
 * binaryMode: 'default' (memory) or 'filesystem'; ports: from n8nPorts() (ports.js), so this
 * n8n does not collide with another one on the machine.
 */
function n8nEnv(instance, { binaryMode = 'default', ports = {}, extraEnv = {} } = {}) {
	const env = { ...process.env };
	// A stray value from the caller's shell must not point n8n at a real instance or database.
	// Jest's own variables are dropped for the same reason as NODE_ENV below. The port
	// variables come back through `ports`, which keeps a user's explicit setting.
	for (const key of Object.keys(env)) if (/^(N8N_|DB_|JEST_)/.test(key)) delete env[key];
	return withExtraEnv(
		{
			...env,
			...ports,
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
		},
		extraEnv,
	);
}

/** extraEnv wins over everything above (e.g. HTTP_PROXY for one run); an undefined value removes the variable. */
function withExtraEnv(env, extraEnv) {
	for (const [key, value] of Object.entries(extraEnv)) {
		if (value === undefined) delete env[key];
		else env[key] = value;
	}
	return env;
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

// A port we picked can still be taken between picking it and n8n binding it (by any process
// that asks the OS for a port). n8n then exits before doing anything, so starting it again on
// fresh ports is safe.
const PORT_ATTEMPTS = 3;

/** The port variable whose port n8n found taken, if we picked that port (never a user's). */
function clashedPort(result, { ports, chosen }) {
	const match = PORT_IN_USE.exec(`${result.stdout}\n${result.stderr}`);
	return match && result.code !== 0 ? chosen.find((name) => ports[name] === match[1]) : undefined;
}

async function cli(
	instance,
	args,
	{ binaryMode, extraEnv, measureRss = false, timeoutMs = 15 * 60_000 } = {},
) {
	const { install } = instance;
	for (let attempt = 1; ; attempt++) {
		const picked = await n8nPorts();
		const env = n8nEnv(instance, { binaryMode, ports: picked.ports, extraEnv });
		const nodeArgs = [];
		let rssFile = null;
		if (measureRss) {
			rssFile = path.join(instance.rootDir, `rss-${Date.now()}.txt`);
			env.FEISHU_MEDIA_RSS_FILE = rssFile;
			nodeArgs.push('--require', RSS_PROBE);
		}
		const result = await run(install.nodeBin, [...nodeArgs, install.n8nBin, ...args], {
			cwd: instance.rootDir,
			env,
			timeoutMs,
			allowFailure: true,
		});
		if (rssFile && fs.existsSync(rssFile))
			result.peakRssBytes = Number(fs.readFileSync(rssFile, 'utf8'));
		const clash = clashedPort(result, picked);
		if (!clash || attempt === PORT_ATTEMPTS) return result;
		log(
			`n8n ${install.version}: ${clash}=${picked.ports[clash]} was taken meanwhile; starting again on other ports`,
		);
	}
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

module.exports = {
	newInstance,
	n8nEnv,
	cli,
	importCredentials,
	importWorkflows,
	executeWorkflow,
	nodeOutput,
	parseRunOutput,
};
