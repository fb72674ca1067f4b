/**
 * Base (bitable) field and attachment shapes (docs/feishu-protocol.md, "Base attachments").
 * No n8n here: only Feishu's JSON.
 */

/** Feishu's field type numbers, for error messages; 17 is the attachment field. */
export const ATTACHMENT_FIELD_TYPE = 17;
const FIELD_TYPE_NAMES: Record<number, string> = {
	1: 'text',
	2: 'number',
	3: 'single select',
	4: 'multiple select',
	5: 'date',
	7: 'checkbox',
	11: 'person',
	13: 'phone number',
	15: 'link (URL)',
	17: 'attachment',
	18: 'one-way link',
	19: 'lookup',
	20: 'formula',
	21: 'two-way link',
	22: 'location',
	23: 'group',
	1001: 'created time',
	1002: 'modified time',
	1003: 'created by',
	1004: 'modified by',
	1005: 'auto number',
};

export function fieldTypeName(type: unknown): string {
	return (typeof type === 'number' && FIELD_TYPE_NAMES[type]) || `type ${String(type)}`;
}

export interface BaseField {
	name: string;
	type: unknown;
}

export type UploadAs = 'auto' | 'image' | 'file';

/** bitable_image for images (Feishu shows them as pictures), bitable_file for anything else. */
export function baseParentType(
	uploadAs: UploadAs,
	mimeType: string | undefined,
): 'bitable_image' | 'bitable_file' {
	if (uploadAs === 'image') return 'bitable_image';
	if (uploadAs === 'file') return 'bitable_file';
	return /^image\//i.test(mimeType ?? '') ? 'bitable_image' : 'bitable_file';
}

/** The file_tokens an attachment field holds, as a record read shows them ([{file_token, name, …}]). */
export function attachedTokens(value: unknown): string[] {
	if (!Array.isArray(value)) return [];
	return value
		.map((entry) => (entry as { file_token?: unknown } | null)?.file_token)
		.filter((token): token is string => typeof token === 'string' && token !== '');
}

/** The field's new value: its attachments plus the new one, or the new one alone (replace). */
export function nextAttachments(
	current: string[],
	fileToken: string,
	replace: boolean,
): Array<{ file_token: string }> {
	const tokens = replace
		? [fileToken]
		: [...current.filter((token) => token !== fileToken), fileToken];
	return tokens.map((token) => ({ file_token: token }));
}
