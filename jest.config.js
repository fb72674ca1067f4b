/** Unit and integration tests: TypeScript through ts-jest, talking HTTP to the fake Feishu server. */
module.exports = {
	testEnvironment: 'node',
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
	// Jest's transform cache stays with the install instead of piling up in the system temp folder.
	cacheDirectory: '<rootDir>/node_modules/.cache/jest',
};
