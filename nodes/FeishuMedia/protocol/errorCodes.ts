/**
 * What the client does with each Feishu code (docs/feishu-protocol.md, "Error codes"):
 * - retry: the same request can succeed later (backoff);
 * - refresh: the token is bad; fetch a new one (tenant) or refresh it through n8n (user), then retry once;
 * - resendBlock / restartUpload / uploadMissingBlocks: block-upload recoveries;
 * - fail: the request will not succeed unchanged; tell the user what to fix.
 */
export type FeishuCodeHandling =
	| 'retry'
	| 'refresh'
	| 'resendBlock'
	| 'restartUpload'
	| 'uploadMissingBlocks'
	| 'fail';

export interface FeishuCodeInfo {
	handling: FeishuCodeHandling;
	/** What went wrong, in plain English. */
	problem: string;
	/** What the user can do about it. */
	action: string;
}

const RETRY_LATER =
	"This is temporary on Feishu's side; the node retried it. Run the item again later.";

export const FEISHU_CODES: Record<number, FeishuCodeInfo> = {
	1061001: { handling: 'retry', problem: 'Feishu had an internal error', action: RETRY_LATER },
	1061006: { handling: 'retry', problem: 'Feishu timed out internally', action: RETRY_LATER },
	1061045: {
		handling: 'retry',
		problem:
			'Feishu asked to retry later (upload rate or concurrency limit of 5 requests/second per app)',
		action:
			'Lower the number of workflows uploading with this app at the same time, or run the item again later.',
	},
	99991400: {
		handling: 'retry',
		problem: "Feishu's gateway rate limit was hit",
		action:
			'Too many requests for this app; spread the uploads over time or run the item again later.',
	},
	1062051: {
		handling: 'retry',
		problem: 'Feishu saw the connection close before the upload finished',
		action: RETRY_LATER,
	},
	10014: {
		handling: 'fail',
		problem: 'The App Secret is wrong for this App ID',
		action:
			'Copy the App Secret again from the developer console (Credentials & Basic Info) into the Feishu API credential.',
	},
	10003: {
		handling: 'fail',
		problem: 'Feishu does not know this App ID (or the credential is incomplete)',
		action:
			'Check the App ID in the Feishu API credential, and that the platform (Feishu or Lark) matches where the app was created.',
	},
	99991661: {
		handling: 'refresh',
		problem: 'The request had no valid Authorization header',
		action: 'Check the Feishu API credential.',
	},
	99991663: {
		handling: 'refresh',
		problem: 'The tenant access token is invalid or expired',
		action:
			'The node fetched a new token and retried; if this persists, check that the app is enabled and the credential is right.',
	},
	// User tokens (Authentication: User): n8n's OAuth2 refresh renews them, then the request is retried once.
	99991668: {
		handling: 'refresh',
		problem: 'The user access token is invalid',
		action:
			'The node renewed the token and retried; if this persists, reconnect the Feishu Media OAuth2 API credential ("Connect my account").',
	},
	99991677: {
		handling: 'refresh',
		problem: 'The user access token has expired',
		action:
			'The node renewed the token and retried; if this persists, reconnect the Feishu Media OAuth2 API credential ("Connect my account").',
	},
	99991671: {
		handling: 'fail',
		problem: 'The access token is malformed (it must start with "t-" or "u-")',
		action:
			"Check that the credential's platform and Base URL point at Feishu or Lark Open Platform.",
	},
	99991672: {
		handling: 'fail',
		problem: 'The app lacks an API scope needed for uploads',
		action:
			'In the developer console, add one of the scopes docs:document.media:upload, docs:doc, drive:drive, sheets:spreadsheet or bitable:app, then publish a new app version.',
	},
	1061073: {
		handling: 'fail',
		problem: 'The app has no scope for this API',
		action:
			'In the developer console, add the scope docs:document.media:upload (or drive:drive) and publish a new app version.',
	},
	1061002: {
		handling: 'fail',
		problem: 'Feishu rejected the request parameters',
		action: 'Check Parent Type, Parent Node and the Extra option.',
	},
	1061003: {
		handling: 'fail',
		problem: 'Feishu could not find the resource',
		action: 'Check that the target document exists and the Parent Node is right.',
	},
	1061004: {
		handling: 'fail',
		problem: 'The app is not allowed to edit the target document',
		action:
			'Share the document with the app (add the app as a collaborator with edit permission), or use a document the app can edit.',
	},
	1061005: {
		handling: 'fail',
		problem: 'Feishu refused the identity',
		action: 'Check the Feishu API credential.',
	},
	1061007: {
		handling: 'fail',
		problem: 'The target file has been deleted',
		action: 'Use a Parent Node that still exists.',
	},
	1061008: {
		handling: 'fail',
		problem: 'The file name is empty or too long',
		action: 'Set the File Name option to 1-250 characters.',
	},
	1061021: {
		handling: 'restartUpload',
		problem: 'The block upload session expired',
		action: 'Run the item again.',
	},
	1061041: {
		handling: 'fail',
		problem: 'The parent node has been deleted',
		action: 'Use a Parent Node that still exists.',
	},
	1061042: {
		handling: 'fail',
		problem: 'The parent node holds too many media files',
		action: 'Upload into another Parent Node.',
	},
	1061043: {
		handling: 'fail',
		problem: 'The file is larger than Feishu allows here',
		action: 'Use a smaller file, or check the size limits of your Feishu plan.',
	},
	1061044: {
		handling: 'fail',
		problem: 'The parent node does not exist',
		action:
			'Check Parent Node: for docx types it is the block_id of an Image/File block, for sheets the spreadsheet token, for Base the app_token.',
	},
	1061101: {
		handling: 'fail',
		problem: "The tenant's storage quota is exceeded",
		action: "Free up space or extend the tenant's storage, then run the item again.",
	},
	1061061: {
		handling: 'fail',
		problem: "The user's storage quota is exceeded",
		action: "Free up space in the user's drive, then run the item again.",
	},
	1061109: {
		handling: 'fail',
		problem: "The file name failed Feishu's compliance review",
		action: 'Rename the file (File Name option).',
	},
	1061113: {
		handling: 'fail',
		problem: "The file content failed Feishu's compliance review",
		action: 'This file cannot be uploaded to Feishu.',
	},
	1061547: {
		handling: 'fail',
		problem: 'The document has too many attachments',
		action: 'Upload into another document.',
	},
	1062007: {
		handling: 'fail',
		problem: 'The block upload was started by another identity',
		action: 'Use the same credential for the whole upload; run the item again.',
	},
	1062008: {
		handling: 'resendBlock',
		problem: 'Feishu found a checksum mismatch (the bytes were damaged in transit)',
		action: 'Run the item again; if it keeps failing, check proxies between n8n and Feishu.',
	},
	1062009: {
		handling: 'fail',
		problem: 'The bytes sent differ from the declared size',
		action:
			'The file changed while it was being uploaded, or a proxy altered it; run the item again.',
	},
	1062010: {
		handling: 'uploadMissingBlocks',
		problem: 'Blocks were missing when the upload was finished',
		action: 'Run the item again.',
	},
	1062011: {
		handling: 'fail',
		problem: 'A block number was out of range',
		action: 'Run the item again; this points to a bug, please report it.',
	},
	1062012: {
		handling: 'fail',
		problem: 'The file is still being copied',
		action: 'Wait a moment and run the item again.',
	},
	1062013: {
		handling: 'fail',
		problem: "The file is damaged on Feishu's side",
		action: 'Upload the file again.',
	},
	1062014: {
		handling: 'fail',
		problem: 'Feishu does not allow instant (deduplicated) upload here',
		action: 'Run the item again.',
	},
	1062505: {
		handling: 'fail',
		problem: 'The drive holds too many nodes (400,000 at most)',
		action: 'Clean up the drive.',
	},
	1062506: {
		handling: 'fail',
		problem: 'The folder tree is too deep (15 levels at most)',
		action: 'Use a shallower folder.',
	},
	1062507: {
		handling: 'fail',
		problem: 'The folder holds too many items (1,500 at most)',
		action: 'Use another folder.',
	},
	// drive/v1/import_tasks (create and get)
	1069901: {
		handling: 'retry',
		problem: 'Feishu had an internal error with the import task',
		action: RETRY_LATER,
	},
	1069903: {
		handling: 'retry',
		problem: 'Feishu had an internal error with the import task',
		action: RETRY_LATER,
	},
	1069905: {
		handling: 'retry',
		problem: 'Feishu had an internal error with the import task',
		action: RETRY_LATER,
	},
	1069923: {
		handling: 'retry',
		problem: 'Feishu asked to slow down (import tasks: 100 per minute per app)',
		action:
			'Lower the number of imports running with this app at the same time, or run the item again later.',
	},
	1069902: {
		handling: 'fail',
		problem: 'The app has no permission for this import',
		action:
			'Give the app access (add it to the document or folder as a collaborator), and check it has the scope docs:document:import or drive:drive.',
	},
	1069904: {
		handling: 'fail',
		problem: "Feishu rejected the import task's parameters",
		action:
			"Check that the file's extension is its real format and that Import As is a type this extension can become.",
	},
	1069906: {
		handling: 'fail',
		problem: 'The document has been deleted',
		action: 'Check the ticket or the target.',
	},
	1069907: {
		handling: 'fail',
		problem: 'Feishu does not know the uploaded file (its file token)',
		action: 'Run the item again: the upload and the import run together.',
	},
	1069908: {
		handling: 'fail',
		problem: 'The target folder does not exist, or the app may not import into it',
		action:
			"Check Folder Token, and share the folder with the app (edit permission); leave it empty for the app's own root folder.",
	},
	1069909: {
		handling: 'fail',
		problem: 'The file is larger than Feishu imports (20 MB for this kind of file)',
		action: 'Split the file, or import it as .docx / .xlsx, which take more.',
	},
	1069910: {
		handling: 'fail',
		problem: "The uploaded file's extension does not match the import task's",
		action: 'Give the file a name whose extension is its real format.',
	},
	1069911: {
		handling: 'fail',
		problem: 'The uploaded file does not match the Import As type',
		action: 'Pick an Import As type this file can become.',
	},
	1069912: {
		handling: 'fail',
		problem: 'The target folder does not exist',
		action: 'Set Folder Token to an existing folder, or leave it empty for the root.',
	},
	1069913: {
		handling: 'fail',
		problem:
			'The uploaded file expired before the import task was created (Feishu keeps it 5 minutes)',
		action: 'Run the item again.',
	},
	1069914: {
		handling: 'fail',
		problem: 'The file token given to the import task is invalid',
		action: 'Run the item again: the upload and the import run together.',
	},
	// docx v1 blocks (Insert into Document)
	1770001: {
		handling: 'fail',
		problem: 'Feishu rejected the document request (invalid parameter)',
		action:
			'Check Document ID, Parent Block ID and Index (0 to the number of children, or -1 for the end).',
	},
	1770002: {
		handling: 'fail',
		problem: 'The document or the block does not exist',
		action:
			'Check Document ID (the last part of the docx URL) and Parent Block ID, and that the app can open the document.',
	},
	1770003: {
		handling: 'fail',
		problem: 'The document or the block has been deleted',
		action: 'Use a document and parent block that still exist.',
	},
	1770004: {
		handling: 'fail',
		problem: 'The document holds too many blocks',
		action: 'Insert into another document.',
	},
	1770007: {
		handling: 'fail',
		problem: 'The parent block holds too many children',
		action: 'Insert under another parent block.',
	},
	1770013: {
		handling: 'fail',
		problem: 'The media does not belong to this block',
		action: 'Run the item again: the file must be uploaded into the very block it is set on.',
	},
	1770025: {
		handling: 'fail',
		problem: "The update does not fit this block's type",
		action: 'Run the item again; if it persists, report it with the log id.',
	},
	1770028: {
		handling: 'fail',
		problem: 'The parent block cannot hold children',
		action: 'Set Parent Block ID to the document (leave it empty) or to a block that holds others.',
	},
	1770029: {
		handling: 'fail',
		problem: 'Feishu does not create this block type here',
		action: 'Pick Image or File as Block Type.',
	},
	1770032: {
		handling: 'fail',
		problem: 'The app may not edit this document',
		action:
			'Add the app to the document as a collaborator with edit access, and give it the scope docx:document.',
	},
	1771001: {
		handling: 'retry',
		problem: "Feishu's document service had an internal error",
		action: RETRY_LATER,
	},
	1771002: {
		handling: 'retry',
		problem: "Feishu's document gateway had an internal error",
		action: RETRY_LATER,
	},
	1771005: {
		handling: 'retry',
		problem: "Feishu's document service is under maintenance",
		action: RETRY_LATER,
	},
	// bitable v1 records and fields (Attach to Base Record)
	1254000: {
		handling: 'fail',
		problem: 'Feishu rejected the Base request',
		action: 'Check App Token, Table ID, Record ID and Field Name.',
	},
	1254001: {
		handling: 'fail',
		problem: 'Feishu rejected the Base request body',
		action: 'Check Field Name; if it persists, report it with the log id.',
	},
	1254002: {
		handling: 'retry',
		problem: "Feishu's Base service had an internal error",
		action: RETRY_LATER,
	},
	1254003: {
		handling: 'fail',
		problem: 'The App Token is not a Base app_token',
		action: 'Set App Token to the part of the Base URL after /base/.',
	},
	1254004: {
		handling: 'fail',
		problem: 'The Table ID is wrong',
		action: 'Set Table ID to the table= part of the Base URL (tbl…).',
	},
	1254006: {
		handling: 'fail',
		problem: 'The Record ID is wrong',
		action: 'Set Record ID to a record_id (rec…) of that table.',
	},
	1254027: {
		handling: 'fail',
		problem: 'The attachment does not belong to the app',
		action: 'Run the item again: the file is uploaded into this Base on the way.',
	},
	1254036: { handling: 'retry', problem: 'The Base is being copied', action: RETRY_LATER },
	1254040: {
		handling: 'fail',
		problem: 'The Base does not exist',
		action:
			'Check App Token (the part of the Base URL after /base/) and that the app can open the Base.',
	},
	1254041: {
		handling: 'fail',
		problem: 'The table does not exist',
		action: 'Check Table ID (tbl…).',
	},
	1254043: {
		handling: 'fail',
		problem: 'The record does not exist',
		action: 'Check Record ID (rec…): the record may have been deleted.',
	},
	1254045: {
		handling: 'fail',
		problem: 'The field does not exist',
		action: "Set Field Name to the field's name exactly as the table shows it.",
	},
	1254069: {
		handling: 'fail',
		problem: 'Feishu could not read the value as attachments',
		action: 'Check that Field Name is an attachment field.',
	},
	1254106: {
		handling: 'fail',
		problem: 'The field holds too many attachments',
		action: 'Attach to another record or field, or use Replace.',
	},
	1254130: {
		handling: 'fail',
		problem: 'The cell is too large',
		action: 'Attach to another record or field, or use Replace.',
	},
	1254290: {
		handling: 'retry',
		problem: 'Feishu asked to slow down (Base request rate)',
		action: 'Too many Base requests for this app; run the item again later.',
	},
	1254291: {
		handling: 'retry',
		problem: 'Another write to the same table was in progress',
		action: 'Something else writes to this table at the same time; run the item again.',
	},
	1254302: {
		handling: 'fail',
		problem: 'The app may not edit this Base (advanced permissions)',
		action:
			"In the Base's advanced permissions, give a role that includes the app read and write access, and give the app the scope bitable:app.",
	},
	1254303: {
		handling: 'fail',
		problem: 'The attachment does not belong to this Base',
		action: 'Run the item again: the file is uploaded into this Base on the way.',
	},
	1254607: { handling: 'retry', problem: "The Base's data is not ready yet", action: RETRY_LATER },
	1255001: {
		handling: 'retry',
		problem: "Feishu's Base service had an internal error",
		action: RETRY_LATER,
	},
	1255002: {
		handling: 'retry',
		problem: "Feishu's Base service had an internal error",
		action: RETRY_LATER,
	},
	1255040: { handling: 'retry', problem: "Feishu's Base service timed out", action: RETRY_LATER },
};

export function describeFeishuCode(code: number): FeishuCodeInfo {
	return (
		FEISHU_CODES[code] ?? {
			handling: 'fail',
			problem: 'Feishu rejected the request',
			action:
				"Look up the code in Feishu's error code list, or search Feishu's troubleshooter with the log id.",
		}
	);
}
