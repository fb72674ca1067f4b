import { execFile } from 'child_process';
import { join } from 'path';

// Jest compiles each file on its own (ts-jest's isolatedModules: one file at a time, no types),
// which keeps the suite's CPU low; the types of the tests and the node are checked here, once.
test('the tests and the node they drive type-check (test/tsconfig.json)', async () => {
	const root = join(__dirname, '..');
	const output = await new Promise<string>((resolve) => {
		execFile(
			process.execPath,
			[
				require.resolve('typescript/bin/tsc'),
				'--noEmit',
				'--pretty',
				'false',
				'-p',
				'test',
				// What tsc learnt last time stays with the install, like jest's own cache: a run after
				// a small change checks again only what that change can affect.
				'--incremental',
				'--tsBuildInfoFile',
				'node_modules/.cache/typeCheck/test.tsbuildinfo',
			],
			{ cwd: root, maxBuffer: 16 * 1024 * 1024 },
			(error, stdout, stderr) => resolve(`${stdout}${stderr}${error ? `\n${error.message}` : ''}`),
		);
	});
	expect(output).toBe('');
});
