'use strict';
// Docx documents and their blocks (docx v1), kept so tests can assert on a document's end state:
// create children (Image block 27, File block 23 wrapped in a View block 33, Text block 2), patch
// a block with replace_image / replace_file (only on the right block type, only with a token
// uploaded into that very block), delete children by position, list children by page.
const crypto = require('crypto');
const { newToken } = require('./newToken');
const { pageOf } = require('./paging');

const TYPE = Object.freeze({ page: 1, text: 2, file: 23, image: 27, view: 33 });
const MAX_CHILDREN_PER_CALL = 50;
const MAX_PAGE_SIZE = 500;
const DEFAULT_DOCUMENTS = Object.freeze(['doxcnFakeDocument0001']);

const isPlainObject = (value) =>
	value !== null && typeof value === 'object' && !Array.isArray(value);
const isEmptyToken = (token) => token === undefined || token === '';

class DocxStore {
	constructor(parentNodes) {
		this.parentNodes = parentNodes; // media upload points: image and file blocks become some
		this.documents = new Map();
		this.reset();
	}

	reset() {
		this.documents.clear();
		for (const id of DEFAULT_DOCUMENTS) this.addDocument(id);
	}

	addDocument(documentId, title = 'Untitled') {
		if (typeof documentId !== 'string' || !/^[A-Za-z0-9]+$/.test(documentId))
			throw new TypeError('documentId must be letters and digits');
		const root = {
			block_id: documentId,
			block_type: TYPE.page,
			parent_id: '',
			children: [],
			page: { elements: [{ text_run: { content: title } }], style: {} },
		};
		this.documents.set(documentId, {
			documentId,
			revisionId: 1,
			blocks: new Map([[documentId, root]]),
			clientTokens: new Map(),
		});
	}

	/** The document as a tree walk: every block in document order, for end-state asserts. */
	snapshot(documentId) {
		const doc = this.documents.get(documentId);
		if (!doc) return null;
		const blocks = [];
		const visit = (id) => {
			const block = doc.blocks.get(id);
			blocks.push(structuredClone(block));
			for (const child of block.children || []) visit(child);
		};
		visit(documentId);
		return { document_id: documentId, revision_id: doc.revisionId, blocks };
	}
}

/** The document and block a path names, at the revision the query asks for; or the code refusing them. */
function locate(core, documentId, blockId, query) {
	const doc = core.docx.documents.get(documentId);
	if (!doc) return { code: 1770002 };
	const block = doc.blocks.get(blockId);
	if (!block) return { code: 1770002 };
	const revision = revisionCode(query, doc);
	if (revision) return { code: revision };
	return { doc, block };
}

/** document_revision_id: absent or -1 means the latest; a revision not reached yet is refused. */
function revisionCode(query, doc) {
	const raw = query.get('document_revision_id');
	if (raw === null) return null;
	if (!/^-?[0-9]+$/.test(raw)) return 1770001;
	const revision = Number(raw);
	return revision === -1 || (revision >= 1 && revision <= doc.revisionId) ? null : 1770001;
}

function clientTokenOf(query) {
	const token = query.get('client_token');
	return token === null || token === '' ? undefined : token;
}

/** A child to create -> the code refusing it, or null. Media cannot be set at creation. */
function childCode(child) {
	if (!isPlainObject(child) || !Number.isInteger(child.block_type)) return 1770001;
	switch (child.block_type) {
		case TYPE.image:
			if (!isPlainObject(child.image)) return 1770001;
			return isEmptyToken(child.image.token) ? null : 1770013;
		case TYPE.file:
			if (!isPlainObject(child.file)) return 1770001;
			return isEmptyToken(child.file.token) ? null : 1770013;
		case TYPE.text:
			return isPlainObject(child.text) && Array.isArray(child.text.elements) ? null : 1770001;
		default:
			return 1770029; // not a block type this API creates (View blocks come with File blocks)
	}
}

function createOne(core, doc, parentId, child) {
	const id = newToken('doxcn', doc.blocks);
	if (child.block_type === TYPE.image) {
		const block = {
			block_id: id,
			block_type: TYPE.image,
			parent_id: parentId,
			image: { width: 100, height: 100, token: '', align: 2 },
		};
		doc.blocks.set(id, block);
		core.parentNodes.add('docx_image', id);
		return block;
	}
	if (child.block_type === TYPE.file) {
		const fileId = newToken('doxcn', doc.blocks);
		const view = {
			block_id: id,
			block_type: TYPE.view,
			parent_id: parentId,
			children: [fileId],
			view: { view_type: 1 },
		};
		const file = {
			block_id: fileId,
			block_type: TYPE.file,
			parent_id: id,
			file: { token: '', name: '' },
		};
		doc.blocks.set(id, view);
		doc.blocks.set(fileId, file);
		core.parentNodes.add('docx_file', fileId);
		return view;
	}
	const block = {
		block_id: id,
		block_type: TYPE.text,
		parent_id: parentId,
		text: structuredClone(child.text),
	};
	doc.blocks.set(id, block);
	return block;
}

/** POST …/documents/:document_id/blocks/:block_id/children */
function createChildren(ex, core, { documentId, blockId }, query, body) {
	const found = locate(core, documentId, blockId, query);
	if (found.code) return ex.fail(found.code);
	const { doc, block: parent } = found;
	const clientToken = clientTokenOf(query);
	const key = clientToken && `create|${clientToken}`;
	if (key && doc.clientTokens.has(key)) return ex.ok(structuredClone(doc.clientTokens.get(key)));
	if (!Array.isArray(parent.children)) return ex.fail(1770028); // a leaf block (image, file …) holds no children
	const children = body.children;
	if (!Array.isArray(children) || children.length === 0 || children.length > MAX_CHILDREN_PER_CALL)
		return ex.fail(1770001);
	const index = body.index === undefined ? -1 : body.index;
	if (!Number.isInteger(index) || index < -1 || index > parent.children.length)
		return ex.fail(1770001);
	for (const child of children) {
		const code = childCode(child);
		if (code) return ex.fail(code);
	}
	const created = children.map((child) => createOne(core, doc, parent.block_id, child));
	const at = index === -1 ? parent.children.length : index;
	parent.children.splice(at, 0, ...created.map((b) => b.block_id));
	doc.revisionId += 1;
	const data = {
		children: structuredClone(created),
		document_revision_id: doc.revisionId,
		client_token: clientToken || crypto.randomUUID(),
	};
	if (key) doc.clientTokens.set(key, data);
	return ex.ok(data);
}

const REPLACE = Object.freeze({
	replace_image: { blockType: TYPE.image, parentType: 'docx_image', field: 'image' },
	replace_file: { blockType: TYPE.file, parentType: 'docx_file', field: 'file' },
});

/** PATCH …/documents/:document_id/blocks/:block_id with replace_image or replace_file. */
function patchBlock(ex, core, { documentId, blockId }, query, body) {
	const found = locate(core, documentId, blockId, query);
	if (found.code) return ex.fail(found.code);
	const { doc, block } = found;
	const keys = Object.keys(body);
	if (keys.length !== 1 || !REPLACE[keys[0]]) return ex.fail(1770001); // the fake knows these two updates only
	const rule = REPLACE[keys[0]];
	const request = body[keys[0]];
	if (!isPlainObject(request) || typeof request.token !== 'string' || request.token === '')
		return ex.fail(1770001);
	if (block.block_type !== rule.blockType) return ex.fail(1770025); // operation and block type do not match
	const media = core.files.get(request.token);
	if (!media || media.parentType !== rule.parentType || media.parentNode !== blockId)
		return ex.fail(1770013);
	block[rule.field].token = request.token;
	if (rule.field === 'file') block.file.name = media.fileName;
	doc.revisionId += 1;
	return ex.ok({
		block: structuredClone(block),
		document_revision_id: doc.revisionId,
		client_token: clientTokenOf(query) || crypto.randomUUID(),
	});
}

function removeTree(doc, id) {
	const block = doc.blocks.get(id);
	for (const child of (block && block.children) || []) removeTree(doc, child);
	doc.blocks.delete(id);
}

/** DELETE …/blocks/:block_id/children/batch_delete with {start_index, end_index} (end exclusive). */
function batchDelete(ex, core, { documentId, blockId }, query, body) {
	const found = locate(core, documentId, blockId, query);
	if (found.code) return ex.fail(found.code);
	const { doc, block: parent } = found;
	const children = parent.children || [];
	const { start_index: start, end_index: end } = body;
	if (
		!Number.isInteger(start) ||
		!Number.isInteger(end) ||
		start < 0 ||
		end <= start ||
		end > children.length
	)
		return ex.fail(1770001);
	for (const id of children.splice(start, end - start)) removeTree(doc, id);
	doc.revisionId += 1;
	return ex.ok({
		document_revision_id: doc.revisionId,
		client_token: clientTokenOf(query) || crypto.randomUUID(),
	});
}

/** GET …/blocks/:block_id/children?page_size&page_token */
function listChildren(ex, core, { documentId, blockId }, query) {
	const found = locate(core, documentId, blockId, query);
	if (found.code) return ex.fail(found.code);
	const { doc, block } = found;
	const page = pageOf(block.children || [], query, {
		defaultSize: MAX_PAGE_SIZE,
		maxSize: MAX_PAGE_SIZE,
		tokenPrefix: 'pt_',
	});
	if (!page) return ex.fail(1770001);
	return ex.ok({ ...page, items: page.items.map((id) => structuredClone(doc.blocks.get(id))) });
}

module.exports = {
	DocxStore,
	createChildren,
	patchBlock,
	batchDelete,
	listChildren,
	BLOCK_TYPE: TYPE,
	DEFAULT_DOCUMENTS,
};
