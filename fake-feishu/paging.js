'use strict';
// List endpoints page by page_size and page_token; the fake's page_token is a prefix and the
// offset of the page's first item ("pt_50"), an empty or absent one is the first page.

/**
 * The page of `all` a list request asks for: -> { items, has_more, page_token? } (page_token only
 * when more follow), or null when page_size is outside 1..maxSize or page_token is not one of ours.
 */
function pageOf(all, query, { defaultSize, maxSize, tokenPrefix }) {
	const sizeText = query.get('page_size');
	const size = sizeText === null ? defaultSize : Number(sizeText);
	if (!Number.isInteger(size) || size < 1 || size > maxSize) return null;
	const tokenText = query.get('page_token');
	let offset = 0;
	if (tokenText !== null && tokenText !== '') {
		const digits = tokenText.startsWith(tokenPrefix) ? tokenText.slice(tokenPrefix.length) : '';
		if (!/^[0-9]+$/.test(digits)) return null;
		offset = Number(digits);
	}
	const end = offset + size;
	const items = all.slice(offset, end);
	return end < all.length
		? { items, has_more: true, page_token: `${tokenPrefix}${end}` }
		: { items, has_more: false };
}

module.exports = { pageOf };
