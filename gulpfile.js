const path = require('path');
const { task, src, dest } = require('gulp');

// tsc only emits .js; n8n also needs the node and credential icons next to them in dist/.
function copyIcons() {
	const nodeIcons = src(path.resolve('nodes', '**', '*.{png,svg}'), { encoding: false });
	nodeIcons.pipe(dest(path.resolve('dist', 'nodes')));
	const credentialIcons = src(path.resolve('credentials', '**', '*.{png,svg}'), { encoding: false });
	return credentialIcons.pipe(dest(path.resolve('dist', 'credentials')));
}

task('build:icons', copyIcons);
