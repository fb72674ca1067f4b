'use strict';

// Ports for the n8n processes the scripts start. n8n listens on fixed defaults (5678 for its
// web server, 5679 for the task broker), so a second n8n on the machine (the user's own, a
// parallel test run) would make ours exit with "port ... is already in use". Each start gets
// ports the OS just handed out instead, unless the user set the variable explicitly.
//
// Checked in n8n 1.123 and 2.40 (@n8n/config, n8n/dist): these are the only ports `n8n start`,
// `execute` and `import:*` open. The runner's health check (N8N_RUNNERS_HEALTH_CHECK_SERVER_PORT)
// is off by default and the internal runner does not inherit our environment; the worker
// server (QUEUE_HEALTH_CHECK_PORT) is queue mode only; engine-v2's ports (N8N_ENGINE_PORT,
// N8N_ENGINE_CONTROL_PLANE_PORT) only open when that module is enabled, which we never do.

const net = require('net');

const PORT_VARIABLES = ['N8N_PORT', 'N8N_RUNNERS_BROKER_PORT'];

/** A TCP port nothing listens on right now (on any interface: n8n's web server binds to all). */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/**
 * { N8N_PORT, N8N_RUNNERS_BROKER_PORT } for one n8n start: the user's value where the
 * environment sets one, a free port otherwise. `chosen` lists the variables we picked.
 */
async function n8nPorts(base = process.env) {
	const ports = {};
	const chosen = [];
	for (const name of PORT_VARIABLES) {
		const own = base[name];
		if (own !== undefined && own !== '') {
			ports[name] = own;
		} else {
			ports[name] = String(await freePort());
			chosen.push(name);
		}
	}
	// The first port is free again when the second is asked for, so the OS may hand it out twice.
	if (chosen.length === 2 && ports.N8N_PORT === ports.N8N_RUNNERS_BROKER_PORT)
		return n8nPorts(base);
	return { ports, chosen };
}

/** n8n's own message when a port it wants is taken (web server and task broker alike). */
const PORT_IN_USE = /port (\d+) is already in use/;

module.exports = { PORT_VARIABLES, freePort, n8nPorts, PORT_IN_USE };
