// The read side of Feishu's drive media API (docs/feishu-protocol.md, "Download").
import { attempt } from './settle';

export type MediaReadEndpoint = 'download' | 'batch_get_tmp_download_url';

/** Feishu takes at most this many file_tokens per batch_get_tmp_download_url call. */
export const TMP_URLS_PER_CALL = 5;

/** How long Feishu keeps a temporary download link valid. */
export const TMP_URL_LIFETIME_HOURS = 24;

/** The path (and query) of one file's download, relative to the media path. */
export function downloadPath(fileToken: string, extra: string | undefined): string {
	const query = extra === undefined ? '' : `?extra=${encodeURIComponent(extra)}`;
	return `${encodeURIComponent(fileToken)}/download${query}`;
}

/** The query of batch_get_tmp_download_url: `file_tokens` repeated, as Feishu's SDKs send it. */
export function tmpUrlsQuery(fileTokens: string[], extra: string | undefined): string {
	const tokens = fileTokens.map((token) => `file_tokens=${encodeURIComponent(token)}`).join('&');
	return extra === undefined ? tokens : `${tokens}&extra=${encodeURIComponent(extra)}`;
}

/** Splits `values` into runs of at most `size`, in order. */
export function inGroups<T>(values: T[], size: number): T[][] {
	const groups: T[][] = [];
	for (let start = 0; start < values.length; start += size)
		groups.push(values.slice(start, start + size));
	return groups;
}

/**
 * The `extra` option as Feishu wants it: a JSON object's text (`extra`, undefined when empty), or
 * what is wrong with it (`problem`). Base attachments under advanced permissions need
 * {"bitablePerm":{"tableId":…,"attachments":…}}.
 */
export function normalizeExtra(value: unknown): { extra?: string; problem?: string } {
	if (value === undefined || value === null || value === '') return {};
	const parsed =
		typeof value === 'string'
			? attempt(() => JSON.parse(value) as unknown)
			: { ok: true as const, value };
	if (!parsed.ok) return { problem: 'Extra is not valid JSON' };
	const object = parsed.value;
	if (!object || typeof object !== 'object' || Array.isArray(object))
		return { problem: 'Extra must be a JSON object' };
	return Object.keys(object).length === 0 ? {} : { extra: JSON.stringify(object) };
}

/** A Content-Range header `bytes a-b/total` -> its parts (total undefined for `*`), else undefined. */
export function parseContentRange(
	header: string | undefined,
): { start: number; end: number; total?: number } | undefined {
	const match = header === undefined ? null : /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header.trim());
	if (!match) return undefined;
	return {
		start: Number(match[1]),
		end: Number(match[2]),
		total: match[3] === '*' ? undefined : Number(match[3]),
	};
}
