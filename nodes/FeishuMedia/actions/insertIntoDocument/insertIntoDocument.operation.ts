import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { settle } from '../../protocol/settle';
import type { ExecutionScope } from '../../transport/feishuClient';
import { readMediaItem, uploadMedia } from '../mediaItem';
import { eachItem } from '../perItem';
import { scopeNote } from '../scopeNote';
import type { DocxBlockKind } from './docxBlocks';
import { createEmptyBlock, removeCreatedBlock, setBlockMedia } from './docxCalls';

export { insertIntoDocumentDescription as description } from './insertIntoDocument.description';

/** Feishu's docx ids: letters and digits, no slashes (a pasted URL is the usual mistake). */
const DOCX_ID = /^[A-Za-z0-9_-]+$/;

interface InsertRequest {
	documentId: string;
	parentBlockId: string;
	index: number;
	kind: DocxBlockKind;
}

function readInsertRequest(fx: IExecuteFunctions, itemIndex: number): InsertRequest {
	const fail = (message: string, description: string) =>
		new NodeOperationError(fx.getNode(), `Item ${itemIndex + 1}: ${message}`, {
			itemIndex,
			description,
		});
	const documentId = String(fx.getNodeParameter('documentId', itemIndex, '') ?? '').trim();
	if (documentId === '')
		throw fail(
			'Document ID is empty',
			'Set Document ID to the document_ID of a docx: the last part of its URL, …/docx/<document_ID>.',
		);
	if (!DOCX_ID.test(documentId)) {
		throw fail(
			`Document ID "${documentId.slice(0, 80)}" is not a document_ID`,
			"Use the ID alone (letters and digits), not the document's URL: from https://….feishu.cn/docx/ABC123 take ABC123.",
		);
	}
	const parentBlockId =
		String(fx.getNodeParameter('parentBlockId', itemIndex, '') ?? '').trim() || documentId;
	if (!DOCX_ID.test(parentBlockId)) {
		throw fail(
			`Parent Block ID "${parentBlockId.slice(0, 80)}" is not a block_ID`,
			'Leave Parent Block ID empty for the document itself, or give a block_ID (letters and digits).',
		);
	}
	const index = Number(fx.getNodeParameter('index', itemIndex, -1));
	if (!Number.isInteger(index) || index < -1)
		throw fail(
			`Index ${String(index)} is not a position`,
			'Use 0 for the first place, 1 for the second …, or -1 for the end.',
		);
	const kind = String(fx.getNodeParameter('blockType', itemIndex, 'image'));
	if (kind !== 'image' && kind !== 'file')
		throw fail(`Block Type "${kind}" is not image or file`, 'Pick Image or File.');
	return { documentId, parentBlockId, index, kind };
}

/**
 * One item: an empty block, the upload into it, the token set on it. If the upload or the
 * setting fails, the block is deleted again, so no empty block is left in the document.
 */
async function insertItem(
	fx: IExecuteFunctions,
	itemIndex: number,
	scope: ExecutionScope,
): Promise<IDataObject> {
	const request = readInsertRequest(fx, itemIndex);
	const options = fx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const item = await readMediaItem(fx, itemIndex, options);
	const { documentId, parentBlockId, kind } = request;
	const block = await createEmptyBlock(
		scope,
		item.budget,
		documentId,
		parentBlockId,
		request.index,
		kind,
	);
	const filled = await settle(
		(async () => {
			const fileToken = await uploadMedia(scope, item, {
				fileName: item.fileName,
				parentType: kind === 'image' ? 'docx_image' : 'docx_file',
				parentNode: block.mediaBlockId,
				extra: JSON.stringify({ drive_route_token: documentId }),
			});
			await setBlockMedia(scope, item.budget, documentId, block.mediaBlockId, kind, fileToken);
			return fileToken;
		})(),
	);
	if (filled.ok) {
		return {
			document_id: documentId,
			block_id: block.mediaBlockId,
			file_token: filled.value,
			block_type: kind,
			file_name: item.fileName,
			size: item.source.size,
		};
	}
	// A cleanup of its own budget: the item's may be spent on the failure itself.
	const cleanupBudget = {
		...item.budget,
		maxRetries: Math.min(item.budget.maxRetries, 3),
		startedAt: Date.now(),
	};
	const removed = await settle(
		removeCreatedBlock(scope, cleanupBudget, documentId, parentBlockId, block.topBlockId),
	);
	if (!removed.ok && filled.error instanceof Error) {
		const why = removed.error instanceof Error ? removed.error.message : String(removed.error);
		Object.assign(filled.error, {
			leftBlock: `The empty block ${block.topBlockId} could not be removed (${why}); delete it in the document.`,
		});
	}
	throw filled.error;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await eachItem(
		this,
		async (itemIndex, scope) => ({ json: await insertItem(this, itemIndex, scope) }),
		{
			note: scopeNote(
				'docx:document (or docx:document:write_only) for the block calls and docs:document.media:upload for the upload',
			),
		},
	);
}
