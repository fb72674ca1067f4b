import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { UPLOAD_ALL_MAX_BYTES } from '../../protocol/uploadTarget';
import { callFeishu, type ExecutionScope } from '../../transport/feishuClient';
import { uploadInBlocks } from '../../upload/blockUpload';
import type { FeishuCaller } from '../../upload/caller';
import { uploadAll } from '../../upload/uploadAll';
import { eachItem } from '../perItem';
import { IMPORT_FAILURES } from './importErrors';
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
	return await eachItem(
		this,
		async (itemIndex, scope) => ({ json: await importItem(this, itemIndex, scope) }),
		IMPORT_FAILURES,
	);
}
