'use strict';

// Judges one run of the queue-mode test from what n8n answered and what the fake Feishu recorded,
// and prints the single-process reference and queue mode side by side.

const { steadyRate, FEISHU_REQUESTS_PER_SECOND } = require('../bench/measure');

const TARGETS = { throughputShare: 0.8, breachShare: 0.1, tokenFetches: 2 };
const LIMIT_BREACH_CODES = new Set([1061045, 99991400]);

/**
 * Figures for one phase. before: { requests, breaches } counts of the fake's record when the phase
 * started; answers: [{ items, ms }] per batch, in batch order; batches: what was posted.
 */
function phaseFigures(fake, before, { answers, batches, wallMs, workers }) {
	const stats = fake.stats();
	const requests = stats.requests.slice(before.requests);
	const recorded = stats.breaches.slice(before.breaches);
	const uploads = requests.filter((request) => request.endpoint === 'upload_all');
	const stored = uploads.filter((request) => request.code === 0);
	const breachAnswers = uploads.filter(
		(request) => LIMIT_BREACH_CODES.has(request.code) || request.httpStatus === 429,
	);

	let filesOk = 0;
	let inOrder = 0;
	let errorItems = 0;
	const expected = batches.reduce((sum, batch) => sum + batch.length, 0);
	answers.forEach(({ items }, index) => {
		const batch = batches[index];
		errorItems += items.filter((item) => item.error !== undefined).length;
		if (items.length === batch.length && items.every((item, i) => item.file_name === batch[i].name))
			inOrder += 1;
		items.forEach((item, i) => {
			const meta =
				typeof item.file_token === 'string' ? fake.files.get(item.file_token) : undefined;
			if (meta && batch[i] && meta.sha256 === batch[i].sha256 && meta.size === batch[i].size)
				filesOk += 1;
		});
	});

	return {
		expected,
		filesOk,
		inOrder,
		executions: answers.length,
		errorItems,
		uploadRequests: uploads.length,
		storedUploads: stored.length,
		breachAnswers: breachAnswers.length,
		rateBreaches: recorded.filter((breach) => breach.reason === 'rate').length,
		overlaps: recorded.filter((breach) => breach.reason === 'concurrency').length,
		acceptedBreaches: recorded.filter((breach) => !breach.enforced).length,
		tokenFetches: requests.filter((request) => request.endpoint === 'token').length,
		// Arrivals of the stored uploads, counted as the bench counts them (5 per sliding second).
		uploadsPerSecond: steadyRate(stored.map((request) => request.at)),
		wallSeconds: wallMs / 1000,
		longestExecutionSeconds: Math.max(...answers.map((answer) => answer.ms)) / 1000,
		workers,
	};
}

const percent = (share) => `${(share * 100).toFixed(1)} %`;

function table(reference, queue) {
	const rows = [
		['', 'single process (reference)', 'queue mode: main + 2 workers'],
		[
			'files stored byte-equal',
			`${reference.filesOk} / ${reference.expected}`,
			`${queue.filesOk} / ${queue.expected}`,
		],
		[
			'executions answered in input order',
			`${reference.inOrder} / ${reference.executions}`,
			`${queue.inOrder} / ${queue.executions}`,
		],
		['error items', reference.errorItems, queue.errorItems],
		['upload requests', reference.uploadRequests, queue.uploadRequests],
		['uploads/s (of 5/s)', rate(reference), rate(queue)],
		[
			'breach answers (1061045/99991400/429)',
			share(reference.breachAnswers, reference.uploadRequests),
			share(queue.breachAnswers, queue.uploadRequests),
		],
		[
			'  of which over 5/s / overlapping',
			`${reference.rateBreaches} / ${reference.overlaps}`,
			`${queue.rateBreaches} / ${queue.overlaps}`,
		],
		['breaches the fake let through', reference.acceptedBreaches, queue.acceptedBreaches],
		['token fetches', reference.tokenFetches, queue.tokenFetches],
		[
			'4 executions, wall time',
			`${reference.wallSeconds.toFixed(1)} s`,
			`${queue.wallSeconds.toFixed(1)} s`,
		],
		['executions per process', reference.workers, queue.workers],
	].map((row) => row.map(String));
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
	return rows
		.map((row) =>
			row
				.map((cell, column) => cell.padEnd(widths[column]))
				.join('  ')
				.trimEnd(),
		)
		.join('\n');
}

function rate(figures) {
	return figures.uploadsPerSecond === undefined
		? '-'
		: `${figures.uploadsPerSecond.toFixed(2)} (${percent(figures.uploadsPerSecond / FEISHU_REQUESTS_PER_SECOND)})`;
}

function share(part, whole) {
	return `${part} (${whole ? percent(part / whole) : '-'})`;
}

/** [{ name, ok, detail }] for the "done when" list. */
function checks(reference, queue, workerExecutions) {
	const list = [];
	const add = (name, ok, detail) => list.push({ name, ok, detail });
	for (const [label, figures] of [
		['reference', reference],
		['queue', queue],
	]) {
		add(
			`${label}: ${figures.expected} / ${figures.expected} files stored byte-equal`,
			figures.filesOk === figures.expected,
			`${figures.filesOk} / ${figures.expected}`,
		);
		add(
			`${label}: every execution's output in input order`,
			figures.inOrder === figures.executions,
			`${figures.inOrder} / ${figures.executions}`,
		);
		add(
			`${label}: every breach answer retried to success (no error items, one stored upload per file)`,
			figures.errorItems === 0 && figures.storedUploads === figures.expected,
			`${figures.errorItems} error items, ${figures.storedUploads} stored uploads, ${figures.breachAnswers} breach answers`,
		);
		add(
			`${label}: no request over the limits let through`,
			figures.acceptedBreaches === 0,
			`${figures.acceptedBreaches}`,
		);
	}
	add(
		'reference: one process, no breach at all',
		reference.breachAnswers === 0,
		`${reference.breachAnswers}`,
	);
	const busyWorkers = workerExecutions.filter((ids) => ids.length > 0).length;
	add(
		'queue: both workers ran executions',
		busyWorkers === 2,
		workerExecutions.map((ids) => `[${ids.join(', ')}]`).join(' and '),
	);
	// The issue's targets; the workers' shared grid meets them with room to spare on a busy
	// machine (README, "Queue mode"), so a miss is a regression, not noise.
	add(
		`queue: throughput ≥ ${percent(TARGETS.throughputShare)} of 5 uploads/s across both workers`,
		queue.uploadsPerSecond !== undefined &&
			queue.uploadsPerSecond >= TARGETS.throughputShare * FEISHU_REQUESTS_PER_SECOND,
		rate(queue),
	);
	add(
		`queue: breach answers ≤ ${percent(TARGETS.breachShare)} of requests`,
		queue.uploadRequests > 0 && queue.breachAnswers <= TARGETS.breachShare * queue.uploadRequests,
		share(queue.breachAnswers, queue.uploadRequests),
	);
	add(
		`queue: token fetches for the whole run ≤ ${TARGETS.tokenFetches}`,
		queue.tokenFetches <= TARGETS.tokenFetches,
		`${queue.tokenFetches}`,
	);
	return list;
}

function printReport({ reference, queue, workerExecutions, n8nVersion, aptMs }) {
	const lines = [
		'',
		`Queue mode against the strict fake Feishu, n8n ${n8nVersion}: 4 executions of 50 files at once`,
		'',
		table(reference, queue),
		'',
	];
	if (aptMs > 0)
		lines.push(`(Redis and PostgreSQL were installed first: ${(aptMs / 1000).toFixed(0)} s)`, '');
	const list = checks(reference, queue, workerExecutions);
	for (const check of list) {
		lines.push(`${check.ok ? 'PASS' : 'FAIL'}  ${check.name}: ${check.detail}`);
	}
	const passed = list.filter((check) => check.ok).length;
	lines.push('', `${passed} passed, ${list.length - passed} failed`);
	process.stdout.write(`${lines.join('\n')}\n`);
	return { passed, failed: list.length - passed };
}

module.exports = { phaseFigures, printReport };
