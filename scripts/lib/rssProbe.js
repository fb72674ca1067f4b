'use strict';

// Preloaded into the n8n process with `node --require` to record its peak resident set size.
// getrusage's maxRSS is exact; sampling /proc from outside could miss a short spike.
const fs = require('fs');

const file = process.env.FEISHU_MEDIA_RSS_FILE;
// Not inherited by n8n's own child processes (the task runner): only the main process reports.
delete process.env.FEISHU_MEDIA_RSS_FILE;

if (file) {
	process.on('exit', () => {
		try {
			fs.writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
		} catch {
			/* best effort: the caller reports "unknown" */
		}
	});
}
