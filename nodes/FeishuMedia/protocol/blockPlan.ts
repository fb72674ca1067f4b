/** What upload_prepare hands out; the plan every block of the upload follows. */
export interface BlockPlan {
	uploadId: string;
	blockSize: number;
	blockNum: number;
}

/** Feishu plans 4 MiB blocks; a plan far outside this range would buffer huge blocks or send absurd counts. */
export const MIN_BLOCK_SIZE = 64 * 1024;
export const MAX_BLOCK_SIZE = 16 * 1024 * 1024;

export class BlockPlanError extends Error {}

/** Accepts upload_prepare's answer only if it is sane and covers the file exactly. */
export function blockPlanOf(data: Record<string, unknown>, fileSize: number): BlockPlan {
	const uploadId = data.upload_id;
	const blockSize = Number(data.block_size);
	const blockNum = Number(data.block_num);
	if (typeof uploadId !== 'string' || uploadId === '' || uploadId.length > 512) {
		throw new BlockPlanError("Feishu's upload_prepare answer has no usable upload_id");
	}
	if (!Number.isInteger(blockSize) || blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE) {
		throw new BlockPlanError(
			`Feishu's upload_prepare answered block_size ${String(data.block_size)}, outside the ${MIN_BLOCK_SIZE}-${MAX_BLOCK_SIZE} bytes the node accepts`,
		);
	}
	const expected = Math.ceil(fileSize / blockSize);
	if (blockNum !== expected) {
		throw new BlockPlanError(
			`Feishu's upload_prepare answered block_size ${blockSize} and block_num ${String(data.block_num)}, which do not fit a file of ${fileSize} bytes (expected ${expected} blocks)`,
		);
	}
	return { uploadId, blockSize, blockNum };
}
