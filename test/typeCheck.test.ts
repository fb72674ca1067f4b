import { execFile } from 'child_process';
import { join } from 'path';

// Jest compiles each file on its own (ts-jest's isolatedModules: one file at a time, no types),
// which keeps the suite's CPU low; the types of the tests and the node are checked here, once.
test('the tests and the node they drive type-check (test/tsconfig.json)', async () => {
	const root = join(__dirname, '..');
	const output = await new Promise<string>((resolve) => {
		execFile(
			process.execPath,
			[require.resolve('typescript/bin/tsc'), '--noEmit', '--pretty', 'false', '-p', 'test'],
			{ cwd: root, maxBuffer: 16 * 1024 * 1024 },
			(error, stdout, stderr) => resolve(`${stdout}${stderr}${error ? `\n${error.message}` : ''}`),
		);
	});
	expect(output).toBe('');
});
