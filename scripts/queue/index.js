#!/usr/bin/env node
'use strict';

// `npm run test:queue`: the packed package in n8n's queue mode, against the strict fake Feishu,
// whose limits are global per app as Feishu's are. Installs Redis and PostgreSQL from Debian's
// packages when missing (as root), starts them on loopback with throwaway data, starts n8n main +
// 2 workers on them, and posts 4 batches of 50 files at once to a webhook-triggered workflow;
// then the same on one n8n process (regular mode) as the reference. Prints both side by side,
// one PASS/FAIL line per check and "N passed, N failed"; exits 1 when anything failed.
// Everything it starts is stopped and everything it writes is removed, also when it fails.
// Options: --keep (keep the throwaway folder, with each n8n worker's log), --trace=<file> (write
// every request the fake Feishu answered, as JSON, to look at the pacing), --results <file> (the
// counts as jest's --json writes them, for scripts/ci-summary.js; a run that could not finish
// counts as one failure).

const fs = require('fs');
const os = require('os');
const path = require('path');
const { log, formatDuration } = require('../lib/log');
const { ensureN8n } = require('../lib/n8nInstall');
const { buildAndPack } = require('../lib/packPackage');
const { installCommunityPackage } = require('../lib/communityPackage');
const { newInstance } = require('../lib/n8nRun');
const { startN8nServer } = require('../lib/n8nServer');
const { credential } = require('../lib/workflows');
const { repoRoot } = require('../lib/paths');
const { ensurePackages, startRedis, startPostgres } = require('./services');
const { sibling, importActive, startWorker } = require('./n8nProcesses');
const { workflow, batches, postBatch } = require('./workload');
const { phaseFigures, printReport } = require('./report');

const EXECUTIONS = 4;
const FILES_PER_EXECUTION = 50;
const WORKERS = 2;
// Each worker takes 2 jobs at a time, so the 4 executions spread over both workers.
const WORKER_CONCURRENCY = 2;
const WEBHOOK_TIMEOUT_MS = 5 * 60_000;

/** Variables from the caller's shell that would point n8n elsewhere (n8nEnv already drops N8N_* and DB_*). */
function withoutCallerQueueSettings(env) {
	const cleared = {};
	for (const key of Object.keys(process.env))
		if (/^(QUEUE_|EXECUTIONS_)/.test(key)) cleared[key] = undefined;
	return { ...cleared, ...env };
}

/** Posts every batch at once; resolves the phase's figures. */
async function fire(fake, baseUrl, posted, workersOf) {
	const stats = fake.stats();
	const before = { requests: stats.requests.length, breaches: stats.breaches.length };
	const t0 = Date.now();
	const answers = await Promise.all(
		posted.map((batch) => postBatch(baseUrl, batch, WEBHOOK_TIMEOUT_MS)),
	);
	const wallMs = Date.now() - t0;
	return phaseFigures(fake, before, { answers, batches: posted, wallMs, workers: workersOf() });
}

/** --keep, --trace=<file>, --results <file>. */
function parseArgs(argv) {
	const options = { keep: false, traceFile: undefined, resultsFile: undefined };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--keep') options.keep = true;
		else if (arg.startsWith('--trace='))
			options.traceFile = path.resolve(arg.slice('--trace='.length));
		else if (arg === '--results' && argv[i + 1]) options.resultsFile = path.resolve(argv[++i]);
		else throw new Error(`unknown argument ${arg} (use --keep, --trace=<file>, --results <file>)`);
	}
	return options;
}

function writeResults(resultsFile, passed, failed) {
	if (!resultsFile) return;
	fs.writeFileSync(
		resultsFile,
		JSON.stringify({
			numPassedTests: passed,
			numFailedTests: failed,
			numRuntimeErrorTestSuites: 0,
		}),
	);
}

async function main({ keep, traceFile, resultsFile }) {
	const t0 = Date.now();
	const aptMs = await ensurePackages();
	const install = await ensureN8n(1);

	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'feishu-media-queue-'));
	const removeRoot = () => {
		if (!keep) fs.rmSync(root, { recursive: true, force: true });
	};
	process.on('exit', removeRoot); // also on Ctrl-C, where the finally below never runs
	const cleanups = [];
	const started = async (thing) => {
		cleanups.push(() => thing.close());
		return thing;
	};
	try {
		const base = newInstance(install, path.join(root, 'base'));
		await installCommunityPackage(base.userFolder, await buildAndPack(path.join(root, 'pack')));
		const { startFakeFeishu, DEFAULT_APP } = require(path.join(repoRoot, 'fake-feishu'));
		const fake = await started(
			await startFakeFeishu({ storageDir: path.join(root, 'fake-feishu') }),
		);
		log(`fake Feishu server listening on ${fake.baseUrl}`);
		const feishuCredential = credential({ baseUrl: fake.baseUrl, ...DEFAULT_APP });

		// The reference: one n8n process in regular mode (SQLite), the same workflow, the same load.
		const single = sibling(base, 'single');
		const singleEnv = withoutCallerQueueSettings({ EXECUTIONS_MODE: 'regular' });
		await importActive(single, singleEnv, feishuCredential, workflow());
		const singleServer = await started(await startN8nServer(single, { extraEnv: singleEnv }));
		log(`single process: posting ${EXECUTIONS} batches of ${FILES_PER_EXECUTION} files at once`);
		const reference = await fire(
			fake,
			singleServer.baseUrl,
			batches(EXECUTIONS, FILES_PER_EXECUTION, 'r'),
			() => `${EXECUTIONS} on one`,
		);
		await singleServer.close();

		// Queue mode: Redis, PostgreSQL, n8n main (webhooks, enqueues) and the workers (run executions).
		const redis = await started(await startRedis(path.join(root, 'redis')));
		const postgres = await started(await startPostgres());
		const queueEnv = withoutCallerQueueSettings({
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: 'unused (trust on loopback)',
		});
		const mainInstance = sibling(base, 'main');
		await importActive(mainInstance, queueEnv, feishuCredential, workflow());
		const mainServer = await started(await startN8nServer(mainInstance, { extraEnv: queueEnv }));
		const workers = [];
		for (let index = 1; index <= WORKERS; index++) {
			workers.push(
				await started(
					await startWorker(
						sibling(base, `worker-${index}`),
						`worker-${index}`,
						queueEnv,
						WORKER_CONCURRENCY,
					),
				),
			);
		}
		log(
			`queue mode: posting ${EXECUTIONS} batches of ${FILES_PER_EXECUTION} files at once to n8n main`,
		);
		const queue = await fire(
			fake,
			mainServer.baseUrl,
			batches(EXECUTIONS, FILES_PER_EXECUTION, 'q'),
			() => workers.map((worker) => `${worker.name}: ${worker.executions().length}`).join(', '),
		);

		if (traceFile) fs.writeFileSync(traceFile, JSON.stringify(fake.stats().requests));
		const { passed, failed } = printReport({
			reference,
			queue,
			workerExecutions: workers.map((worker) => worker.executions()),
			n8nVersion: install.version,
			aptMs,
		});
		if (keep)
			log(`kept ${root} (worker logs: ${workers.map((worker) => worker.logFile).join(', ')})`);
		log(`took ${formatDuration(Date.now() - t0)}`);
		writeResults(resultsFile, passed, failed);
		if (failed > 0) process.exitCode = 1;
	} finally {
		for (const cleanup of cleanups.reverse())
			await cleanup().catch((error) => log(`stopping: ${error.message}`));
		removeRoot();
		process.off('exit', removeRoot);
	}
}

let options = {};
Promise.resolve()
	.then(() => {
		options = parseArgs(process.argv.slice(2));
		return main(options);
	})
	.catch((error) => {
		log(`test:queue failed: ${error.stack || error.message}`);
		writeResults(options.resultsFile, 0, 1);
		process.stdout.write('0 passed, 1 failed\n');
		process.exit(1);
	});
