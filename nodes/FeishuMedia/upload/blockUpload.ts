import { adler32Of, checksumText } from '../protocol/adler32';
import { settle } from '../protocol/settle';
import { blockPlanOf, type BlockPlan } from '../protocol/blockPlan';
import { FeishuApiFailure } from '../protocol/failures';
import { MultipartFrame } from '../protocol/multipart';
import { targetFields, type UploadTarget } from '../protocol/uploadTarget';
import type { FeishuCaller, UploadLog } from './caller';
import { readBlocksInto, type FileSource } from './fileSource';
import { requireFileToken } from './uploadAll';

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

/**
 * upload_finish's answer was lost and the retry was refused: Feishu may well have stored the
 * file under the first attempt, so a parameter error would mislead.
 */
export class FinishOutcomeUnknownError extends Error {
	constructor(readonly cause: FeishuApiFailure) {
		super(
			`Feishu's answer to upload_finish was lost and its retry was refused (Feishu code ${cause.code ?? 'none'}): the upload may have completed`,
		);
	}
}

function hasCode(error: unknown, code: number): boolean {
	return error instanceof FeishuApiFailure && error.code === code;
}

async function prepare(call: FeishuCaller, target: UploadTarget, size: number): Promise<BlockPlan> {
	const data = await call('upload_prepare', { json: { ...targetFields(target), size } });
	return blockPlanOf(data, size);
}

/** One frame per block upload: a block is built, sent and answered before the next is read. */
function newFrame(plan: BlockPlan, fileName: string): MultipartFrame {
	const widest = {
		upload_id: plan.uploadId,
		seq: String(plan.blockNum),
		size: String(plan.blockSize),
	};
	return new MultipartFrame(widest, fileName, plan.blockSize);
}

async function sendBlock(
	call: FeishuCaller,
	plan: BlockPlan,
	frame: MultipartFrame,
	seq: number,
	size: number,
) {
	const fields = { upload_id: plan.uploadId, seq: String(seq), size: String(size) };
	const payload = {
		multipart: frame.complete(fields, checksumText(adler32Of(frame.fileArea(size))), size),
	};
	const first = await settle(call('upload_part', payload));
	if (first.ok) return;
	// 1062008: the block was damaged on the way; the same seq is safe to send once more.
	if (!hasCode(first.error, 1062008)) throw first.error;
	await call('upload_part', payload);
}

async function sendAllBlocks(
	call: FeishuCaller,
	plan: BlockPlan,
	source: FileSource,
	fileName: string,
) {
	const frame = newFrame(plan, fileName);
	let seq = 0;
	for await (const size of readBlocksInto(source, plan.blockSize, (bytes) =>
		frame.fileArea(bytes),
	)) {
		if (seq >= plan.blockNum)
			throw new Error(`The file yielded more than the ${plan.blockNum} blocks Feishu planned`);
		const sent = await settle(sendBlock(call, plan, frame, seq, size));
		if (!sent.ok) {
			const { error } = sent;
			throw new BlockUploadError(
				error instanceof Error ? error.message : String(error),
				`block ${seq + 1} of ${plan.blockNum} (seq ${seq})`,
				error,
			);
		}
		seq++;
	}
	if (seq !== plan.blockNum)
		throw new Error(`The file yielded ${seq} blocks, but Feishu planned ${plan.blockNum}`);
}

async function finish(call: FeishuCaller, plan: BlockPlan): Promise<string> {
	const finished = await settle(
		call('upload_finish', { json: { upload_id: plan.uploadId, block_num: plan.blockNum } }),
	);
	if (finished.ok) return requireFileToken(finished.value, 'upload_finish');
	const { error } = finished;
	const lost = (error as { earlierAnswerLost?: boolean }).earlierAnswerLost === true;
	if (lost && error instanceof FeishuApiFailure && error.handling === 'fail')
		throw new FinishOutcomeUnknownError(error);
	throw error;
}

async function uploadOnce(
	call: FeishuCaller,
	log: UploadLog | undefined,
	target: UploadTarget,
	source: FileSource,
) {
	const plan = await prepare(call, target, source.size);
	await sendAllBlocks(call, plan, source, target.fileName);
	const finished = await settle(finish(call, plan));
	if (finished.ok) return { fileToken: finished.value, blockNum: plan.blockNum };
	// 1062010 does not say which blocks are missing; re-sending all of them is safe (same seq).
	if (!hasCode(finished.error, 1062010)) throw finished.error;
	log?.warn('Feishu upload_finish reported missing blocks; sending every block again');
	await sendAllBlocks(call, plan, source, target.fileName);
	return { fileToken: await finish(call, plan), blockNum: plan.blockNum };
}

function unwrapBlockError(error: unknown): unknown {
	return error instanceof BlockUploadError ? error.cause : error;
}

/** Block upload (any size): upload_prepare, upload_part per block, upload_finish. */
export async function uploadInBlocks(
	call: FeishuCaller,
	log: UploadLog | undefined,
	target: UploadTarget,
	source: FileSource,
): Promise<{ fileToken: string; blockNum: number }> {
	const first = await settle(uploadOnce(call, log, target, source));
	if (first.ok) return first.value;
	// 1061021: the upload_id expired (it lives 24 h); start over from prepare, once.
	if (!hasCode(unwrapBlockError(first.error), 1061021)) throw first.error;
	log?.warn('Feishu upload_id expired; restarting the block upload from upload_prepare');
	return await uploadOnce(call, log, target, source);
}
