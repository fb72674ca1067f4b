'use strict';

const { steadyRate } = require('./measure');

const UPLOAD_ENDPOINTS = new Set(['upload_all', 'upload_prepare', 'upload_part', 'upload_finish']);

/**
 * Checks that the fake holds exactly the expected bytes under each file_token the upload
 * returned, so a run that failed or stored the wrong bytes can never show up as a fast one.
 * `expected[i]` is { size, sha256 } for output item i. Throws on any difference.
 */
async function verifyStored(fake, fileTokens, expected, label) {
	const stored = new Map((await fake.files()).map((file) => [file.fileToken, file]));
	if (fileTokens.length !== expected.length)
		throw new Error(`${label}: ${fileTokens.length} file tokens for ${expected.length} files`);
	fileTokens.forEach((token, index) => {
		const file = stored.get(token);
		const want = expected[index];
		if (!file)
			throw new Error(`${label}: the fake has no file with token ${token} (item ${index + 1})`);
		if (file.size !== want.size || file.sha256 !== want.sha256) {
			throw new Error(
				`${label}: item ${index + 1} stored ${file.size} bytes sha256 ${file.sha256}, expected ${want.size} bytes sha256 ${want.sha256}`,
			);
		}
	});
}

/** Output items of the node → their file tokens; an error item or a missing token fails the run. */
function fileTokensOf(output, label) {
	return output.map((json, index) => {
		if (json.error || typeof json.file_token !== 'string')
			throw new Error(`${label}: item ${index + 1} failed: ${JSON.stringify(json)}`);
		return json.file_token;
	});
}

/**
 * The fake's record of this run for the measured app (not the warm-up one): upload requests, the
 * refused ones (retries), limit breaches, achieved rate.
 */
async function fakeRecord(fake) {
	const stats = await fake.stats();
	const uploads = stats.requests.filter(
		(request) => request.appId === fake.appId && UPLOAD_ENDPOINTS.has(request.endpoint),
	);
	return {
		requests: uploads.length,
		refused: uploads.filter((request) => request.httpStatus !== 200 || request.code !== 0).length,
		breaches: stats.breaches.filter((breach) => breach.appId === fake.appId).length,
		rate: steadyRate(uploads.map((request) => request.at)),
	};
}

module.exports = { verifyStored, fileTokensOf, fakeRecord };
