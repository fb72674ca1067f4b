'use strict';

// `n8n start` on an instance prepared by n8nRun.js / session.js (package installed, credentials
// and workflows imported), driven through n8n's own REST API the way the editor drives it:
// owner setup, login (cookie), manual runs, execution status and stop. Checked against the
// controllers of n8n 1.123 and 2.40 (owner.controller, auth.controller, workflows.controller,
// executions.controller): the request bodies below are accepted by both.

const crypto = require('crypto');
const { start, stop } = require('./proc');
const { n8nEnv } = require('./n8nRun');
const { n8nPorts, PORT_IN_USE } = require('./ports');
const { log } = require('./log');

const READY_TIMEOUT_MS = 3 * 60_000;
// A port we picked can be taken by another process before n8n binds it; n8n then exits at once
// and starting again on fresh ports is safe (as n8nRun.js does for the CLI commands).
const PORT_ATTEMPTS = 3;
// Both n8n versions tie the session cookie to the browser id the login came with.
const BROWSER_ID = 'feishu-media-e2e';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The last lines of n8n's console output, for error messages. */
function tailOf(chunks) {
	return Buffer.concat(chunks).toString().trim().split('\n').slice(-30).join('\n');
}

/**
 * Starts `n8n start` on free ports (a user's own N8N_PORT / N8N_RUNNERS_BROKER_PORT is kept:
 * ports.js n8nPorts) and resolves once it answers /healthz/readiness and its REST API.
 * Resolves a server: { baseUrl, rest(method, path, body), setupOwnerAndLogin(), runWorkflow(workflow, triggerName),
 * execution(id), stopExecution(id), close() }. Always call close(), also when a test fails.
 */
async function startN8nServer(instance, { extraEnv = {}, readyTimeoutMs = READY_TIMEOUT_MS } = {}) {
	const { install } = instance;
	// The current `n8n start`; the ready loop below launches it again when a port we picked was taken.
	let baseUrl = '';
	let child = null;
	let output = [];
	let exited = null;
	function launch(ports) {
		const env = n8nEnv(instance, {
			ports,
			extraEnv: {
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_HOST: '127.0.0.1',
				N8N_PROTOCOL: 'http',
				...extraEnv,
			},
		});
		baseUrl = `http://127.0.0.1:${ports.N8N_PORT}`;
		const chunks = [];
		output = chunks;
		exited = null;
		log(`n8n ${install.version}: n8n start on ${baseUrl}`);
		child = start(install.nodeBin, [install.n8nBin, 'start'], { cwd: instance.rootDir, env });
		child.stdout.on('data', (chunk) => chunks.push(chunk));
		child.stderr.on('data', (chunk) => chunks.push(chunk));
		child.on('close', (code, signal) => {
			if (output === chunks) exited = signal || code;
		});
	}

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
		get baseUrl() {
			return baseUrl;
		},
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

	/** The variable whose port n8n found taken, when we picked that port (never a user's). */
	function clashedPort({ ports, chosen }) {
		const match = PORT_IN_USE.exec(Buffer.concat(output).toString());
		return match ? chosen.find((name) => ports[name] === match[1]) : undefined;
	}

	const deadline = Date.now() + readyTimeoutMs;
	let attempt = 1;
	let picked = await n8nPorts();
	launch(picked.ports);
	try {
		for (;;) {
			if (exited !== null) {
				const clash = clashedPort(picked);
				if (clash && attempt < PORT_ATTEMPTS) {
					log(
						`n8n ${install.version}: ${clash}=${picked.ports[clash]} was taken meanwhile; starting again on other ports`,
					);
					attempt += 1;
					picked = await n8nPorts();
					launch(picked.ports);
					continue;
				}
				throw new Error(
					`n8n ${install.version}: n8n start exited (${exited}) before it was ready\n${tailOf(output)}`,
				);
			}
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
