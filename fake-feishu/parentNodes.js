'use strict';
// Which upload points (parent_type + parent_node) exist. Feishu answers 1061044 for a
// parent_node it does not know, so the fake keeps a registry per parent_type.

// Feishu's upload_all page's parent_type enum, in its order.
const PARENT_TYPES = Object.freeze([
	'doc_image',
	'docx_image',
	'sheet_image',
	'doc_file',
	'docx_file',
	'sheet_file',
	'vc_virtual_background',
	'bitable_image',
	'bitable_file',
	'moments',
	'ccm_import_open',
]);
// In the enum but "in gray release, not open": refused like an unknown type.
const CLOSED_PARENT_TYPES = Object.freeze(['vc_virtual_background', 'moments']);
// Import staging has no parent node at all (parent_node must be empty).
const IMPORT_PARENT_TYPE = 'ccm_import_open';

function deepFreeze(map) {
	for (const list of Object.values(map)) Object.freeze(list);
	return Object.freeze(map);
}

const DEFAULT_PARENT_NODES = deepFreeze(require('./parent-nodes.json'));

function isOpenParentType(type) {
	return PARENT_TYPES.includes(type) && !CLOSED_PARENT_TYPES.includes(type);
}

class ParentNodes {
	constructor(initial = DEFAULT_PARENT_NODES) {
		this.byType = new Map();
		for (const [type, tokens] of Object.entries(initial || {})) {
			if (!Array.isArray(tokens))
				throw new TypeError(`parentNodes.${type} must be an array of tokens`);
			for (const token of tokens) this.add(type, token);
		}
	}

	add(parentType, token) {
		if (!isOpenParentType(parentType) || parentType === IMPORT_PARENT_TYPE) {
			throw new RangeError(
				`cannot register a parent node for parent_type ${JSON.stringify(parentType)}`,
			);
		}
		if (typeof token !== 'string' || token === '')
			throw new TypeError('a parent node token must be a non-empty string');
		if (!this.byType.has(parentType)) this.byType.set(parentType, new Set());
		this.byType.get(parentType).add(token);
	}

	has(parentType, token) {
		const set = this.byType.get(parentType);
		return Boolean(set && set.has(token));
	}

	toJSON() {
		return Object.fromEntries([...this.byType].map(([type, set]) => [type, [...set]]));
	}
}

module.exports = {
	ParentNodes,
	PARENT_TYPES,
	CLOSED_PARENT_TYPES,
	IMPORT_PARENT_TYPE,
	DEFAULT_PARENT_NODES,
	isOpenParentType,
};
