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

// What each flag that takes a value does with it, into { options, faults, parentNodes }.
const VALUE_FLAGS = {
	'--port': (into, text, flag) => {
		into.options.port = integer(flag, text);
	},
	'--faults': (into, text) => {
		const rate = Number(text);
		if (!(rate >= 0 && rate <= 1)) throw new Error('--faults needs a rate between 0 and 1');
		into.faults.rate = rate;
	},
	'--seed': (into, text, flag) => {
		into.faults.seed = integer(flag, text);
	},
	'--fault-kinds': (into, text) => {
		into.faults.kinds = text.split(',').filter(Boolean);
	},
	'--slow-ms': (into, text, flag) => {
		into.faults.slowMs = integer(flag, text);
	},
	'--storage': (into, text) => {
		into.options.storageDir = text;
	},
	'--parent-node': (into, text) => {
		const colon = text.indexOf(':');
		if (colon < 1 || colon === text.length - 1) throw new Error('--parent-node needs TYPE:TOKEN');
		into.parentNodes.push([text.slice(0, colon), text.slice(colon + 1)]);
	},
	'--token-ttl': (into, text, flag) => {
		into.options.tokenTtlSeconds = integer(flag, text);
	},
};
// The flags that stand alone, as the options they set.
const SWITCH_FLAGS = { '--no-rate-limit': { rateLimit: false }, '--log': { log: true } };

function parseArgs(argv) {
	const into = { options: {}, faults: {}, parentNodes: [] };
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		if (flag === '--help' || flag === '-h') {
			process.stdout.write(`${USAGE}\n`);
			process.exit(0);
		} else if (Object.hasOwn(SWITCH_FLAGS, flag)) {
			Object.assign(into.options, SWITCH_FLAGS[flag]);
		} else if (Object.hasOwn(VALUE_FLAGS, flag)) {
			if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
			i += 1;
			VALUE_FLAGS[flag](into, argv[i], flag);
		} else {
			throw new Error(`unknown argument ${flag}`);
		}
	}
	const { options, faults, parentNodes } = into;
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
