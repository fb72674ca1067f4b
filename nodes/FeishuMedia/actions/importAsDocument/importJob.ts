import type { IDataObject } from 'n8n-workflow';

import { FeishuApiFailure } from '../../protocol/failures';
import {
	IMPORT_TASKS_PATH,
	JOB_DONE,
	PENDING_JOB_STATUSES,
	describeExtraHint,
	describeJobStatus,
	importTaskBody,
	type ImportType,
} from '../../protocol/importTask';
import { callFeishuApi } from '../../transport/feishuApi';
import type { ExecutionScope, ItemBudget } from '../../transport/feishuClient';
import { pause } from '../../transport/waits';
import { settle } from '../../protocol/settle';

/** The import job ended in a failing job_status. */
export class ImportJobFailedError extends Error {
	constructor(
		readonly ticket: string,
		readonly jobStatus: number,
		readonly jobErrorMsg: string,
	) {
		super(`${describeJobStatus(jobStatus).problem} (import job status ${jobStatus})`);
	}
}

/** Max Wait ran out while the job was still queued or processing. */
export class ImportStillRunningError extends Error {
	constructor(
		readonly ticket: string,
		readonly waitedMs: number,
		readonly lastStatus: number,
		/** The document's name, for Get Import Result's output later. */
		readonly fileName: string | null,
	) {
		super(
			`The import is still ${lastStatus === 1 ? 'queued' : 'processing'} after ${Math.round(waitedMs / 1000)} s (ticket ${ticket})`,
		);
	}
}

/** The create call's answer was lost: the task (and so a document) may exist without our knowing its ticket. */
export class ImportOutcomeUnknownError extends Error {
	constructor(readonly cause: Error) {
		super(`The import task may have been created, but Feishu's answer was lost (${cause.message})`);
	}
}

/** First poll after this, then each wait 1.5 times longer, never above the cap. */
const FIRST_POLL_MS = 300;
const MAX_POLL_GAP_MS = 5000;

export async function createImportTask(
	scope: ExecutionScope,
	budget: ItemBudget,
	fields: {
		extension: string;
		fileToken: string;
		type: ImportType;
		fileName: string;
		folderToken: string;
	},
): Promise<string> {
	const outcome = await settle(
		callFeishuApi(scope, budget, {
			method: 'POST',
			path: IMPORT_TASKS_PATH,
			json: importTaskBody(fields),
			bucket: 'importTask',
			label: 'import_tasks',
			// A lost answer may have created a task whose ticket we never saw; a second one would make a second document.
			retrySafe: false,
		}),
	);
	if (!outcome.ok) {
		const lost =
			outcome.error instanceof Error &&
			(outcome.error as { earlierAnswerLost?: boolean }).earlierAnswerLost === true;
		throw lost ? new ImportOutcomeUnknownError(outcome.error as Error) : outcome.error;
	}
	const data = outcome.value;
	if (typeof data.ticket !== 'string' || data.ticket === '') {
		throw new FeishuApiFailure(
			'import_tasks',
			200,
			undefined,
			'the answer has no ticket',
			undefined,
		);
	}
	return data.ticket;
}

interface JobResult {
	job_status?: unknown;
	job_error_msg?: unknown;
	token?: unknown;
	url?: unknown;
	type?: unknown;
	extra?: unknown;
}

async function readJob(
	scope: ExecutionScope,
	budget: ItemBudget,
	ticket: string,
): Promise<JobResult> {
	const data = await callFeishuApi(scope, budget, {
		method: 'GET',
		path: `${IMPORT_TASKS_PATH}/${encodeURIComponent(ticket)}`,
		bucket: 'importTask',
		label: 'import_tasks/:ticket',
		retrySafe: true,
	});
	const result = data.result as JobResult | undefined;
	if (!result || typeof result.job_status !== 'number') {
		throw new FeishuApiFailure(
			'import_tasks/:ticket',
			200,
			undefined,
			'the answer has no result.job_status',
			undefined,
		);
	}
	return result;
}

/** The finished job as the node outputs it. */
function finished(ticket: string, result: JobResult, fileName: string | null): IDataObject {
	const output: IDataObject = {
		token: result.token as string,
		url: String(result.url ?? ''),
		type: String(result.type ?? ''),
		ticket,
		file_name: fileName,
	};
	if (Array.isArray(result.extra) && result.extra.length > 0)
		output.import_notes = result.extra.map((code) => describeExtraHint(String(code)));
	return output;
}

/**
 * Polls the job with growing gaps until it is done, fails, or `maxWaitMs` has passed since
 * `startedAt` (then ImportStillRunningError carries the ticket for Get Import Result).
 */
export async function awaitImport(
	scope: ExecutionScope,
	budget: ItemBudget,
	ticket: string,
	maxWaitMs: number,
	fileName: string | null,
): Promise<IDataObject> {
	const startedAt = Date.now();
	let gapMs = FIRST_POLL_MS;
	for (;;) {
		const result = await readJob(scope, budget, ticket);
		const status = result.job_status as number;
		// A done job always names its document; one without a token yet is treated as still running.
		if (status === JOB_DONE && typeof result.token === 'string' && result.token !== '')
			return finished(ticket, result, fileName);
		if (status !== JOB_DONE && !PENDING_JOB_STATUSES.has(status)) {
			throw new ImportJobFailedError(
				ticket,
				status,
				typeof result.job_error_msg === 'string' ? result.job_error_msg.slice(0, 300) : '',
			);
		}
		const waited = Date.now() - startedAt;
		if (waited >= maxWaitMs) throw new ImportStillRunningError(ticket, waited, status, fileName);
		await pause(Math.min(gapMs, maxWaitMs - waited), scope.signal);
		gapMs = Math.min(MAX_POLL_GAP_MS, gapMs * 1.5);
	}
}
