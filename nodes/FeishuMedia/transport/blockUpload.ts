import { checksumOfBuffer } from './checksum';
import { callUploadEndpoint, type FeishuClientSettings } from './feishuClient';
import { FeishuApiFailure } from './feishuFailure';
import { readBlocks, type FileSource } from './fileSource';
import { jsonBody } from './httpClient';
import { buildMultipartBody } from './multipartBody';
import { requireFileToken } from './uploadAll';
import { targetFields, type UploadTarget } from './uploadTarget';

interface BlockPlan {
	uploadId: string;
	blockSize: number;
	blockNum: number;
}

/** Says which block failed, so the user's error names it ("block 3 of 25"). */
export class BlockUploadError extends Error {
	constructor(
		message: string,
		readonly blockLabel: string,
		readonly cause?: unknown,
	) {
		super(message);
	}
}

function hasCode(error: unknown, code: number): boolean {
	return error instanceof FeishuApiFailure && error.code === code;
}

async function prepare(settings: FeishuClientSettings, target: UploadTarget, size: number): Promise<BlockPlan> {
	const data = await callUploadEndpoint(settings, 'upload_prepare', () =>
		jsonBody({ ...targetFields(target), size }),
	);
	const uploadId = data.upload_id;
	const blockSize = Number(data.block_size);
	const blockNum = Number(data.block_num);
	if (typeof uploadId !== 'string' || uploadId === '' || !Number.isInteger(blockSize) || blockSize <= 0) {
		throw new Error('Feishu\'s upload_prepare answer lacks upload_id or a valid block_size');
	}
	// Never trust a plan that does not cover the file exactly: the finished file would be wrong.
	if (blockNum !== Math.ceil(size / blockSize)) {
		throw new Error(
			`Feishu's upload_prepare answered block_size ${blockSize} and block_num ${data.block_num}, which do not fit a file of ${size} bytes (expected ${Math.ceil(size / blockSize)} blocks)`,
		);
	}
	return { uploadId, blockSize, blockNum };
}

async function sendBlock(settings: FeishuClientSettings, plan: BlockPlan, seq: number, block: Buffer, fileName: string) {
	const fields = {
		upload_id: plan.uploadId,
		seq: String(seq),
		size: String(block.length),
		checksum: await checksumOfBuffer(block),
	};
	const send = () => callUploadEndpoint(settings, 'upload_part', () => buildMultipartBody(fields, { content: block, size: block.length, fileName }));
	try {
		await send();
	} catch (error) {
		// 1062008: the block was damaged on the way; the same seq is safe to send once more.
		if (!hasCode(error, 1062008)) throw error;
		await send();
	}
}

async function sendAllBlocks(settings: FeishuClientSettings, plan: BlockPlan, source: FileSource, fileName: string) {
	let seq = 0;
	for await (const block of readBlocks(source, plan.blockSize)) {
		if (seq >= plan.blockNum) throw new Error(`The file yielded more than the ${plan.blockNum} blocks Feishu planned`);
		try {
			await sendBlock(settings, plan, seq, block, fileName);
		} catch (error) {
			throw new BlockUploadError(error instanceof Error ? error.message : String(error), `block ${seq + 1} of ${plan.blockNum} (seq ${seq})`, error);
		}
		seq++;
	}
	if (seq !== plan.blockNum) throw new Error(`The file yielded ${seq} blocks, but Feishu planned ${plan.blockNum}`);
}

async function finish(settings: FeishuClientSettings, plan: BlockPlan): Promise<string> {
	const data = await callUploadEndpoint(settings, 'upload_finish', () =>
		jsonBody({ upload_id: plan.uploadId, block_num: plan.blockNum }),
	);
	return requireFileToken(data, 'upload_finish');
}

async function uploadOnce(settings: FeishuClientSettings, target: UploadTarget, source: FileSource) {
	const plan = await prepare(settings, target, source.size);
	await sendAllBlocks(settings, plan, source, target.fileName);
	try {
		return { fileToken: await finish(settings, plan), blockNum: plan.blockNum };
	} catch (error) {
		// 1062010 does not say which blocks are missing; re-sending all of them is safe (same seq).
		if (!hasCode(error, 1062010)) throw error;
		settings.logger?.warn('Feishu upload_finish reported missing blocks; sending every block again');
		await sendAllBlocks(settings, plan, source, target.fileName);
		return { fileToken: await finish(settings, plan), blockNum: plan.blockNum };
	}
}

function unwrapBlockError(error: unknown): unknown {
	return error instanceof BlockUploadError ? error.cause : error;
}

/** Block upload (any size): upload_prepare → upload_part per block → upload_finish. */
export async function uploadInBlocks(
	settings: FeishuClientSettings,
	target: UploadTarget,
	source: FileSource,
): Promise<{ fileToken: string; blockNum: number }> {
	try {
		return await uploadOnce(settings, target, source);
	} catch (error) {
		// 1061021: the upload_id expired (it lives 24 h); start over from prepare, once.
		if (!hasCode(unwrapBlockError(error), 1061021)) throw error;
		settings.logger?.warn('Feishu upload_id expired; restarting the block upload from upload_prepare');
		return await uploadOnce(settings, target, source);
	}
}
