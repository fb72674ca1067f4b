import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import * as attachToRecord from './attachToRecord/attachToRecord.operation';
import * as download from './download/download.operation';
import * as getImportResult from './getImportResult/getImportResult.operation';
import * as getTemporaryUrls from './getTemporaryUrls/getTemporaryUrls.operation';
import * as insertIntoDocument from './insertIntoDocument/insertIntoDocument.operation';
import * as importAsDocument from './importAsDocument/importAsDocument.operation';
import * as upload from './upload/upload.operation';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	switch (operation) {
		case 'upload':
			return [await upload.execute.call(this)];
		case 'download':
			return [await download.execute.call(this)];
		case 'getTemporaryUrls':
			return [await getTemporaryUrls.execute.call(this)];
		case 'importAsDocument':
			return [await importAsDocument.execute.call(this)];
		case 'getImportResult':
			return [await getImportResult.execute.call(this)];
		case 'insertIntoDocument':
			return [await insertIntoDocument.execute.call(this)];
		case 'attachToRecord':
			return [await attachToRecord.execute.call(this)];
		default:
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	}
}
