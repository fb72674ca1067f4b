'use strict';
// Response bodies in Feishu's shapes, and the log ids that tie a response to its header.
const crypto = require('crypto');
const { describeCode } = require('./errorCodes');

let sequence = 0;

/** Feishu-like log id: Beijing timestamp + a counter (uniqueness) + random hex. */
function newLogId() {
	const stamp = new Date(Date.now() + 8 * 3600 * 1000)
		.toISOString()
		.replace(/\D/g, '')
		.slice(0, 14);
	sequence = (sequence + 1) % 0x10000;
	const counter = sequence.toString(16).padStart(4, '0');
	return (stamp + counter + crypto.randomBytes(7).toString('hex')).toUpperCase();
}

function troubleshooterUrl(logId) {
	return `https://open.feishu.cn/search?log_id=${logId}`;
}

function successBody(data) {
	return { code: 0, msg: 'success', data };
}

function errorBody(code, logId) {
	const body = {
		code,
		msg: describeCode(code).msg,
		error: { log_id: logId, troubleshooter: troubleshooterUrl(logId) },
	};
	// docs/feishu-protocol.md: for a missing scope the error names it.
	if (code === 99991672) {
		body.error.permission_violations = [
			{
				type: 'action_scope_required',
				subject: 'docs:document.media:upload',
				description: 'upload media',
			},
		];
	}
	return body;
}

// What a gateway in front of Feishu answers on a 5xx: HTML, not JSON, so clients must not JSON.parse blindly.
const HTTP_500_HTML =
	'<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n' +
	'<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

module.exports = { newLogId, troubleshooterUrl, successBody, errorBody, HTTP_500_HTML };
