#!/usr/bin/env node
// Adds up jest --json result files into the one line CI reads: "N passed, N failed".
// A missing file (a suite that could not start) counts as a failure, not as nothing.
const fs = require('fs');

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
	try {
		const result = JSON.parse(fs.readFileSync(file, 'utf8'));
		passed += result.numPassedTests;
		failed += result.numFailedTests + result.numRuntimeErrorTestSuites;
		console.log(
			`${file}: ${result.numPassedTests} passed, ${result.numFailedTests} failed, ${result.numRuntimeErrorTestSuites} suites could not run`,
		);
	} catch (error) {
		failed += 1;
		console.log(`${file}: no results (${error.message})`);
	}
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
