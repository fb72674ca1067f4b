import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { openDownload } from '../../download/resumableDownload';
import { toReadNodeError } from '../../helpers/readNodeError';
import { settle } from '../../protocol/settle';
import type { ExecutionScope } from '../../transport/feishuClient';
import { eachItem, type ItemOutput } from '../perItem';
import { readParameters } from '../readParameters';

export { downloadDescription as description } from './download.description';

type StoreInput = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];

function outputField(fx: IExecuteFunctions, itemIndex: number): string {
	const name = String(fx.getNodeParameter('binaryPropertyName', itemIndex, 'data') ?? '').trim();
	if (name === '') {
		throw new NodeOperationError(fx.getNode(), 'Put Output File in Field is empty', {
			itemIndex,
			description: 'Name the binary field the file goes into, e.g. data.',
		});
	}
	return name;
}

/**
 * One file into n8n's binary store. The bytes stream from Feishu into prepareBinaryData, so in
 * filesystem mode memory holds the bytes queued for the store, never the file.
 */
async function downloadItem(
	fx: IExecuteFunctions,
	itemIndex: number,
	scope: ExecutionScope,
): Promise<ItemOutput> {
	const { fileToken, extra, budget } = readParameters(fx, itemIndex);
	const field = outputField(fx, itemIndex);
	const download = await openDownload(scope, budget, fileToken, extra);
	const stored = await settle(
		fx.helpers.prepareBinaryData(
			download.stream as StoreInput,
			download.fileName,
			download.mimeType,
		),
	);
	download.close();
	// The store may report a broken stream in words of its own; the cause is what the user needs.
	if (!stored.ok) throw download.failure() ?? stored.error;
	const binary = stored.value;
	const json: IDataObject = {
		file_token: fileToken,
		file_name: binary.fileName ?? download.fileName,
		mime_type: binary.mimeType,
		size: download.received(),
	};
	return { json, binary: { [field]: binary } };
}

/** Downloads each item's file in turn; with "continue on fail" a failed item becomes an error item. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await eachItem(
		this,
		async (itemIndex, scope) => await downloadItem(this, itemIndex, scope),
		{ toError: toReadNodeError },
	);
}
