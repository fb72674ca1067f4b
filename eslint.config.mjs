// n8n's own lint for community packages (what `n8n-node lint` and n8n's verification scanner
// enforce): @n8n/eslint-plugin-community-nodes plus eslint-plugin-n8n-nodes-base's community,
// credentials and nodes rule sets, all already wired into @n8n/node-cli's config.
import { config } from '@n8n/node-cli/eslint';
import { globalIgnores } from 'eslint/config';

export default [
	// Only what ships is held to the package rules (the scanner's SOURCE_FILE_PATTERNS:
	// package.json, nodes/, credentials/). Tests, the fake Feishu server, benchmarks and
	// CI scripts are Node programs that need http, timers and process by design.
	globalIgnores([
		'test/',
		'scripts/',
		'examples/',
		'.ci/',
		'coverage/',
		'tmp/',
		'.cache/',
		'*.js',
		'*.mjs',
	]),
	...config,
	// n8n's scanner lints with inline config off: an eslint-disable comment does not pass its
	// gate, so it does not pass this lint either.
	{ linterOptions: { noInlineConfig: true } },
];
