const fs = require('fs');
const path = require('path');
const { task, src, dest, parallel } = require('gulp');

// dist/ is what npm packs: start every build from an empty one, so files the sources no
// longer have (a renamed module, an old tsbuildinfo) never reach the published tarball.
function clean(done) {
	fs.rmSync(path.resolve('dist'), { recursive: true, force: true });
	done();
}

// tsc emits the .js and the codex files (*.node.json, through tsconfig's include); n8n also
// needs the node and credential icons (light and dark) next to them in dist/. Each copy
// returns its stream, so gulp waits until every icon is written.
const copyIcons = (dir) => {
	const copy = () =>
		src(path.resolve(dir, '**', '*.{png,svg}'), { encoding: false }).pipe(
			dest(path.resolve('dist', dir)),
		);
	copy.displayName = `copy ${dir} icons`;
	return copy;
};

task('clean', clean);
task('build:icons', parallel(copyIcons('nodes'), copyIcons('credentials')));
