'use strict';

// Starts a manual run through n8n's REST API, stops it (the editor's Stop button) once the fake
// Feishu server has seen what `ready` waits for, and then keeps watching the fake: which requests
// arrived after the stop, and when the requests in flight at the stop ended. The fake records a
// request when it is answered or when the client hangs up, so the moment a record first shows up
// is the moment that request ended (to within the polling interval).

const POLL_MS = 20;
const READY_TIMEOUT_MS = 60_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * server: from startN8nServer(); fake: the session's fake Feishu server.
 * ready(records): true when it is time to stop; records are this run's requests with endedAt.
 * Resolves { executionId, startedAt, readyAt, stopSentAt, stoppedAt, records, execution }.
 */
async function stopMidway({ server, fake, workflow, trigger, ready, watchMs }) {
	const skip = fake.stats().requests.length;
	const records = [];
	const collect = () => {
		const all = fake.stats().requests;
		const now = Date.now();
		for (let i = skip + records.length; i < all.length; i++)
			records.push({ ...all[i], endedAt: now });
	};

	const startedAt = Date.now();
	const executionId = await server.runWorkflow(workflow, trigger);
	const readyDeadline = Date.now() + READY_TIMEOUT_MS;
	for (let poll = 1; ; poll++) {
		collect();
		if (ready(records)) break;
		// A run that already ended (e.g. every upload failed) never gets there: say so at once.
		const status = poll % 25 === 0 ? (await server.execution(executionId)).status : 'running';
		if (!['new', 'running', 'waiting'].includes(status)) {
			throw new Error(
				`the run ended (${status}) before the point to stop it; fake saw ${JSON.stringify(records)}`,
			);
		}
		if (Date.now() > readyDeadline) {
			throw new Error(
				`the run never reached the point to stop it; fake saw ${JSON.stringify(records)}\n${server.output()}`,
			);
		}
		await sleep(POLL_MS);
	}
	const readyAt = Date.now();

	const stopSentAt = Date.now();
	await server.stopExecution(executionId);
	const stoppedAt = Date.now();

	const watchUntil = stoppedAt + watchMs;
	while (Date.now() < watchUntil) {
		collect();
		await sleep(POLL_MS);
	}
	collect();
	const execution = await server.execution(executionId);
	return { executionId, startedAt, readyAt, stopSentAt, stoppedAt, records, execution };
}

module.exports = { stopMidway };
