/** Unit and integration tests: TypeScript through ts-jest, talking HTTP to the fake Feishu server. */
module.exports = {
	testEnvironment: 'node',
	// test/tsconfig.json's isolatedModules: ts-jest compiles one file at a time, without types
	// (test/typeCheck.test.ts checks them once for the whole suite).
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }] },
	testMatch: [
		'<rootDir>/test/**/*.test.ts',
		'<rootDir>/test/fake-feishu.test.js',
		'<rootDir>/test/fake-feishu-download.test.js',
		'<rootDir>/test/fake-feishu-cli.test.js',
		'<rootDir>/test/n8n-ports.test.js',
	],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	// tsc copies package.json into dist/; jest must not see two packages of the same name.
	modulePathIgnorePatterns: ['<rootDir>/dist/'],
	testTimeout: 120_000,
	// The tests mostly wait on sockets and the fake's clock: more workers than the 2 cores. Past 4
	// they only crowd the cores (6 workers ran no faster).
	maxWorkers: 4,
	testSequencer: '<rootDir>/test/support/wallClockFirst.js',
	// Jest's transform cache stays with the install instead of piling up in the system temp folder.
	cacheDirectory: '<rootDir>/node_modules/.cache/jest',
};
