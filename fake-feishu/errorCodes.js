'use strict';
// The one table of every code the fake can answer: code -> HTTP status + msg.
// Codes listed on Feishu's upload_all page carry Feishu's msg verbatim (trailing dot included);
// the others carry the meaning Feishu's error code list gives, since Feishu documents no msg for them.
// The HTTP statuses are those of Feishu's error tables (docs/feishu-protocol.md; several retryable codes are 200).

const TABLE = {
	// token endpoint
	10003: [400, 'invalid param'],
	10014: [400, 'app secret invalid'],
	// gateway
	99991400: [429, 'gateway frequency limit'],
	99991661: [400, 'Authorization header missing or malformed'],
	99991663: [400, 'tenant token invalid or expired'],
	99991668: [400, 'user token invalid'],
	99991671: [400, 'token does not start with t- or u-'],
	99991672: [400, 'app lacks an API scope'],
	99991677: [400, 'user token expired'],
	// drive media service (the upload_all page's table)
	1061001: [200, 'internal error.'],
	1061002: [400, 'params error.'],
	1061003: [404, 'not found.'],
	1061004: [403, 'forbidden.'],
	1061005: [401, 'auth failed.'],
	1061006: [200, 'internal time out.'],
	1061007: [404, 'file has been delete.'],
	1061008: [400, 'invalid file name.'],
	1061021: [400, 'upload id expire.'],
	1061041: [400, 'parent node has been deleted.'],
	1061042: [400, 'parent node out of limit.'],
	1061043: [400, 'file size beyond limit.'],
	1061044: [400, 'parent node not exist.'],
	1061045: [200, 'can retry.'],
	1061061: [400, 'user quota exceeded.'],
	1061073: [403, 'no scope auth.'],
	1061101: [400, 'file quota exceeded.'],
	1061109: [400, 'file name cqc not passed.'],
	1061113: [400, 'file cqc not passed.'],
	1061547: [400, 'attachment parent-child relation number exceed.'],
	1062004: [202, 'cover generating.'],
	1062005: [202, 'file type not support cover.'],
	1062006: [202, 'cover no exist.'],
	1062007: [400, 'upload user not match.'],
	1062008: [400, 'checksum param Invalid.'],
	1062009: [400, 'the actual size is inconsistent with the parameter declaration size.'],
	1062010: [400, 'block missing, please upload all blocks.'],
	1062011: [400, 'block num out of bounds.'],
	1062012: [400, 'file copying.'],
	1062013: [400, 'file damaged.'],
	1062014: [403, 'dedupe no support.'],
	1062051: [400, 'client connect close.'],
	1062505: [400, 'parent node out of size.'],
	1062506: [400, 'parent node out of depth.'],
	1062507: [400, 'parent node out of sibling num.'],
	// docx v1 (the block pages' error tables)
	1770001: [400, 'invalid param'],
	1770002: [404, 'not found'],
	1770003: [400, 'resource deleted'],
	1770004: [400, 'too many blocks in document'],
	1770007: [400, 'too many children in block'],
	1770013: [400, 'relation mismatch'],
	1770025: [400, 'operation and block not match'],
	1770028: [400, 'block not support create children'],
	1770029: [400, 'block not support to create'],
	1770032: [403, 'forbidden'],
	1771001: [500, 'server internal error'],
	// bitable v1 (the record pages' error tables)
	1254000: [200, 'WrongRequestJson'],
	1254001: [200, 'WrongRequestBody'],
	1254040: [200, 'BaseTokenNotFound'],
	1254041: [200, 'TableIdNotFound'],
	1254043: [200, 'RecordIdNotFound'],
	1254045: [200, 'FieldNameNotFound'],
	1254060: [200, 'TextFieldConvFail'],
	1254061: [200, 'NumberFieldConvFail'],
	1254069: [200, 'AttachFieldConvFail'],
	1254290: [200, 'TooManyRequest'],
	1254291: [200, 'Write conflict'],
	1254302: [403, 'Permission denied.'],
	1254303: [200, 'The attachment does not belong to this base.'],
	1255001: [200, 'InternalError'],
	// drive import tasks (import_task/create and get pages)
	1069901: [500, 'internal error'],
	1069902: [403, 'no permission'],
	1069903: [500, 'internal error'],
	1069904: [400, 'invalid param'],
	1069905: [500, 'internal error'],
	1069906: [403, 'docs deleted'],
	1069907: [404, 'file token not found'],
	1069908: [403, 'mount point not found or no permission'],
	1069909: [400, 'import file size over limit'],
	1069910: [400, 'import file extension not match'],
	1069911: [400, 'import file type not match'],
	1069912: [400, 'folder not exist'],
	1069913: [400, 'import file token expired'],
	1069914: [400, 'invalid file token'],
	1069923: [429, 'too many requests'],
};

const ERROR_CODES = Object.freeze(
	Object.fromEntries(
		Object.entries(TABLE).map(([code, [httpStatus, msg]]) => [
			code,
			Object.freeze({ httpStatus, msg }),
		]),
	),
);

function isKnownCode(code) {
	return Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}

/** { httpStatus, msg } for a code; unknown codes (only reachable via script()) get a generic 400. */
function describeCode(code) {
	return isKnownCode(code) ? ERROR_CODES[code] : { httpStatus: 400, msg: 'unknown error' };
}

module.exports = { ERROR_CODES, describeCode, isKnownCode };
