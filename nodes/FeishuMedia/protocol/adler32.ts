import { ADLER32_WASM_BASE64 } from './adler32Wasm';

// Adler-32 (RFC 1950), the checksum Feishu wants with every upload. Our own WebAssembly module
// (adler32.wat, SIMD, 32 bytes a step) does the work without a runtime dependency, so the
// checksum costs little next to sending the bytes. The one module instance is shared, but every call into it is synchronous and the
// running value lives in each Adler32 object, so interleaved executions cannot mix their sums.
// Where WebAssembly (or its SIMD) is missing, a plain-JS loop gives the same values.

// Just what this file uses: the package compiles without the DOM lib, and @types/node 20 has none.
declare const WebAssembly: {
	Module: new (bytes: Uint8Array) => object;
	Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

/** Folds bytes into a running value b << 16 | a (the Adler-32 itself) and returns the new one. */
type Fold = (adler: number, bytes: Uint8Array) => number;

const MODULUS = 65521;
/** The most bytes before b (the larger sum) could pass 2^32 without a reduction. */
const NMAX = 5552;

function foldJs(adler: number, bytes: Uint8Array): number {
	let a = adler & 0xffff;
	let b = adler >>> 16;
	let index = 0;
	while (index < bytes.length) {
		const runEnd = Math.min(index + NMAX, bytes.length);
		for (; index < runEnd; index++) {
			a += bytes[index];
			b += a;
		}
		a %= MODULUS;
		b %= MODULUS;
	}
	return ((b << 16) | a) >>> 0;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A few lines instead of Buffer, so this file runs wherever WebAssembly does. */
function decodeBase64(text: string): Uint8Array {
	const digits = text.replace(/=+$/, '');
	const bytes = new Uint8Array(Math.floor((digits.length * 3) / 4));
	let pending = 0;
	let pendingBits = 0;
	let out = 0;
	for (const digit of digits) {
		pending = (pending << 6) | BASE64_ALPHABET.indexOf(digit);
		pendingBits += 6;
		if (pendingBits >= 8) {
			pendingBits -= 8;
			bytes[out++] = pending >>> pendingBits;
			pending &= (1 << pendingBits) - 1;
		}
	}
	return bytes;
}

/** The module's update(adler, len) folds its memory[0, len); input goes through in memory-sized copies. */
function foldWasm(): Fold | undefined {
	if (typeof WebAssembly === 'undefined') return undefined;
	let exports: Record<string, unknown>;
	try {
		exports = new WebAssembly.Instance(
			new WebAssembly.Module(decodeBase64(ADLER32_WASM_BASE64)),
			{},
		).exports;
	} catch {
		// An engine without WebAssembly SIMD (or with WebAssembly compilation disallowed).
		return undefined;
	}
	const update = exports.update as (adler: number, length: number) => number;
	// The memory never grows, so this view stays valid.
	const scratch = new Uint8Array((exports.memory as { buffer: ArrayBuffer }).buffer);
	return (adler, bytes) => {
		for (let offset = 0; offset < bytes.length; offset += scratch.length) {
			const part = bytes.subarray(offset, offset + scratch.length);
			scratch.set(part);
			adler = update(adler, part.length);
		}
		return adler >>> 0;
	};
}

let chosenFold: Fold | undefined;

/** Compiled on first use, not at import, and then reused by every instance. */
function fold(): Fold {
	return (chosenFold ??= foldWasm() ?? foldJs);
}

/** Incremental Adler-32; each instance keeps its own state (concurrent executions interleave at awaits). */
export class Adler32 {
	private value = 1;

	update(bytes: Uint8Array): this {
		this.value = fold()(this.value, bytes);
		return this;
	}

	/** The value so far; more update() calls may follow. */
	digest(): number {
		return this.value;
	}
}

export function adler32Of(bytes: Uint8Array): number {
	return fold()(1, bytes);
}

/** Feishu's `checksum` field: the unsigned decimal text. */
export function checksumText(value: number): string {
	// Signed 32-bit values (as the adler-32 package returns) are the same checksum.
	if (!Number.isInteger(value) || value < -0x80000000 || value > 0xffffffff) {
		throw new RangeError(`Not a 32-bit checksum: ${value}`);
	}
	return String(value >>> 0);
}
