'use strict';

const { execFile } = require('child_process');

/**
 * The reference: curl posting the same bytes to the same upload_all endpoint, with a token and
 * the checksum prepared beforehand (the node computes both inside its timed run). The time is
 * curl's own time_total, so process start-up counts for neither side.
 */
function curlUploadAll({ curl, fake, token, file, fileName, parentType, parentNode }) {
	const args = [
		'--silent',
		'--show-error',
		'--max-time',
		'600',
		// No "Expect: 100-continue" round trip: the reference should be curl at its quickest.
		'-H',
		'Expect:',
		'-H',
		`Authorization: Bearer ${token}`,
		'-F',
		`file_name=${fileName}`,
		'-F',
		`parent_type=${parentType}`,
		'-F',
		`parent_node=${parentNode}`,
		'-F',
		`size=${file.size}`,
		'-F',
		`checksum=${file.checksum}`,
		'-F',
		`file=@${file.path};type=application/octet-stream`,
		'-w',
		'\n%{time_total}',
		`${fake.baseUrl}/open-apis/drive/v1/medias/upload_all`,
	];
	return new Promise((resolve, reject) => {
		execFile(curl, args, { maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
			if (error) return reject(new Error(`curl failed: ${stderr || error.message}`));
			const newline = stdout.lastIndexOf('\n');
			const seconds = Number(stdout.slice(newline + 1));
			let body;
			try {
				body = JSON.parse(stdout.slice(0, newline));
			} catch {
				return reject(new Error(`curl got a non-JSON answer: ${stdout.slice(0, 200)}`));
			}
			if (body.code !== 0 || !body.data || !body.data.file_token)
				return reject(new Error(`upload_all refused curl's upload: ${JSON.stringify(body)}`));
			resolve({ wallMs: seconds * 1000, fileToken: body.data.file_token });
		});
	});
}

module.exports = { curlUploadAll };
