'use strict';
const { basename } = require('path');
const Sequencer = require('@jest/test-sequencer').default;

// The files that wait on the wall clock (real sockets, the real-time pacing and token checks) and
// the type check's compiler go first, longest first, so the rest run beside them. Jest's own order
// (failed first, then longest by its timing cache) holds for the others; CI starts with no cache.
const WALL_CLOCK_FILES = [
	'hostileEnds.test.ts',
	'hostile.test.ts',
	'realTime.test.ts',
	'download.test.ts',
	'typeCheck.test.ts',
	'errors.test.ts',
	'fakeFeishuImport.test.ts',
	'fake-feishu.test.js',
];

const rank = (test) => {
	const index = WALL_CLOCK_FILES.indexOf(basename(test.path));
	return index < 0 ? WALL_CLOCK_FILES.length : index;
};

class WallClockFirst extends Sequencer {
	sort(tests) {
		return [...super.sort(tests)].sort((a, b) => rank(a) - rank(b));
	}
}

module.exports = WallClockFirst;
