'use strict';
// POST /open-apis/drive/v1/medias/upload_all: one multipart request, file up to 20 MiB.
const { receiveUpload } = require('./multipart');
const { newFileToken } = require('./newToken');
const v = require('./validate');

const REQUIRED_FIELDS = ['file_name', 'parent_type', 'parent_node', 'size'];

/**
 * The Feishu code refusing this request, or null. Order: malformed/missing params, file
 * name, parameter values, size cap, parent node existence, then checks on the bytes.
 */
function refusal(parsed, parentNodes) {
	if (parsed.error) return 1061002;
	const f = parsed.fields;
	if (REQUIRED_FIELDS.some((name) => f[name] === undefined) || !parsed.file) return 1061002;
	const nameCode = v.fileNameCode(f.file_name);
	if (nameCode) return nameCode;
	if (v.parentTypeCode(f.parent_type)) return 1061002;
	const size = v.parseDecimal(f.size);
	if (size === null) return 1061002;
	const extraCode = v.extraCode(f.parent_type, f.parent_node, v.optional(f.extra));
	if (extraCode) return extraCode;
	if (size > v.UPLOAD_ALL_MAX_SIZE) return 1061043;
	const nodeCode = v.parentNodeCode(parentNodes, f.parent_type, f.parent_node);
	if (nodeCode) return nodeCode;
	if (parsed.file.overflow || parsed.file.bytes !== size) return 1062009;
	return v.checksumCode(v.optional(f.checksum), parsed.file.adler32);
}

function handleUploadAll(ex, core) {
	return receiveUpload(
		ex,
		core,
		v.UPLOAD_ALL_MAX_SIZE,
		(parsed) => ({ code: refusal(parsed, core.parentNodes) }),
		async (tmp, parsed) => {
			const f = parsed.fields;
			const fileToken = newFileToken(core.files);
			const filePath = await core.storage.keepFile(tmp, fileToken);
			core.files.set(fileToken, {
				fileToken,
				fileName: f.file_name,
				parentType: f.parent_type,
				parentNode: f.parent_node,
				extra: v.optional(f.extra),
				size: parsed.file.bytes,
				sha256: parsed.file.sha256,
				path: filePath,
				uploadMode: 'upload_all',
				appId: ex.appId,
				identity: ex.openId ? 'user' : 'tenant',
				openId: ex.openId,
			});
			return { file_token: fileToken };
		},
	);
}

module.exports = { handleUploadAll };
