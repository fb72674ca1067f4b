import { attempt } from './settle';

export const PLATFORM_BASE_URLS: Record<string, string> = {
	feishu: 'https://open.feishu.cn',
	lark: 'https://open.larksuite.com',
};

export class BaseUrlError extends Error {}

function isLoopbackHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (host === 'localhost' || host === '::1') return true;
	return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Turns the credential's platform / custom URL into the API origin. Plain http is only allowed
 * for loopback hosts: anything else would send the app secret and tokens unencrypted.
 */
export function resolveBaseUrl(credentials: { platform?: unknown; baseUrl?: unknown }): string {
	const platform = String(credentials.platform ?? 'feishu');
	if (platform !== 'custom') {
		const known = PLATFORM_BASE_URLS[platform];
		if (!known) throw new BaseUrlError(`Unknown platform "${platform}" in the Feishu credential`);
		return known;
	}
	const raw = String(credentials.baseUrl ?? '').trim();
	const parsed = attempt(() => new URL(raw));
	if (!parsed.ok) {
		throw new BaseUrlError(
			`The credential's Base URL "${raw}" is not a valid URL. Enter it like https://open.feishu.cn`,
		);
	}
	const url = parsed.value;
	if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
		throw new BaseUrlError(
			`The credential's Base URL uses plain http:// for "${url.hostname}", which would send the app secret unencrypted. Use https://, or http:// only for a loopback host (127.0.0.1, localhost, ::1)`,
		);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new BaseUrlError(
			`The credential's Base URL must start with https:// (got "${url.protocol}")`,
		);
	}
	return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
