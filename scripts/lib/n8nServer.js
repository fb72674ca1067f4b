'use strict';

// `n8n start` on an instance prepared by n8nRun.js / session.js (package installed, credentials
// and workflows imported), driven through n8n's own REST API the way the editor drives it:
// owner setup, login (cookie), manual runs, execution status and stop. Checked against the
// controllers of n8n 1.123 and 2.40 (owner.controller, auth.controller, workflows.controller,
// executions.controller): the request bodies below are accepted by both.

const crypto = require('crypto');
const { start, stop } = require('./proc');
const { n8nEnv } = require('./n8nRun');
const { freePort } = require('./ports');
const { log } = require('./log');

const READY_TIMEOUT_MS = 3 * 60_000;
// Both n8n versions tie the session cookie to the browser id the login came with.
const BROWSER_ID = 'feishu-media-e2e';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The last lines of n8n's console output, for error messages. */
function tailOf(chunks) {
	return Buffer.concat(chunks).toString().trim().split('\n').slice(-30).join('\n');
}

/**
 * Starts `n8n start` on free ports and resolves once it answers /healthz/readiness and its REST API.
 * Resolves a server: { baseUrl, rest(method, path, body), setupOwnerAndLogin(), runWorkflow(workflow, triggerName),
 * execution(id), stopExecution(id), close() }. Always call close(), also when a test fails.
 */
async function startN8nServer(instance, { extraEnv = {}, readyTimeoutMs = READY_TIMEOUT_MS } = {}) {
	const { install } = instance;
	const ports = {
		N8N_PORT: String(await freePort()),
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
	};
	if (ports.N8N_PORT === ports.N8N_RUNNERS_BROKER_PORT)
		ports.N8N_RUNNERS_BROKER_PORT = String(await freePort());
	const env = n8nEnv(instance, {
		ports,
		extraEnv: {
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			...extraEnv,
		},
	});
	const baseUrl = `http://127.0.0.1:${ports.N8N_PORT}`;
	const output = [];
	log(`n8n ${install.version}: n8n start on ${baseUrl}`);
	const child = start(install.nodeBin, [install.n8nBin, 'start'], { cwd: instance.rootDir, env });
	child.stdout.on('data', (chunk) => output.push(chunk));
	child.stderr.on('data', (chunk) => output.push(chunk));
	let exited = null;
	child.on('close', (code, signal) => {
		exited = signal || code;
	});

	let cookie = '';
	async function request(method, path, body) {
		const headers = { 'browser-id': BROWSER_ID, accept: 'application/json' };
		if (cookie) headers.cookie = cookie;
		if (body !== undefined) headers['content-type'] = 'application/json';
		const response = await fetch(`${baseUrl}${path}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.get('set-cookie');
		if (setCookie) cookie = setCookie.split(';')[0];
		const text = await response.text();
		let json = null;
		try {
			json = JSON.parse(text);
		} catch {
			/* not JSON: kept as text */
		}
		return { status: response.status, json, text };
	}

	/** A REST call that must succeed; resolves the answer's `data` (n8n wraps every answer in it). */
	async function rest(method, path, body) {
		const answer = await request(method, path, body);
		if (answer.status < 200 || answer.status >= 300) {
			throw new Error(
				`n8n ${install.version}: ${method} ${path} answered ${answer.status}: ${answer.text.slice(0, 500)}`,
			);
		}
		return answer.json && 'data' in answer.json ? answer.json.data : answer.json;
	}

	const server = {
		baseUrl,
		rest,
		output: () => tailOf(output),

		/** The instance owner (the CLI imports belong to it) and a logged-in session cookie; resolves { email, password }. */
		async setupOwnerAndLogin() {
			const email = 'owner@feishu-media.test';
			const password = `Feishu-${crypto.randomBytes(6).toString('hex')}-A1`;
			await rest('POST', '/rest/owner/setup', {
				email,
				firstName: 'E2e',
				lastName: 'Owner',
				password,
			});
			await rest('POST', '/rest/login', { emailOrLdapLoginId: email, password });
			// For a browser that signs in as the owner too (the UI test); never logged.
			return { email, password };
		},

		/**
		 * A manual run from the named trigger, as the editor's "Execute workflow" sends it (1.x runs
		 * the workflowData sent, 2.x the stored workflow: the same one here). Resolves the execution id.
		 */
		async runWorkflow(workflow, triggerName) {
			const data = await rest('POST', `/rest/workflows/${workflow.id}/run`, {
				workflowData: workflow,
				triggerToStartFrom: { name: triggerName },
			});
			if (!data || !data.executionId)
				throw new Error(
					`n8n ${install.version}: no execution id in the run answer: ${JSON.stringify(data)}`,
				);
			return String(data.executionId);
		},

		/** { id, status, finished, startedAt, stoppedAt, ... } as the executions list shows it. */
		async execution(id) {
			return await rest('GET', `/rest/executions/${id}`);
		},

		/** What the editor's Stop button sends. */
		async stopExecution(id) {
			return await rest('POST', `/rest/executions/${id}/stop`);
		},

		async close() {
			await stop(child, 5000);
		},
	};

	const deadline = Date.now() + readyTimeoutMs;
	try {
		for (;;) {
			if (exited !== null)
				throw new Error(
					`n8n ${install.version}: n8n start exited (${exited}) before it was ready\n${tailOf(output)}`,
				);
			if (Date.now() > deadline)
				throw new Error(
					`n8n ${install.version}: n8n start not ready after ${readyTimeoutMs} ms\n${tailOf(output)}`,
				);
			// 1.123 reports ready before its REST routes exist; /rest/settings needs no login.
			const ready = await request('GET', '/healthz/readiness').catch(() => null);
			const rest =
				ready && ready.status === 200
					? await request('GET', '/rest/settings').catch(() => null)
					: null;
			if (rest && rest.status === 200) break;
			await sleep(250);
		}
	} catch (error) {
		await server.close();
		throw error;
	}
	return server;
}

module.exports = { startN8nServer };
