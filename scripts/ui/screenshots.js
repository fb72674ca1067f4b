'use strict';

// Screenshots of each step (into a folder git ignores) and the four README pictures, cropped to
// the panel they are about so they stay small and readable.

const fs = require('fs');
const path = require('path');
const { repoRoot } = require('../lib/paths');

const STEP_DIR = path.join(repoRoot, '.cache', 'ui');
const README = path.join(repoRoot, 'README.md');
const MAX_README_IMAGE_BYTES = 150 * 1024;

/** The README's pictures: docs/images/<file>, written by `npm run test:ui -- --update-screenshots`. */
const README_IMAGES = {
	parentType: 'docs/images/editor-parent-type.png',
	credentialTest: 'docs/images/editor-credential-test.png',
	outputFileToken: 'docs/images/editor-output-file-token.png',
	errorOutput: 'docs/images/editor-error-output.png',
};

function createShots(page, { label, updateReadme }) {
	const dir = path.join(STEP_DIR, label);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	let count = 0;
	return {
		dir,
		/** The whole page after a step: .cache/ui/<label>/NN-name.png. */
		async step(name) {
			count += 1;
			const file = path.join(dir, `${String(count).padStart(2, '0')}-${name}.png`);
			await page.screenshot({ path: file });
			return file;
		},
		/**
		 * One README picture, cropped to the union of the given elements (plus a margin). Written to
		 * docs/images only with --update-screenshots; otherwise next to the step screenshots.
		 */
		async readme(key, locators, { margin = 8 } = {}) {
			const boxes = [];
			for (const locator of locators) {
				const box = await locator.boundingBox();
				if (box) boxes.push(box);
			}
			if (!boxes.length)
				throw new Error(`README picture ${key}: none of its elements is on screen`);
			const viewport = page.viewportSize();
			const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - margin);
			const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - margin);
			const right = Math.min(viewport.width, Math.max(...boxes.map((b) => b.x + b.width)) + margin);
			const bottom = Math.min(
				viewport.height,
				Math.max(...boxes.map((b) => b.y + b.height)) + margin,
			);
			const file = updateReadme
				? path.join(repoRoot, README_IMAGES[key])
				: path.join(dir, `readme-${path.basename(README_IMAGES[key])}`);
			fs.mkdirSync(path.dirname(file), { recursive: true });
			await page.screenshot({ path: file, clip: { x, y, width: right - x, height: bottom - y } });
			return file;
		},
	};
}

/** The committed README pictures: present, PNG, small, and shown by the README. */
function checkReadmeImages(checks) {
	const readme = fs.readFileSync(README, 'utf8');
	for (const file of Object.values(README_IMAGES)) {
		const absolute = path.join(repoRoot, file);
		const exists = fs.existsSync(absolute);
		checks.ok(
			`README picture ${file} exists`,
			exists,
			'run: npm run test:ui -- --update-screenshots',
		);
		if (!exists) continue;
		const bytes = fs.readFileSync(absolute);
		checks.ok(`${file} is a PNG`, bytes.subarray(1, 4).toString() === 'PNG');
		checks.ok(
			`${file} is under 150 KB (${Math.round(bytes.length / 1024)} KB)`,
			bytes.length < MAX_README_IMAGE_BYTES,
		);
		checks.ok(`README.md shows ${file}`, readme.includes(`(${file})`));
	}
}

module.exports = { createShots, checkReadmeImages, README_IMAGES, STEP_DIR };
