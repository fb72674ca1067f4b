'use strict';

// The n8n processes the demo and the e2e suite start get ports of their own (issue 16: a second
// n8n on 5678/5679 made them exit), and a user's explicit port setting is kept.

const net = require('net');
const { n8nPorts, PORT_IN_USE } = require('../scripts/lib/ports');
const { n8nEnv, newInstance } = require('../scripts/lib/n8nRun');

function listen(port) {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(port, () => resolve(server));
	});
}

describe('ports for the n8n processes the scripts start', () => {
	test('without a setting: two different ports, both free to listen on', async () => {
		const { ports, chosen } = await n8nPorts({});
		expect(chosen).toEqual(['N8N_PORT', 'N8N_RUNNERS_BROKER_PORT']);
		expect(ports.N8N_PORT).toMatch(/^\d+$/);
		expect(ports.N8N_RUNNERS_BROKER_PORT).toMatch(/^\d+$/);
		expect(ports.N8N_PORT).not.toBe(ports.N8N_RUNNERS_BROKER_PORT);
		const servers = [
			await listen(Number(ports.N8N_PORT)),
			await listen(Number(ports.N8N_RUNNERS_BROKER_PORT)),
		];
		for (const server of servers) server.close();
	});

	test("a user's explicit setting is kept; an empty one counts as unset", async () => {
		const { ports, chosen } = await n8nPorts({ N8N_PORT: '15678', N8N_RUNNERS_BROKER_PORT: '' });
		expect(ports.N8N_PORT).toBe('15678');
		expect(ports.N8N_RUNNERS_BROKER_PORT).toMatch(/^\d+$/);
		expect(chosen).toEqual(['N8N_RUNNERS_BROKER_PORT']);
	});

	test('n8nEnv drops the caller’s other N8N_* variables and sets the ports it is given', () => {
		const mine = { N8N_PORT: '5678', N8N_RUNNERS_BROKER_PORT: '5679', N8N_HOST: 'my-n8n.example' };
		const saved = Object.fromEntries(Object.keys(mine).map((key) => [key, process.env[key]]));
		Object.assign(process.env, mine);
		try {
			const instance = newInstance({ version: 'test' }, '/nowhere');
			const env = n8nEnv(instance, {
				ports: { N8N_PORT: '40001', N8N_RUNNERS_BROKER_PORT: '40002' },
			});
			expect(env.N8N_PORT).toBe('40001');
			expect(env.N8N_RUNNERS_BROKER_PORT).toBe('40002');
			expect(env.N8N_HOST).toBeUndefined();
		} finally {
			for (const [key, value] of Object.entries(saved)) {
				if (value === undefined) delete process.env[key];
				else process.env[key] = value;
			}
		}
	});

	test("n8n's own port-in-use messages (1.123 and 2.40) are recognised, with the port", () => {
		const broker =
			"n8n Task Broker's port 5679 is already in use. Do you have another instance of n8n running already?";
		const web =
			"n8n's port 5678 is already in use. Do you have another instance of n8n running already?";
		expect(PORT_IN_USE.exec(broker)[1]).toBe('5679');
		expect(PORT_IN_USE.exec(web)[1]).toBe('5678');
		expect(PORT_IN_USE.test('n8n Task Broker ready on 127.0.0.1, port 5679')).toBe(false);
	});
});
