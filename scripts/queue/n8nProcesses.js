'use strict';

// The n8n processes of the queue-mode test: a throwaway instance folder per process (all with the
// packed package installed and one encryption key), the CLI imports, and `n8n worker` processes
// (`n8n start` comes from scripts/lib/n8nServer.js).

const fs = require('fs');
const path = require('path');
const { start, stop } = require('../lib/proc');
const { n8nEnv, cli } = require('../lib/n8nRun');
const { freePort } = require('../lib/ports');
const { log } = require('../lib/log');

const READY_TIMEOUT_MS = 3 * 60_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One more instance like `base` (same n8n, same encryption key, so all read one credential store),
 * in its own folder under base's root, with base's installed community package copied in.
 */
function sibling(base, name) {
	const rootDir = path.join(base.rootDir, name);
	const instance = {
		...base,
		rootDir,
		userFolder: path.join(rootDir, 'user'),
		filesDir: path.join(rootDir, 'files'),
	};
	fs.mkdirSync(instance.filesDir, { recursive: true });
	fs.cpSync(
		path.join(base.userFolder, '.n8n', 'nodes'),
		path.join(instance.userFolder, '.n8n', 'nodes'),
		{ recursive: true },
	);
	return instance;
}

async function cliOrFail(instance, args, extraEnv) {
	const result = await cli(instance, args, { extraEnv, timeoutMs: 5 * 60_000 });
	if (result.code !== 0) {
		const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-20).join('\n');
		throw new Error(`n8n ${args[0]} failed (exit ${result.signal || result.code})\n${tail}`);
	}
}

/** Imports the credential and the workflow into the instance's database and marks the workflow active. */
async function importActive(instance, extraEnv, credential, workflow) {
	const credentialsFile = path.join(instance.rootDir, 'credentials.json');
	const workflowFile = path.join(instance.rootDir, 'workflow.json');
	fs.writeFileSync(credentialsFile, JSON.stringify([credential]));
	fs.writeFileSync(workflowFile, JSON.stringify([workflow]));
	await cliOrFail(instance, ['import:credentials', `--input=${credentialsFile}`], extraEnv);
	await cliOrFail(instance, ['import:workflow', `--input=${workflowFile}`], extraEnv);
	await cliOrFail(instance, ['update:workflow', `--id=${workflow.id}`, '--active=true'], extraEnv);
}

/**
 * `n8n worker --concurrency=<n>` with its health server on a free port; resolves once
 * /healthz/readiness answers 200. Resolves { name, executions(), close() }: executions() lists the
 * execution ids this worker picked up, from its own log.
 */
async function startWorker(instance, name, extraEnv, concurrency) {
	const healthPort = await freePort();
	const env = n8nEnv(instance, {
		ports: {
			N8N_PORT: String(await freePort()),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		},
		extraEnv: {
			...extraEnv,
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		},
	});
	const { install } = instance;
	const logFile = path.join(instance.rootDir, `${name}.log`);
	const logStream = fs.createWriteStream(logFile);
	const child = start(install.nodeBin, [install.n8nBin, 'worker', `--concurrency=${concurrency}`], {
		cwd: instance.rootDir,
		env,
	});
	let text = '';
	const keep = (chunk) => {
		logStream.write(chunk);
		text += chunk.toString();
	};
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	const worker = {
		name,
		logFile,
		executions: () =>
			[...text.matchAll(/Worker started execution (\S+)/g)].map((match) => match[1]),
		async close() {
			await stop(child, 10_000);
			logStream.end();
		},
	};
	const deadline = Date.now() + READY_TIMEOUT_MS;
	try {
		for (;;) {
			if (child.exitCode !== null || child.signalCode !== null)
				throw new Error(`${name} exited before it was ready:\n${text.slice(-3000)}`);
			if (Date.now() > deadline)
				throw new Error(`${name} not ready after ${READY_TIMEOUT_MS} ms:\n${text.slice(-3000)}`);
			const ready = await fetch(`http://127.0.0.1:${healthPort}/healthz/readiness`).catch(
				() => null,
			);
			if (ready && ready.status === 200) break;
			await sleep(250);
		}
	} catch (error) {
		await worker.close();
		throw error;
	}
	log(
		`n8n ${install.version}: ${name} ready (n8n worker --concurrency=${concurrency}, health on 127.0.0.1:${healthPort})`,
	);
	return worker;
}

module.exports = { sibling, importActive, startWorker };
