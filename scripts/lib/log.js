'use strict';

// One place for progress lines, so the demo and the e2e suite print the same way.
// They go to stderr: stdout stays free for anything a caller may want to pipe.

const started = Date.now();

function formatDuration(ms) {
	const s = Math.round(ms / 1000);
	if (s < 60) return `${s}s`;
	return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

function formatBytes(n) {
	if (n >= 1024 * 1024 * 1024) return `${(n / 1024 / 1024 / 1024).toFixed(2)} GiB`;
	if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
	if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
	return `${n} B`;
}

function log(message) {
	process.stderr.write(
		`[feishu-media ${formatDuration(Date.now() - started).padStart(6)}] ${message}\n`,
	);
}

module.exports = { log, formatDuration, formatBytes };
