import { feishuFailureOf } from '../helpers/nodeError';
import type { ErrorNote } from './perItem';

/** Feishu's answers that mean "this app may not do that": a missing scope, or no access to the document or Base. */
const PERMISSION_CODES = new Set([99991672, 99991679, 1061073, 1061004, 1770032, 1254302, 1254027]);

/**
 * Names the scopes an operation needs when Feishu refuses it for permissions, and says when a
 * failed item left something behind, so the error says what to do in one place.
 */
export function scopeNote(scopes: string): ErrorNote {
	return (error, cause) => {
		const notes: string[] = [];
		const code = feishuFailureOf(cause)?.code;
		if (code !== undefined && PERMISSION_CODES.has(code)) {
			notes.push(
				`This operation needs the scopes ${scopes} (developer console > Permissions & Scopes, then publish a version), and the app must be a collaborator with edit access.`,
			);
		}
		const leftBlock = (cause as { leftBlock?: unknown } | undefined)?.leftBlock;
		if (typeof leftBlock === 'string') notes.push(leftBlock);
		if (notes.length) error.description = [error.description, ...notes].filter(Boolean).join(' ');
	};
}
