// Two rule sets over every JS/TS file of the repo, in one `npm run lint`:
//
// - What ships (nodes/, credentials/, package.json: the scanner's SOURCE_FILE_PATTERNS) is held to
//   n8n's own lint for community packages, what `n8n-node lint` and n8n's verification scanner
//   enforce: @n8n/eslint-plugin-community-nodes plus eslint-plugin-n8n-nodes-base's community,
//   credentials and nodes rule sets, all already wired into @n8n/node-cli's config.
// - Everything else (tests, the fake Feishu server, scripts, benchmarks, the config files) is a
//   Node program that uses http, timers and process by design: ESLint's and typescript-eslint's
//   recommended rules with Node's globals, and Jest's in test/.
//
// @n8n/node-cli is not a devDependency but lives in the cached tools folder that `npm run lint`
// installs (scripts/lib/n8nTools.js says why); an import would resolve from this file, so its
// config (`@n8n/node-cli/eslint`) is required by absolute path, its plugins resolving from there.
// The second rule set takes @eslint/js, typescript-eslint and globals from the same place: the
// very copies n8n's config is built from, so no second set of versions to keep in step.
import { createRequire } from 'node:module';
import { defineConfig, globalIgnores } from 'eslint/config';

const require = createRequire(import.meta.url);
const { installedN8nTools } = require('./scripts/lib/n8nTools.js');
const n8nEslintConfig = installedN8nTools().nodeCliEslintConfig;
const { config: n8nConfig } = require(n8nEslintConfig);
const requireBesideN8nConfig = createRequire(n8nEslintConfig);
const js = requireBesideN8nConfig('@eslint/js');
const tseslint = requireBesideN8nConfig('typescript-eslint');
const globals = requireBesideN8nConfig('globals');

const SHIPPED_TS = ['nodes/**/*.ts', 'credentials/**/*.ts'];

// n8n's config holds every `**/*.ts` to the package rules; here that is only the TypeScript that
// ships. Its entries for package.json, credentials/ and nodes/ are scoped already.
function onlyShipped(entry) {
	if (!entry.files) return entry;
	return {
		...entry,
		files: entry.files.flatMap((glob) => (glob === '**/*.ts' ? SHIPPED_TS : [glob])),
	};
}

export default defineConfig([
	globalIgnores(['dist/', 'coverage/', 'tmp/', '.cache/']),

	...n8nConfig.map(onlyShipped),
	// n8n's scanner lints with inline config off: an eslint-disable comment does not pass its
	// gate, so it does not pass this lint either.
	{ files: [...SHIPPED_TS, 'package.json'], linterOptions: { noInlineConfig: true } },

	{
		files: ['**/*.{js,cjs,mjs,ts}'],
		ignores: SHIPPED_TS,
		extends: [js.configs.recommended],
		languageOptions: { globals: globals.node },
		linterOptions: { reportUnusedDisableDirectives: 'error' },
		// `const { secret, ...shown } = record` is how a key is left out of a copy.
		rules: { 'no-unused-vars': ['error', { ignoreRestSiblings: true }] },
	},
	{ files: ['**/*.{js,cjs}'], languageOptions: { sourceType: 'commonjs' } },
	{
		files: ['**/*.ts'],
		ignores: SHIPPED_TS,
		extends: [tseslint.configs.recommended],
		rules: { '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }] },
	},
	{ files: ['test/**'], languageOptions: { globals: globals.jest } },
]);
