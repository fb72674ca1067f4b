/**
 * End-to-end tests: the packed package in real n8n (1.x and 2.x), against the fake Feishu server.
 * Separate from the unit config (jest.config.js), which never matches *.e2e.test.js.
 *   npx jest -c test/e2e/jest.e2e.config.js          both n8n versions
 *   FEISHU_E2E_N8N=2 npx jest -c test/e2e/jest.e2e.config.js   only n8n 2.x
 */
const path = require('path');

module.exports = {
	rootDir: path.resolve(__dirname, '..', '..'),
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.js'],
	// tsc copies package.json into dist/; jest must not see two packages of the same name.
	modulePathIgnorePatterns: ['<rootDir>/dist/'],
	// Installs n8n (once, cached) and packs the package once for every test file.
	globalSetup: '<rootDir>/test/e2e/globalSetup.js',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.js',
	// Each n8n command is a separate n8n start; a 60 MiB upload is paced by Feishu's rate limit.
	testTimeout: 10 * 60_000,
	// Two n8n versions side by side would fight over two cores and skew the timings.
	maxWorkers: 1,
	verbose: true,
	// Jest's cache stays with the install instead of piling up as /tmp/jest_* (as in jest.config.js).
	cacheDirectory: '<rootDir>/node_modules/.cache/jest-e2e',
};
