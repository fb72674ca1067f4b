/**
 * The file name in a Content-Disposition header (RFC 6266). `filename*` (RFC 5987:
 * charset'language'percent-encoded) wins over `filename`, which is only an ASCII fallback; UTF-8
 * and ISO-8859-1 are the charsets RFC 5987 requires a reader to know. Undefined when there is none.
 */
export function fileNameFromContentDisposition(header: string | undefined): string | undefined {
	if (!header) return undefined;
	const params = parameters(header);
	const extended = params.get('filename*');
	const decoded = extended === undefined ? undefined : decodeExtended(extended);
	const name = decoded ?? params.get('filename');
	return name === undefined ? undefined : baseName(name);
}

/** `key=value` and `key="quoted value"` pairs after the disposition type, keys lower-cased. */
function parameters(header: string): Map<string, string> {
	const params = new Map<string, string>();
	const pattern = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
	for (let match = pattern.exec(header); match; match = pattern.exec(header)) {
		const key = match[1].toLowerCase();
		const value = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3].trim();
		if (!params.has(key)) params.set(key, value);
	}
	return params;
}

function decodeExtended(value: string): string | undefined {
	const match = /^([\w!#$%&+^`{}~-]+)'[^']*'(.*)$/.exec(value);
	if (!match) return undefined;
	const charset = match[1].toLowerCase();
	try {
		if (charset === 'utf-8') return decodeURIComponent(match[2]);
		if (charset === 'iso-8859-1') {
			return match[2].replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
				String.fromCharCode(parseInt(hex, 16)),
			);
		}
	} catch {
		// Malformed percent-encoding: fall back to the plain filename parameter.
	}
	return undefined;
}

/** No directories from a server-sent name: only its last path segment. */
function baseName(name: string): string | undefined {
	const base = name.split(/[\\/]/).pop()?.trim() ?? '';
	return base === '' || base === '.' || base === '..' ? undefined : base;
}
