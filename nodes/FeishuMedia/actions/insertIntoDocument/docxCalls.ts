import { randomUUID } from 'crypto';

import { FeishuApiFailure } from '../../protocol/failures';
import { callFeishuApi } from '../../transport/feishuApi';
import type { ExecutionScope, ItemBudget } from '../../transport/feishuClient';
import { pagesOf } from '../../transport/pagedList';
import {
	createdBlockOf,
	emptyBlock,
	replaceBody,
	type CreatedBlock,
	type DocxBlockKind,
} from './docxBlocks';

/** -1: Feishu applies each edit to the document's latest revision. */
const LATEST_REVISION = -1;
/** The largest page Feishu's children list gives. */
const CHILDREN_PAGE_SIZE = 500;
/** A document's children list is finite; a list that never ends is refused, not followed. */
const MAX_CHILDREN_PAGES = 100;

function blocksPath(documentId: string, blockId: string): string {
	return `/open-apis/docx/v1/documents/${encodeURIComponent(documentId)}/blocks/${encodeURIComponent(blockId)}`;
}

/**
 * Creates one empty Image or File block under `parentBlockId` at `index` (-1: the end). The
 * client_token makes a retry after a lost answer return the same block instead of a second one.
 */
export async function createEmptyBlock(
	scope: ExecutionScope,
	budget: ItemBudget,
	documentId: string,
	parentBlockId: string,
	index: number,
	kind: DocxBlockKind,
): Promise<CreatedBlock> {
	const label = 'docx create block';
	const data = await callFeishuApi(scope, budget, {
		method: 'POST',
		path: `${blocksPath(documentId, parentBlockId)}/children`,
		query: { document_revision_id: LATEST_REVISION, client_token: randomUUID() },
		json: { children: [emptyBlock(kind)], index },
		bucket: 'docx',
		label,
		retrySafe: true,
	});
	const created = createdBlockOf(data, kind);
	if (typeof created === 'string')
		throw new FeishuApiFailure(label, 200, undefined, created, undefined);
	return created;
}

/** Sets the uploaded media on its block (replace_image / replace_file); safe to repeat. */
export async function setBlockMedia(
	scope: ExecutionScope,
	budget: ItemBudget,
	documentId: string,
	blockId: string,
	kind: DocxBlockKind,
	fileToken: string,
): Promise<void> {
	await callFeishuApi(scope, budget, {
		method: 'PATCH',
		path: blocksPath(documentId, blockId),
		query: { document_revision_id: LATEST_REVISION, client_token: randomUUID() },
		json: replaceBody(kind, fileToken),
		bucket: 'docx',
		label: kind === 'image' ? 'docx replace_image' : 'docx replace_file',
		retrySafe: true,
	});
}

/** Where `childId` sits among `parentBlockId`'s children, or -1. */
async function childIndex(
	scope: ExecutionScope,
	budget: ItemBudget,
	documentId: string,
	parentBlockId: string,
	childId: string,
): Promise<number> {
	let offset = 0;
	const pages = pagesOf(scope, budget, {
		method: 'GET',
		path: `${blocksPath(documentId, parentBlockId)}/children`,
		query: { document_revision_id: LATEST_REVISION },
		pageSize: CHILDREN_PAGE_SIZE,
		maxPages: MAX_CHILDREN_PAGES,
		itemsName: 'children',
		bucket: 'docx',
		label: 'docx list children',
		retrySafe: true,
	});
	for await (const items of pages) {
		const found = (items as Array<{ block_id?: unknown }>).findIndex(
			(item) => item?.block_id === childId,
		);
		if (found >= 0) return offset + found;
		offset += items.length;
	}
	return -1;
}

/**
 * Deletes the block this item created, so a failed item leaves no empty block behind. Feishu
 * deletes children by position, so the position is looked up first, and the delete is not
 * retried after a lost answer (the positions may have moved): the next look-up tells.
 */
export async function removeCreatedBlock(
	scope: ExecutionScope,
	budget: ItemBudget,
	documentId: string,
	parentBlockId: string,
	blockId: string,
): Promise<void> {
	for (let round = 0; round < 3; round++) {
		const index = await childIndex(scope, budget, documentId, parentBlockId, blockId);
		if (index < 0) return;
		const outcome = await callFeishuApi(scope, budget, {
			method: 'DELETE',
			path: `${blocksPath(documentId, parentBlockId)}/children/batch_delete`,
			query: { document_revision_id: LATEST_REVISION, client_token: randomUUID() },
			json: { start_index: index, end_index: index + 1 },
			bucket: 'docx',
			label: 'docx delete block',
			retrySafe: false,
		}).then(
			() => true,
			(error: unknown) => error,
		);
		if (
			outcome !== true &&
			!(outcome instanceof Error && (outcome as { earlierAnswerLost?: boolean }).earlierAnswerLost)
		)
			throw outcome;
	}
	if ((await childIndex(scope, budget, documentId, parentBlockId, blockId)) >= 0) {
		throw new Error(`block ${blockId} is still in the document after 3 deletes`);
	}
}
