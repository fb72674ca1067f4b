'use strict';
// Who may read a stored file. Base attachments uploaded under a Base's advanced permissions
// (their upload extra carried bitablePerm.tableId) can only be read with Feishu's `extra`
// query parameter: the URL-encoded JSON {"bitablePerm":{"tableId":…,"attachments":{fld:{rec:[token]}}}}.
// Without it Feishu answers HTTP 400; with another table, or an attachments map that does not
// list the file, the app is refused (403). Every other file needs no extra (an extra that is
// not a JSON object is still a malformed parameter).
const { parseJsonObject } = require('./validate');

const BITABLE_TYPES = new Set(['bitable_image', 'bitable_file']);

/** The tableId a Base attachment is guarded by, or null when the file needs no extra. */
function guardingTable(meta) {
	if (!BITABLE_TYPES.has(meta.parentType) || meta.extra === undefined) return null;
	const extra = parseJsonObject(meta.extra);
	const tableId = extra && extra.bitablePerm && extra.bitablePerm.tableId;
	return typeof tableId === 'string' && tableId !== '' ? tableId : null;
}

function listsFile(attachments, fileToken) {
	if (attachments === null || typeof attachments !== 'object' || Array.isArray(attachments))
		return false;
	return Object.values(attachments).some(
		(records) =>
			records !== null &&
			typeof records === 'object' &&
			Object.values(records).some((tokens) => Array.isArray(tokens) && tokens.includes(fileToken)),
	);
}

/** The Feishu code refusing to read `meta` with this raw `extra` query value, or null. */
function readRefusal(meta, extraText) {
	const extra =
		extraText === null || extraText === undefined ? undefined : parseJsonObject(extraText);
	if (extra === null) return 1061002;
	const tableId = guardingTable(meta);
	if (tableId === null) return null;
	if (!extra || !extra.bitablePerm || typeof extra.bitablePerm !== 'object') return 1061002;
	const perm = extra.bitablePerm;
	if (perm.tableId !== tableId) return 1061004;
	if (perm.attachments !== undefined && !listsFile(perm.attachments, meta.fileToken))
		return 1061004;
	return null;
}

module.exports = { readRefusal, guardingTable };
