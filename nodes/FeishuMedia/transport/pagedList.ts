import { callFeishuApi, type FeishuApiRequest } from './feishuApi';
import type { ExecutionScope, ItemBudget } from './feishuClient';

/** A list that still said has_more after the most pages the node reads. */
export class EndlessListError extends Error {
	constructor(
		readonly itemsName: string,
		readonly maxPages: number,
	) {
		super(`Feishu's list of ${itemsName} did not end after ${maxPages} pages`);
	}
}

/** How one of Feishu's paged lists is read: pages of `pageSize`, at most `maxPages` of them. */
export interface PagedList extends FeishuApiRequest {
	pageSize: number;
	/** Feishu's lists end: one that keeps saying has_more is refused after this, not followed. */
	maxPages: number;
	/** What the list holds, for the error of a list that never ends, e.g. "fields". */
	itemsName: string;
}

/**
 * The items of a paged Feishu list, a page at a time (page_size, page_token, has_more). The
 * caller may stop early: the next page is asked for only when it is wanted.
 */
export async function* pagesOf(
	scope: ExecutionScope,
	budget: ItemBudget,
	list: PagedList,
): AsyncGenerator<unknown[]> {
	const { pageSize, maxPages, itemsName, ...request } = list;
	let pageToken: string | undefined;
	for (let page = 0; page < maxPages; page++) {
		const data = await callFeishuApi(scope, budget, {
			...request,
			query: { ...request.query, page_size: pageSize, page_token: pageToken },
		});
		yield Array.isArray(data.items) ? (data.items as unknown[]) : [];
		pageToken =
			typeof data.page_token === 'string' && data.page_token !== '' ? data.page_token : undefined;
		if (data.has_more !== true || pageToken === undefined) return;
	}
	throw new EndlessListError(itemsName, maxPages);
}
