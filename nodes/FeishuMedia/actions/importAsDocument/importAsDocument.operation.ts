import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { UPLOAD_ALL_MAX_BYTES } from '../../protocol/uploadTarget';
import { callFeishu, type ExecutionScope } from '../../transport/feishuClient';
import { CancelledError } from '../../transport/waits';
import { uploadInBlocks } from '../../upload/blockUpload';
import type { FeishuCaller } from '../../upload/caller';
import { uploadAll } from '../../upload/uploadAll';
import { openExecutionScope } from '../appSettings';
import { failedImportItem, importNodeError } from './importErrors';
import { awaitImport, createImportTask } from './importJob';
import { buildImportRequest } from './importRequest';

export { importAsDocumentDescription as description } from './importAsDocument.description';

/** Stage the file (ccm_import_open), create the import task, wait for the new document. */
async function importItem(
	fx: IExecuteFunctions,
	itemIndex: number,
	scope: ExecutionScope,
): Promise<IDataObject> {
	const request = await buildImportRequest(fx, itemIndex);
	const { budget, source, type, extension } = request;
	const call: FeishuCaller = async (endpoint, payload) =>
		await callFeishu(scope, budget, endpoint, payload);
	const target = {
		fileName: request.uploadName,
		parentType: 'ccm_import_open',
		parentNode: '',
		extra: JSON.stringify({ obj_type: type, file_extension: extension }),
	};
	const { fileToken } =
		source.size > UPLOAD_ALL_MAX_BYTES
			? await uploadInBlocks(call, scope.logger, target, source)
			: await uploadAll(call, target, source);
	const ticket = await createImportTask(scope, budget, {
		extension,
		fileToken,
		type,
		fileName: request.documentName,
		folderToken: request.folderToken,
	});
	return await awaitImport(scope, budget, ticket, request.maxWaitMs, request.documentName);
}

/**
 * Imports each item's file as a Feishu document, in turn. With "continue on fail" a failed item
 * becomes an error item carrying the ticket when there is one; the other items still import.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const results: INodeExecutionData[] = [];
	const scope = await openExecutionScope(this).catch((error: unknown) => error as Error);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			if (scope instanceof Error) throw scope;
			if (scope.signal?.aborted) throw new CancelledError();
			results.push({
				json: await importItem(this, itemIndex, scope),
				pairedItem: { item: itemIndex },
			});
		} catch (error) {
			if (!this.continueOnFail() || error instanceof CancelledError)
				throw importNodeError(this.getNode(), error, itemIndex);
			results.push(failedImportItem(this.getNode(), error, itemIndex));
		}
	}
	return results;
}
