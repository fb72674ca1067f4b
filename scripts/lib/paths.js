'use strict';

const os = require('os');
const path = require('path');

const repoRoot = path.resolve(__dirname, '..', '..');

// n8n is ~2 GB installed: keep it out of the repo, shared by every checkout and reused between runs.
const cacheRoot = path.resolve(
	process.env.FEISHU_MEDIA_CACHE || path.join(os.homedir(), '.cache', 'feishu-media-n8n'),
);

module.exports = { repoRoot, cacheRoot };
