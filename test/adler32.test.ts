import { randomBytes } from 'crypto';
import { readFileSync } from 'fs';
import path from 'path';

import { buf as referenceAdler32 } from 'adler-32';

import { ADLER32_WASM_BASE64 } from '../nodes/FeishuMedia/protocol/adler32Wasm';
import { assembleAdler32, renderAdler32Module, WAT_PATH } from '../scripts/build-adler32-wasm';

type Adler32Module = typeof import('../nodes/FeishuMedia/protocol/adler32');

// The adler-32 package is the independent reference (it returns signed 32-bit values).
const reference = (bytes: Uint8Array) => referenceAdler32(bytes) >>> 0;

const MiB = 1024 * 1024;
/** The wasm scratch area, read from the .wat so a larger memory there cannot void the test below. */
const SCRATCH_BYTES =
	Number(/\(memory \(export "memory"\) (\d+)\)/.exec(readFileSync(WAT_PATH, 'utf8'))![1]) * 65536;
const RANDOM = randomBytes(5 * MiB + 13);
const BEYOND_SCRATCH = randomBytes(2 * SCRATCH_BYTES + 5553);
// 0..255 four times: b ends up above 2^31 (zlib.adler32 gives 3838443024).
const ABOVE_2_31 = Buffer.concat(
	Array.from({ length: 4 }, () => Buffer.from(Array.from({ length: 256 }, (_, index) => index))),
);
// Around NMAX (5552), the 32-byte SIMD step and its scalar tail, and past the scratch area.
const CHUNK_SIZES = [1, 7, 31, 32, 33, 5551, 5552, 5553, 65537, SCRATCH_BYTES + 1];

function chunksOf(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
	const chunks: Uint8Array[] = [];
	for (let offset = 0, turn = 0; offset < bytes.length; turn++) {
		const size = sizes[turn % sizes.length];
		chunks.push(bytes.subarray(offset, offset + size));
		offset += size;
	}
	return chunks;
}

const realWebAssembly = (globalThis as { WebAssembly?: unknown }).WebAssembly as {
	Module: new (bytes: Uint8Array) => object;
	Instance: new (module: object, imports: object) => object;
};

function setWebAssembly(value: unknown) {
	(globalThis as { WebAssembly?: unknown }).WebAssembly = value;
}

/** A fresh copy of the module, so its lazily chosen implementation is chosen again. */
function freshAdler32Module(): Adler32Module {
	let loaded: Adler32Module | undefined;
	jest.isolateModules(() => {
		loaded = jest.requireActual<Adler32Module>('../nodes/FeishuMedia/protocol/adler32');
	});
	return loaded!;
}

/** The same answers whichever implementation runs; `load` is called once WebAssembly is set up. */
function agreesWithTheReference(load: () => Adler32Module) {
	let adler: Adler32Module;
	beforeAll(() => {
		adler = load();
	});

	test('empty input is 1', () => {
		expect(adler.adler32Of(new Uint8Array(0))).toBe(1);
		expect(new adler.Adler32().digest()).toBe(1);
		expect(new adler.Adler32().update(new Uint8Array(0)).digest()).toBe(1);
	});

	test('known vectors', () => {
		// Values from zlib.adler32; the reference must agree too.
		const vectors: Array<[string, number]> = [
			['a', 0x00620062],
			['abc', 0x024d0127],
			['Wikipedia', 300286872],
			['message digest', 0x29750586],
		];
		for (const [text, expected] of vectors) {
			const bytes = Buffer.from(text);
			expect(reference(bytes)).toBe(expected);
			expect(adler.adler32Of(bytes)).toBe(expected);
		}
	});

	test('values above 2^31 come back unsigned', () => {
		expect(adler.adler32Of(ABOVE_2_31)).toBe(3838443024);
		expect(adler.adler32Of(ABOVE_2_31)).toBe(reference(ABOVE_2_31));
		expect(adler.checksumText(adler.adler32Of(ABOVE_2_31))).toBe('3838443024');
	});

	test('all-0xff bytes, the largest sums, where a missed reduction would overflow', () => {
		const ones = new Uint8Array(SCRATCH_BYTES + 5553).fill(0xff);
		expect(adler.adler32Of(ones)).toBe(reference(ones));
		const hasher = new adler.Adler32();
		for (const chunk of chunksOf(ones, [5551, 1, 33])) hasher.update(chunk);
		expect(hasher.digest()).toBe(reference(ones));
	});

	test('5 MiB of random bytes, whole', () => {
		expect(adler.adler32Of(RANDOM)).toBe(reference(RANDOM));
		expect(new adler.Adler32().update(RANDOM).digest()).toBe(reference(RANDOM));
	});

	test('5 MiB of random bytes fed in odd-sized chunks', () => {
		const expected = reference(RANDOM);
		// Every size in turn across the whole input, then each size alone (1 and 7 on a prefix: 5M calls is slow).
		const mixed = new adler.Adler32();
		for (const chunk of chunksOf(RANDOM, CHUNK_SIZES)) mixed.update(chunk);
		expect(mixed.digest()).toBe(expected);
		for (const size of CHUNK_SIZES) {
			const input = size < 32 ? RANDOM.subarray(0, 200_003) : RANDOM;
			const hasher = new adler.Adler32();
			for (const chunk of chunksOf(input, [size])) hasher.update(chunk);
			expect({ size, value: hasher.digest() }).toEqual({ size, value: reference(input) });
		}
	});

	test('one chunk larger than the wasm scratch area', () => {
		expect(BEYOND_SCRATCH.length).toBeGreaterThan(2 * SCRATCH_BYTES);
		expect(adler.adler32Of(BEYOND_SCRATCH)).toBe(reference(BEYOND_SCRATCH));
		const hasher = new adler.Adler32()
			.update(BEYOND_SCRATCH.subarray(0, 3))
			.update(BEYOND_SCRATCH.subarray(3));
		expect(hasher.digest()).toBe(reference(BEYOND_SCRATCH));
	});

	test('two interleaved instances keep their own state', () => {
		const first = new adler.Adler32();
		const second = new adler.Adler32();
		const firstChunks = chunksOf(RANDOM, [5553, 65537]);
		const secondChunks = chunksOf(BEYOND_SCRATCH, [7, 5551, 33]);
		for (let turn = 0; turn < Math.max(firstChunks.length, secondChunks.length); turn++) {
			if (turn < firstChunks.length) first.update(firstChunks[turn]);
			if (turn < secondChunks.length) second.update(secondChunks[turn]);
			// A one-shot in between must not disturb either of them either.
			if (turn % 100 === 0) expect(adler.adler32Of(ABOVE_2_31)).toBe(3838443024);
		}
		expect(first.digest()).toBe(reference(RANDOM));
		expect(second.digest()).toBe(reference(BEYOND_SCRATCH));
	});
}

describe('Adler-32 through our WebAssembly module', () => {
	// Records compilations, so these tests know the wasm path ran (not a silent fallback).
	const compiled = { modules: 0, instances: 0 };
	let adler: Adler32Module;
	beforeAll(() => {
		setWebAssembly({
			Module: class extends realWebAssembly.Module {
				constructor(bytes: Uint8Array) {
					super(bytes);
					compiled.modules++;
				}
			},
			Instance: class extends realWebAssembly.Instance {
				constructor(module: object, imports: object) {
					super(module, imports);
					compiled.instances++;
				}
			},
		});
		adler = freshAdler32Module();
	});
	afterAll(() => setWebAssembly(realWebAssembly));

	test('compiles lazily, on first use', () => {
		expect(compiled).toEqual({ modules: 0, instances: 0 });
		expect(adler.adler32Of(Buffer.from('Wikipedia'))).toBe(300286872);
		expect(compiled).toEqual({ modules: 1, instances: 1 });
	});

	agreesWithTheReference(() => adler);

	test('compiled once and reused by every call and instance', () => {
		expect(compiled).toEqual({ modules: 1, instances: 1 });
	});
});

describe('Adler-32 through the plain-JS fallback (no WebAssembly at all)', () => {
	// WebAssembly stays absent for every test here: nothing but the JS loop can answer.
	beforeAll(() => setWebAssembly(undefined));
	afterAll(() => setWebAssembly(realWebAssembly));

	agreesWithTheReference(freshAdler32Module);
});

describe('Adler-32 where the module does not compile (e.g. no SIMD)', () => {
	let attempts = 0;
	beforeAll(() =>
		setWebAssembly({
			Module: class {
				constructor() {
					attempts++;
					throw new Error('CompileError: SIMD unsupported (simulated)');
				}
			},
			Instance: realWebAssembly.Instance,
		}),
	);
	afterAll(() => setWebAssembly(realWebAssembly));

	test('falls back to JS, and does not retry the compilation on every call', () => {
		const adler = freshAdler32Module();
		expect(adler.adler32Of(ABOVE_2_31)).toBe(3838443024);
		expect(new adler.Adler32().update(RANDOM.subarray(0, 70_001)).digest()).toBe(
			reference(RANDOM.subarray(0, 70_001)),
		);
		expect(attempts).toBe(1);
	});
});

describe('checksumText', () => {
	const { checksumText } = freshAdler32Module();

	test('the unsigned decimal text', () => {
		expect(checksumText(1)).toBe('1');
		expect(checksumText(300286872)).toBe('300286872');
		expect(checksumText(0xffffffff)).toBe('4294967295');
	});

	test('a signed 32-bit form of the same value gives the same text', () => {
		const signed = referenceAdler32(ABOVE_2_31);
		expect(signed).toBeLessThan(0);
		expect(checksumText(signed)).toBe('3838443024');
	});

	test('anything that is not a 32-bit integer is refused', () => {
		for (const bad of [2 ** 32, -(2 ** 31) - 1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
			expect(() => checksumText(bad)).toThrow(RangeError);
		}
	});
});

describe('the committed wasm', () => {
	test('is exactly what wabt assembles from adler32.wat (run npm run build:wasm after editing the .wat)', async () => {
		const assembled = await assembleAdler32();
		expect(Buffer.from(ADLER32_WASM_BASE64, 'base64').equals(assembled)).toBe(true);
		const committed = readFileSync(path.join(path.dirname(WAT_PATH), 'adler32Wasm.ts'), 'utf8');
		expect(committed).toBe(renderAdler32Module(assembled));
	});
});
