'use strict';

// What the UI test checked, one line each, and the closing count "N passed, N failed".
// A step that throws counts as one failure and the walk goes on with the next step: each step
// starts from its own page, so one broken step does not hide what the others would show.

function createChecks(out = process.stdout) {
	let passed = 0;
	let failed = 0;
	let prefix = '';
	let onStepFailure = null;

	function record(ok, name, detail) {
		if (ok) passed += 1;
		else failed += 1;
		out.write(
			`${ok ? 'PASS' : 'FAIL'} ${prefix}${name}${!ok && detail ? `\n     ${String(detail).split('\n').join('\n     ')}` : ''}\n`,
		);
		return ok;
	}

	return {
		/** Sets the label (e.g. "n8n 1.123.81: ") in front of every check line. */
		setPrefix(text) {
			prefix = text;
		},
		ok(name, condition, detail) {
			return record(Boolean(condition), name, detail);
		},
		equal(name, actual, expected) {
			const same = JSON.stringify(actual) === JSON.stringify(expected);
			return record(
				same,
				name,
				same ? '' : `expected ${JSON.stringify(expected)}\n got      ${JSON.stringify(actual)}`,
			);
		},
		contains(name, text, part) {
			const found = typeof text === 'string' && text.includes(part);
			return record(
				found,
				name,
				found ? '' : `expected to contain ${JSON.stringify(part)}\n got ${JSON.stringify(text)}`,
			);
		},
		/** Runs one step; an exception is a failure of that step, not the end of the run. */
		async step(name, fn) {
			process.stdout.write(`\n--- ${prefix}${name}\n`);
			try {
				await fn();
			} catch (error) {
				record(
					false,
					`${name}: did not finish`,
					error && error.stack ? error.stack.split('\n').slice(0, 6).join('\n') : error,
				);
				if (onStepFailure) await onStepFailure(name).catch(() => {});
			}
		},
		/** Called with the step's name when a step throws (e.g. a screenshot of where it stopped). */
		onStepFailure(fn) {
			onStepFailure = fn;
		},
		counts: () => ({ passed, failed }),
	};
}

module.exports = { createChecks };
