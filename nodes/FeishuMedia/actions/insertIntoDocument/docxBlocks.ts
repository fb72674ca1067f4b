/**
 * The docx block shapes this operation writes and reads (docs/feishu-protocol.md, "Docx image and
 * file blocks"). No n8n here: only Feishu's JSON.
 */
export type DocxBlockKind = 'image' | 'file';

export const BLOCK_TYPE = { page: 1, file: 23, image: 27, view: 33 } as const;

/**
 * The empty block to create. Feishu sets no media at creation: the token comes from an upload
 * into the block, then replace_image / replace_file.
 */
export function emptyBlock(kind: DocxBlockKind): Record<string, unknown> {
	return kind === 'image'
		? { block_type: BLOCK_TYPE.image, image: {} }
		: { block_type: BLOCK_TYPE.file, file: { token: '' } };
}

export function replaceBody(kind: DocxBlockKind, token: string): Record<string, unknown> {
	return kind === 'image' ? { replace_image: { token } } : { replace_file: { token } };
}

export interface CreatedBlock {
	/** The block created in the parent: the Image block, or the View block holding a File block. */
	topBlockId: string;
	/** The block the media is uploaded into and set on: the Image or the File block. */
	mediaBlockId: string;
}

interface AnswerBlock {
	block_id?: unknown;
	block_type?: unknown;
	children?: unknown;
}

function idOf(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The ids in children/create's answer. An Image block comes back as itself; a File block comes
 * back wrapped in the View block Feishu puts around it, whose `children` names the File block.
 * Returns a sentence saying what is missing when the answer has neither.
 */
export function createdBlockOf(
	data: Record<string, unknown>,
	kind: DocxBlockKind,
): CreatedBlock | string {
	const children = Array.isArray(data.children) ? (data.children as AnswerBlock[]) : [];
	if (kind === 'image') {
		const image = children.find(
			(block) => block?.block_type === BLOCK_TYPE.image && idOf(block.block_id),
		);
		if (!image) return 'the answer has no Image block (block_type 27) with a block_id';
		const id = idOf(image.block_id) as string;
		return { topBlockId: id, mediaBlockId: id };
	}
	const file = children.find(
		(block) => block?.block_type === BLOCK_TYPE.file && idOf(block.block_id),
	);
	const view = children.find(
		(block) => block?.block_type === BLOCK_TYPE.view && idOf(block.block_id),
	);
	if (view) {
		const inner = Array.isArray(view.children) ? idOf(view.children[0]) : undefined;
		const mediaBlockId = inner ?? idOf(file?.block_id);
		if (!mediaBlockId) return 'the View block in the answer names no File block among its children';
		return { topBlockId: idOf(view.block_id) as string, mediaBlockId };
	}
	if (file) {
		const id = idOf(file.block_id) as string;
		return { topBlockId: id, mediaBlockId: id };
	}
	return 'the answer has neither a View block (block_type 33) nor a File block (block_type 23)';
}
