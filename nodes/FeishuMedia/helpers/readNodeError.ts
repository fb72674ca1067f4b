import type { INode, NodeApiError, NodeOperationError } from 'n8n-workflow';

import { FeishuApiFailure } from '../protocol/failures';
import { feishuCodeError, toNodeError, type CodeWording } from './nodeError';

const SCOPES =
	'In the developer console, add one of the scopes docs:document.media:download, drive:drive:readonly, docs:doc:readonly, sheets:spreadsheet:readonly or bitable:app:readonly, then publish a new app version.';

/**
 * The codes whose upload wording (errorCodes.ts) would mislead on a download or a temporary link:
 * the same code, said for reading. Every other code keeps the shared wording.
 */
const READ_CODES: Record<number, CodeWording> = {
	1061002: {
		problem: 'Feishu rejected the request parameters',
		action:
			'Check the File Token and the Extra option. A Base attachment under advanced permissions needs Extra like {"bitablePerm":{"tableId":"tbl…","attachments":{"fld…":{"rec…":["boxcn…"]}}}}.',
	},
	1061003: {
		problem: 'Feishu has no file with this token',
		action:
			'Check the File Token: it is the file_token an upload returned, or the token of an image or file block in a document.',
	},
	1061004: {
		problem: 'The app is not allowed to download this file',
		action:
			"Give the app access to the document that holds the file (add it as a collaborator; reading is enough). For a Base attachment under advanced permissions, set Extra with the attachment's tableId.",
	},
	1061007: {
		problem: 'The file has been deleted',
		action: 'It can no longer be downloaded; remove its token from the input.',
	},
	99991672: { problem: 'The app lacks an API scope needed for downloads', action: SCOPES },
	1061073: { problem: 'The app has no scope for this API', action: SCOPES },
};

/** toNodeError, with the reading wording for the codes that have one. */
export function toReadNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	const info =
		error instanceof FeishuApiFailure && error.code !== undefined
			? READ_CODES[error.code]
			: undefined;
	if (!(error instanceof FeishuApiFailure) || !info) return toNodeError(node, error, itemIndex);
	return feishuCodeError(node, error, error, itemIndex, info);
}
