// n8n's own lint for community packages (what `n8n-node lint` and n8n's verification scanner
// enforce): @n8n/eslint-plugin-community-nodes plus eslint-plugin-n8n-nodes-base's community,
// credentials and nodes rule sets, all already wired into @n8n/node-cli's config.
// @n8n/node-cli is not a devDependency but lives in the cached tools folder that `npm run lint`
// installs (scripts/lib/n8nTools.js says why); an import would resolve from this file, so its
// config (`@n8n/node-cli/eslint`) is required by absolute path, its plugins resolving from there.
import { createRequire } from 'node:module';
import { globalIgnores } from 'eslint/config';

const require = createRequire(import.meta.url);
const { installedN8nTools } = require('./scripts/lib/n8nTools.js');
const { config } = require(installedN8nTools().nodeCliEslintConfig);

export default [
	// Only what ships is held to the package rules (the scanner's SOURCE_FILE_PATTERNS:
	// package.json, nodes/, credentials/). Tests, the fake Feishu server, benchmarks and
	// CI scripts are Node programs that need http, timers and process by design.
	globalIgnores([
		'test/',
		'scripts/',
		'fake-feishu/',
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
