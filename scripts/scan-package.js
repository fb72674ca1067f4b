#!/usr/bin/env node
'use strict';

// n8n's verification gate, run locally: @n8n/scan-community-package's analyser over the
// sources (package.json, nodes/, credentials/) and over the packed tarball, the two legs its
// analyzePackageByName runs for a published version. The analyser itself only fails on
// errors; this script fails on warnings too, and on a tarball that cannot load in n8n
// (an n8n.nodes / n8n.credentials entry missing) or that ships build or test leftovers.
// Needs a build first (`npm run build`): the tarball is packed from dist/. The scanner runs
// from the cached tools folder (scripts/lib/n8nTools.js says why it is not a devDependency).

const { execFileSync } = require('child_process');
const fs = require('fs');
const Module = require('module');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');
const { ensureN8nTools } = require('./lib/n8nTools');

const repoRoot = path.resolve(__dirname, '..');

// Files a published package must not carry: tsc's incremental state, sources, tests.
const FORBIDDEN_IN_TARBALL = [
	{ pattern: /\.tsbuildinfo$/, why: "tsc's incremental build state" },
	{ pattern: /(^|\/)(test|tests|__tests__|fake-feishu)\//, why: 'test code' },
	{ pattern: /\.(test|spec)\.[cm]?[jt]s$/, why: 'test code' },
	{ pattern: /(?<!\.d)\.ts$/, why: 'TypeScript source (only .d.ts belongs in dist/)' },
];

/**
 * 0.32.0 pins typescript 7.0.2, whose package has no JS compiler API; the typescript-eslint
 * parser it ships then dies on load (ts-api-utils: "reading 'Intrinsic'"). An `overrides`
 * entry would fix the install, but the scanner's own no-overrides-field rule forbids that
 * field in a community package, so only the scanner's `require('typescript')` is pointed
 * at this project's TypeScript 5.x here.
 */
function giveScannerProjectTypescript(scannerRoot) {
	const projectTypescript = require.resolve('typescript');
	const resolveFilename = Module._resolveFilename;
	Module._resolveFilename = function resolveForScanner(request, parent, ...rest) {
		if (request === 'typescript' && parent?.filename?.startsWith(scannerRoot + path.sep)) {
			return projectTypescript;
		}
		return resolveFilename.call(this, request, parent, ...rest);
	};
}

/**
 * analyzePackage keeps ESLint's results to itself (and formats them only when there is an
 * error), so the results of its own lintFiles call are recorded here to show warnings too.
 */
function recordLintResults(scannerRequire) {
	const { ESLint } = scannerRequire('eslint');
	const lintFiles = ESLint.prototype.lintFiles;
	const recorded = [];
	ESLint.prototype.lintFiles = async function recordingLintFiles(...args) {
		const results = await lintFiles.apply(this, args);
		recorded.push(...results);
		return results;
	};
	return recorded;
}

async function loadScanner() {
	const { scannerRoot } = await ensureN8nTools();
	const scannerRequire = Module.createRequire(path.join(scannerRoot, 'scanner', 'scanner.mjs'));
	giveScannerProjectTypescript(scannerRoot);
	// The scanner makes a temp dir when loaded and removes it only with graceful cleanup on.
	scannerRequire('tmp').setGracefulCleanup();
	const recorded = recordLintResults(scannerRequire);
	const scanner = await import(
		pathToFileURL(path.join(scannerRoot, 'scanner', 'scanner.mjs')).href
	);
	return { scanner, recorded };
}

/** Runs one leg of the analyser; returns its findings as `file:line:col severity rule message`. */
async function analyze({ scanner, recorded }, label, dir, patterns, shownAs) {
	recorded.length = 0;
	const verdict = await scanner.analyzePackage(dir, patterns);
	const findings = [];
	if (verdict.error || (!verdict.passed && recorded.length === 0)) {
		findings.push({ severity: 'error', text: `${label}: the analyser failed: ${verdict.message}` });
	}
	if (recorded.length === 0 && verdict.passed) {
		findings.push({
			severity: 'error',
			text: `${label}: no files were analysed (${verdict.message ?? 'none matched'})`,
		});
	}
	for (const result of recorded) {
		const file = path.join(shownAs, path.relative(dir, result.filePath));
		for (const message of result.messages) {
			const severity = message.severity === 2 ? 'error' : 'warning';
			const where = `${file}:${message.line ?? 0}:${message.column ?? 0}`;
			findings.push({
				severity,
				text: `${where} ${severity} ${message.ruleId ?? '(parser)'} ${message.message}`,
			});
		}
	}
	report(`${label}: ${recorded.length} files analysed`, findings);
	return findings;
}

function report(heading, findings) {
	const errors = findings.filter((finding) => finding.severity === 'error').length;
	console.log(`${heading}, ${errors} errors, ${findings.length - errors} warnings`);
	for (const finding of findings) console.log(`  ${finding.text}`);
}

/** Packs the package as `npm publish` would and unpacks it into workDir/package. */
function packAndUnpack(workDir) {
	const out = execFileSync(
		'npm',
		['pack', '--json', '--ignore-scripts', `--pack-destination=${workDir}`],
		{
			cwd: repoRoot,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'inherit'],
		},
	);
	const [info] = JSON.parse(out.slice(out.indexOf('[')));
	execFileSync('tar', ['-xzf', path.join(workDir, info.filename), '-C', workDir]);
	return { info, dir: path.join(workDir, 'package') };
}

/** n8n loads exactly the files package.json's n8n section names; nothing stray ships. */
function checkTarballContents(label, { info, dir }) {
	const findings = [];
	const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
	for (const entry of [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])]) {
		if (!fs.existsSync(path.join(dir, entry))) {
			findings.push({
				severity: 'error',
				text: `package.json n8n entry ${entry} is not in the tarball`,
			});
		}
	}
	for (const { path: file } of info.files) {
		const forbidden = FORBIDDEN_IN_TARBALL.find(({ pattern }) => pattern.test(file));
		if (forbidden)
			findings.push({
				severity: 'error',
				text: `${file} is ${forbidden.why}; it must not be published`,
			});
	}
	report(`${label}: ${info.files.length} files, ${info.size} bytes packed`, findings);
	return findings;
}

async function main() {
	const loaded = await loadScanner();
	const findings = await analyze(
		loaded,
		'source (package.json, nodes/, credentials/)',
		repoRoot,
		loaded.scanner.SOURCE_FILE_PATTERNS,
		'',
	);

	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'feishu-media-scan-'));
	try {
		const packed = packAndUnpack(workDir);
		const label = `tarball ${packed.info.filename}`;
		findings.push(...checkTarballContents(label, packed));
		findings.push(
			...(await analyze(loaded, label, packed.dir, ['**/*.js', 'package.json'], 'package')),
		);
	} finally {
		fs.rmSync(workDir, { recursive: true, force: true });
	}

	const errors = findings.filter((finding) => finding.severity === 'error').length;
	const warnings = findings.length - errors;
	console.log(`scan: ${errors} errors, ${warnings} warnings${findings.length ? '' : ' (passed)'}`);
	process.exitCode = findings.length === 0 ? 0 : 1;
}

main().catch((error) => {
	console.error(`scan: could not run: ${error.stack ?? error}`);
	process.exitCode = 1;
});
