'use strict';

const MiB = 1024 * 1024;

const USAGE = `usage: npm run bench -- [--sizes 1,20,100,500] [--runs 3] [--items 100] [--item-kib 1] [--curl /usr/bin/curl]
                           [--download-sizes 100,500] [--download-only]
  --sizes     file sizes in MiB (decimals allowed), env BENCH_SIZES
  --download-sizes  sizes in MiB for the download rows, "none" skips them, env BENCH_DOWNLOAD_SIZES
  --download-only   only the download rows (no uploads, no small items)
  --runs      measured runs per size and pass; the table shows the median time and the worst RSS, env BENCH_RUNS
  --items     small items for the rate test (0 skips it), env BENCH_ITEMS
  --item-kib  size of each small item in KiB, env BENCH_ITEM_KIB
  --curl      the curl binary for the reference upload, env BENCH_CURL`;

function positiveNumber(name, text, { integer = false, allowZero = false } = {}) {
	const value = Number(text);
	const ok =
		Number.isFinite(value) &&
		(allowZero ? value >= 0 : value > 0) &&
		(!integer || Number.isInteger(value));
	if (!ok)
		throw new Error(
			`${name} needs a ${integer ? 'whole ' : ''}number${allowZero ? ' ≥ 0' : ' > 0'}, got "${text}"`,
		);
	return value;
}

function parseSizes(text) {
	const sizes = String(text)
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean)
		.map((part) => Math.round(positiveNumber('--sizes', part) * MiB));
	if (sizes.length === 0) throw new Error('--sizes needs at least one size');
	return [...new Set(sizes)].sort((a, b) => a - b);
}

/** CLI flags win over environment variables, which win over the defaults of the issue. */
function parseOptions(argv, env = process.env) {
	const raw = {
		sizes: env.BENCH_SIZES || '1,20,100,500',
		runs: env.BENCH_RUNS || '3',
		items: env.BENCH_ITEMS || '100',
		itemKib: env.BENCH_ITEM_KIB || '1',
		curl: env.BENCH_CURL || '/usr/bin/curl',
		downloadSizes: env.BENCH_DOWNLOAD_SIZES || '100,500',
	};
	const flags = {
		'--sizes': 'sizes',
		'--runs': 'runs',
		'--items': 'items',
		'--item-kib': 'itemKib',
		'--curl': 'curl',
		'--download-sizes': 'downloadSizes',
	};
	let downloadOnly = false;
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s);
		if (flag === '--help' || flag === '-h') return { help: USAGE };
		if (flag === '--download-only') {
			downloadOnly = true;
			continue;
		}
		const key = flags[flag];
		if (!key) throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
		const value = inline !== undefined ? inline : argv[++i];
		if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
		raw[key] = value;
	}
	return {
		sizes: parseSizes(raw.sizes),
		runs: positiveNumber('--runs', raw.runs, { integer: true }),
		items: positiveNumber('--items', raw.items, { integer: true, allowZero: true }),
		itemBytes: Math.round(positiveNumber('--item-kib', raw.itemKib) * 1024),
		curl: raw.curl,
		downloadSizes: raw.downloadSizes === 'none' ? [] : parseSizes(raw.downloadSizes),
		downloadOnly,
	};
}

module.exports = { parseOptions, MiB };
