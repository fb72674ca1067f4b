'use strict';
// Block upload: upload_prepare (JSON) -> upload_part (multipart, one per block) -> upload_finish (JSON).
const { receiveUpload } = require('./multipart');
const { readJsonObject } = require('./body');
const { newFileToken } = require('./newToken');
const v = require('./validate');

/** Resolve an upload_id for part/finish: unknown -> 1061002, expired -> 1061021, other app -> 1062007. */
function findSession(core, uploadId, appId) {
	const found = core.sessions.lookup(uploadId);
	if (found.state === 'unknown') return { code: 1061002 };
	if (found.state === 'expired') {
		core.storage.dropBlocks(uploadId).catch(() => {}); // an expired upload's blocks are useless
		return { code: 1061021 };
	}
	if (found.session.appId !== appId) return { code: 1062007 };
	return { session: found.session };
}

const isText = (value) => typeof value === 'string';

async function handlePrepare(ex, core) {
	const body = await readJsonObject(ex.req);
	if (!body.ok) {
		core.debug(ex, body.reason);
		return ex.fail(1061002);
	}
	const b = body.value;
	// parent_node must be sent even when empty (import staging).
	if (
		!isText(b.file_name) ||
		!isText(b.parent_type) ||
		!isText(b.parent_node) ||
		b.size === undefined
	)
		return ex.fail(1061002);
	const nameCode = v.fileNameCode(b.file_name);
	if (nameCode) return ex.fail(nameCode);
	if (v.parentTypeCode(b.parent_type)) return ex.fail(1061002);
	// size is an int in JSON; no 20 MiB cap here, but an empty file cannot be sent in blocks.
	if (!Number.isSafeInteger(b.size) || b.size < 1) return ex.fail(1061002);
	const extra = v.optional(b.extra);
	if (extra !== undefined && !isText(extra)) return ex.fail(1061002); // extra is a JSON *string*
	const extraCode = v.extraCode(b.parent_type, b.parent_node, extra);
	if (extraCode) return ex.fail(extraCode);
	const nodeCode = v.parentNodeCode(core.parentNodes, b.parent_type, b.parent_node);
	if (nodeCode) return ex.fail(nodeCode);

	const session = core.sessions.create({
		appId: ex.appId,
		openId: ex.openId,
		fileName: b.file_name,
		parentType: b.parent_type,
		parentNode: b.parent_node,
		extra,
		size: b.size,
	});
	return ex.ok({
		upload_id: session.uploadId,
		block_size: session.blockSize,
		block_num: session.blockNum,
	});
}

function partRefusal(parsed, core, appId) {
	if (parsed.error) return { code: 1061002 };
	const f = parsed.fields;
	if (f.upload_id === undefined || f.seq === undefined || f.size === undefined || !parsed.file)
		return { code: 1061002 };
	const found = findSession(core, f.upload_id, appId);
	if (found.code) return found;
	const { session } = found;
	const seq = v.parseDecimal(f.seq);
	if (seq === null || seq >= session.blockNum) return { code: 1062011 };
	const size = v.parseDecimal(f.size);
	if (size === null || size !== core.sessions.expectedBlockSize(session, seq))
		return { code: 1061002 };
	if (parsed.file.overflow || parsed.file.bytes !== size) return { code: 1062009 };
	const checksumCode = v.checksumCode(v.optional(f.checksum), parsed.file.adler32);
	if (checksumCode) return { code: checksumCode };
	return { session, seq };
}

function handlePart(ex, core) {
	return receiveUpload(
		ex,
		core,
		core.config.blockSize,
		(parsed) => partRefusal(parsed, core, ex.appId),
		async (tmp, parsed, { session, seq }) => {
			await core.storage.keepBlock(tmp, session.uploadId, seq);
			session.blocks.add(seq);
			return {};
		},
	);
}

async function handleFinish(ex, core) {
	const body = await readJsonObject(ex.req);
	if (!body.ok) {
		core.debug(ex, body.reason);
		return ex.fail(1061002);
	}
	const { upload_id: uploadId, block_num: blockNum } = body.value;
	if (!isText(uploadId) || uploadId === '' || !Number.isSafeInteger(blockNum))
		return ex.fail(1061002);
	const found = findSession(core, uploadId, ex.appId);
	if (found.code) return ex.fail(found.code);
	const { session } = found;
	if (blockNum !== session.blockNum) return ex.fail(1061002);
	for (let seq = 0; seq < session.blockNum; seq++) {
		if (!session.blocks.has(seq)) return ex.fail(1062010);
	}

	session.finishing = true; // parts and finishes for this id now see it as gone
	const fileToken = newFileToken(core.files);
	let assembled;
	try {
		assembled = await core.storage.assemble(uploadId, session.blockNum, fileToken);
	} catch (err) {
		session.finishing = false;
		core.debug(ex, `assembling failed: ${err.message}`);
		return ex.fail(1061001);
	}
	core.sessions.delete(uploadId); // the upload_id is consumed
	await core.storage.dropBlocks(uploadId);
	core.files.set(fileToken, {
		fileToken,
		fileName: session.fileName,
		parentType: session.parentType,
		parentNode: session.parentNode,
		extra: session.extra,
		size: assembled.size,
		sha256: assembled.sha256,
		path: assembled.path,
		uploadMode: 'block',
		appId: session.appId,
		identity: session.openId ? 'user' : 'tenant',
		openId: session.openId,
	});
	return ex.ok({ file_token: fileToken });
}

module.exports = { handlePrepare, handlePart, handleFinish };
