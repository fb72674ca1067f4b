'use strict';
// Field rules shared by upload_all and upload_prepare. Each check answers the Feishu code
// for a violation, or null when the value is fine.
const { isOpenParentType, IMPORT_PARENT_TYPE } = require('./parentNodes');

const MAX_FILE_NAME_LENGTH = 250; // characters, counted as Unicode code points
const UPLOAD_ALL_MAX_SIZE = 20971520; // 20 MiB, upload_all only

function fileNameCode(name) {
	return name === '' || [...name].length > MAX_FILE_NAME_LENGTH ? 1061008 : null;
}

function parentTypeCode(parentType) {
	return isOpenParentType(parentType) ? null : 1061002;
}

/** The object a JSON text holds, or null if it is not a JSON object. */
function parseJsonObject(text) {
	try {
		const value = JSON.parse(text);
		return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;
	} catch {
		return null;
	}
}

/**
 * extra is optional and a JSON object *string*; import staging instead requires it
 * ({obj_type, file_extension}) and requires an empty parent_node.
 */
function extraCode(parentType, parentNode, extra) {
	const parsed = extra === undefined ? undefined : parseJsonObject(extra);
	if (parsed === null) return 1061002;
	if (parentType === IMPORT_PARENT_TYPE) {
		if (parentNode !== '') return 1061002;
		const ok = (v) => typeof v === 'string' && v !== '';
		if (!parsed || !ok(parsed.obj_type) || !ok(parsed.file_extension)) return 1061002;
	}
	return null;
}

function parentNodeCode(registry, parentType, parentNode) {
	if (parentType === IMPORT_PARENT_TYPE) return null;
	return registry.has(parentType, parentNode) ? null : 1061044;
}

/** A multipart decimal integer field -> its value, or null if it is not one. */
function parseDecimal(text) {
	if (typeof text !== 'string' || !/^[0-9]+$/.test(text)) return null;
	const value = Number(text);
	return Number.isSafeInteger(value) ? value : null;
}

/** Optional form fields: an empty value counts as absent (as a form parser on the server sees it). */
function optional(value) {
	return value === undefined || value === null || value === '' ? undefined : value;
}

/** checksum, when sent, must be the unsigned decimal Adler-32 of the bytes, exactly. */
function checksumCode(checksum, adler) {
	return checksum === undefined || checksum === String(adler) ? null : 1062008;
}

module.exports = {
	MAX_FILE_NAME_LENGTH,
	UPLOAD_ALL_MAX_SIZE,
	fileNameCode,
	parentTypeCode,
	parseJsonObject,
	extraCode,
	parentNodeCode,
	parseDecimal,
	optional,
	checksumCode,
};
