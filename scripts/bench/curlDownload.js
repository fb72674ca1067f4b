'use strict';

const { execFile } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');

/** sha256 of a file, streamed (the 500 MiB download is never held whole). */
async function fileSha256(filePath) {
	const hash = crypto.createHash('sha256');
	for await (const chunk of fs.createReadStream(filePath, { highWaterMark: 1024 * 1024 }))
		hash.update(chunk);
	return hash.digest('hex');
}

/**
 * The reference for downloads: curl fetching the same file from the same fake into a file on disk
 * (as the node's filesystem store does), with a token fetched beforehand. Its own time_total.
 */
function curlDownload({ curl, fake, token, fileToken, outPath }) {
	const args = [
		'--silent',
		'--show-error',
		'--fail',
		'--max-time',
		'600',
		'-H',
		`Authorization: Bearer ${token}`,
		'-o',
		outPath,
		'-w',
		'%{time_total}',
		`${fake.baseUrl}/open-apis/drive/v1/medias/${encodeURIComponent(fileToken)}/download`,
	];
	return new Promise((resolve, reject) => {
		execFile(curl, args, { maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
			if (error) return reject(new Error(`curl download failed: ${stderr || error.message}`));
			resolve({ wallMs: Number(stdout.trim()) * 1000 });
		});
	});
}

module.exports = { curlDownload, fileSha256 };
