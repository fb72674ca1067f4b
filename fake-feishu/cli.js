#!/usr/bin/env node
'use strict';
// Run the fake from a shell or a script:
//   node fake-feishu/cli.js [--port 8787] [--no-rate-limit] [--faults 0.3] [--seed 42]
//     [--fault-kinds drop,slow] [--slow-ms 1500] [--storage DIR] [--parent-node docx_image:TOKEN ...]
//     [--token-ttl SECONDS] [--log]
// Prints ONE line of JSON on stdout when ready (scripts parse it); logs go to stderr only.
const { startFakeFeishu, DEFAULT_APP } = require('./index');

const USAGE =
	'usage: node fake-feishu/cli.js [--port N] [--no-rate-limit] [--faults RATE] [--seed N] ' +
	'[--fault-kinds a,b] [--slow-ms N] [--storage DIR] [--parent-node TYPE:TOKEN ...] [--token-ttl SECONDS] [--log]';

function integer(flag, text) {
	if (!/^\d+$/.test(text || '')) throw new Error(`${flag} needs a non-negative integer`);
	return Number(text);
}

function parseArgs(argv) {
	const options = {};
	const faults = {};
	const parentNodes = [];
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const value = () => {
			if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
			i += 1;
			return argv[i];
		};
		switch (flag) {
			case '--port':
				options.port = integer(flag, value());
				break;
			case '--no-rate-limit':
				options.rateLimit = false;
				break;
			case '--faults': {
				const rate = Number(value());
				if (!(rate >= 0 && rate <= 1)) throw new Error('--faults needs a rate between 0 and 1');
				faults.rate = rate;
				break;
			}
			case '--seed':
				faults.seed = integer(flag, value());
				break;
			case '--fault-kinds':
				faults.kinds = value().split(',').filter(Boolean);
				break;
			case '--slow-ms':
				faults.slowMs = integer(flag, value());
				break;
			case '--storage':
				options.storageDir = value();
				break;
			case '--parent-node': {
				const text = value();
				const colon = text.indexOf(':');
				if (colon < 1 || colon === text.length - 1)
					throw new Error('--parent-node needs TYPE:TOKEN');
				parentNodes.push([text.slice(0, colon), text.slice(colon + 1)]);
				break;
			}
			case '--token-ttl':
				options.tokenTtlSeconds = integer(flag, value());
				break;
			case '--log':
				options.log = true;
				break;
			case '--help':
			case '-h':
				process.stdout.write(`${USAGE}\n`);
				process.exit(0);
				break;
			default:
				throw new Error(`unknown argument ${flag}`);
		}
	}
	if (Object.keys(faults).length) options.faults = faults;
	return { options, parentNodes };
}

// `npm run fake-feishu` runs this under npm, through a shell. Killing npm does not reach this
// process, which would keep the port as an orphan. A process whose parent dies is adopted by
// another one at once, so a changed parent pid means the parent is gone. Under npm the parent
// can be the shell npm started (dash does not exec its last command), which outlives npm the
// same way: then the shell's parent is watched too, through /proc (Linux; elsewhere sh execs).
// Watching stdin instead would stop the server at once whenever stdin was closed from the start.
const PARENT_CHECK_MS = 500;

function parentOf(pid) {
	try {
		// /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
		const stat = require('fs').readFileSync(`/proc/${pid}/stat`, 'utf8');
		return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
	} catch {
		return null; // no /proc, or the process is gone
	}
}

function exitWithParent(stop) {
	const parent = process.ppid;
	const grandparent = process.env.npm_lifecycle_event ? parentOf(parent) : null;
	const timer = setInterval(() => {
		const gone =
			process.ppid !== parent
				? parent
				: grandparent && parentOf(parent) !== grandparent
					? grandparent
					: null;
		if (gone) {
			clearInterval(timer);
			// Whoever read our output may have gone with the parent: a write error must not cut the
			// clean-up (the temp storage) short.
			for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
			process.stderr.write(
				`fake-feishu: process ${gone} that started this server is gone, stopping\n`,
			);
			stop();
		}
	}, PARENT_CHECK_MS);
	timer.unref();
}

async function main() {
	let parsed;
	try {
		parsed = parseArgs(process.argv.slice(2));
	} catch (err) {
		process.stderr.write(`fake-feishu: ${err.message}\n${USAGE}\n`);
		process.exit(2);
	}
	const fake = await startFakeFeishu(parsed.options);
	try {
		for (const [type, token] of parsed.parentNodes) fake.addParentNode(type, token);
	} catch (err) {
		process.stderr.write(`fake-feishu: ${err.message}\n`);
		await fake.close();
		process.exit(2);
	}

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		await fake.close();
		process.exit(0);
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
	exitWithParent(stop);

	process.stdout.write(
		`${JSON.stringify({ baseUrl: fake.baseUrl, appId: DEFAULT_APP.appId, appSecret: DEFAULT_APP.appSecret, parentNodes: fake.parentNodes() })}\n`,
	);
}

main().catch((err) => {
	process.stderr.write(`fake-feishu: ${err.message}\n`);
	process.exit(1);
});
