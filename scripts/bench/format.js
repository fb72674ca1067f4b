'use strict';

const MiB = 1024 * 1024;

function mib(bytes, digits = 1) {
	return bytes === undefined ? '-' : `${(bytes / MiB).toFixed(digits)} MiB`;
}

function sizeLabel(bytes) {
	if (bytes >= MiB) return `${+(bytes / MiB).toFixed(2)} MiB`;
	return `${+(bytes / 1024).toFixed(2)} KiB`;
}

function duration(ms) {
	if (ms === undefined) return '-';
	return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function fixed(value, digits, suffix = '') {
	return value === undefined || !Number.isFinite(value) ? '-' : `${value.toFixed(digits)}${suffix}`;
}

function percent(ratio) {
	return fixed(ratio === undefined ? undefined : ratio * 100, 1, ' %');
}

/** A plain-text table: the first row is the header; numbers and units right-aligned. */
function table(rows) {
	const widths = rows[0].map((_, column) =>
		Math.max(...rows.map((row) => String(row[column]).length)),
	);
	const line = (row) =>
		row
			.map((cell, column) =>
				column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]),
			)
			.join('  ')
			.trimEnd();
	return [
		line(rows[0]),
		widths.map((width) => '-'.repeat(width)).join('  '),
		...rows.slice(1).map(line),
	].join('\n');
}

module.exports = { MiB, mib, sizeLabel, duration, fixed, percent, table };
