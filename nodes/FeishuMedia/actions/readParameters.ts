import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { normalizeExtra } from '../protocol/mediaRead';
import type { ItemBudget } from '../transport/feishuClient';
import { itemBudget } from './itemBudget';

/** What the read operations (Download, Get Temporary Download URLs) take from one item. */
export interface ReadParameters {
	fileToken: string;
	extra: string | undefined;
	budget: ItemBudget;
}

/** Checked before any request, so a bad item fails alone and says which field to fix. */
export function readParameters(fx: IExecuteFunctions, itemIndex: number): ReadParameters {
	const fileToken = String(fx.getNodeParameter('fileToken', itemIndex, '') ?? '').trim();
	if (fileToken === '') {
		throw new NodeOperationError(fx.getNode(), 'File Token is empty', {
			itemIndex,
			description:
				'Set File Token to the file_token of an uploaded file or of an image/file block, e.g. {{ $json.file_token }}.',
		});
	}
	if (/[\s/?#]/.test(fileToken)) {
		throw new NodeOperationError(
			fx.getNode(),
			`File Token "${fileToken.slice(0, 60)}" is not a file token`,
			{
				itemIndex,
				description:
					'A file_token has no spaces, slashes, "?" or "#" (e.g. boxcnrHpsg1QDqXAAAyachabcef). Pass the token, not a URL.',
			},
		);
	}
	const options = fx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const { extra, problem } = normalizeExtra(options.extra);
	if (problem !== undefined) {
		throw new NodeOperationError(fx.getNode(), problem, {
			itemIndex,
			description:
				'Set Extra to a JSON object, e.g. {"bitablePerm":{"tableId":"tblXXXX"}} for a Base attachment, or leave it empty.',
		});
	}
	return { fileToken, extra, budget: itemBudget(options) };
}
