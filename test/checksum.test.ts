import { randomBytes } from 'crypto';
import { Readable } from 'stream';

import { buf as referenceAdler32 } from 'adler-32';

import { checksumOfBuffer, checksumOfStream } from '../nodes/FeishuMedia/transport/checksum';

// Reference values from zlib.adler32 (Python), independent of hash-wasm and of the adler-32 package.
const ABOVE_2_31 = Buffer.concat(Array.from({ length: 4 }, () => Buffer.from(Array.from({ length: 256 }, (_, index) => index))));

describe('Adler-32 as Feishu wants it (unsigned decimal string)', () => {
	test('the known vector: "Wikipedia" is 300286872', async () => {
		await expect(checksumOfBuffer(Buffer.from('Wikipedia'))).resolves.toBe('300286872');
	});

	test('a value above 2^31 stays unsigned', async () => {
		await expect(checksumOfBuffer(ABOVE_2_31)).resolves.toBe('3838443024');
	});

	test('a stream folded chunk by chunk gives the same value and size', async () => {
		const chunks = [ABOVE_2_31.subarray(0, 7), ABOVE_2_31.subarray(7, 700), ABOVE_2_31.subarray(700)];
		await expect(checksumOfStream(Readable.from(chunks))).resolves.toEqual({ checksum: '3838443024', size: 1024 });
	});

	test('agrees with the pure-JS adler-32 package on 5 MiB of random bytes, whole and in odd chunks', async () => {
		const bytes = randomBytes(5 * 1024 * 1024 + 13);
		const expected = String(referenceAdler32(bytes) >>> 0);
		await expect(checksumOfBuffer(bytes)).resolves.toBe(expected);
		const chunks = [bytes.subarray(0, 1), bytes.subarray(1, 65_537), bytes.subarray(65_537, 3_000_001), bytes.subarray(3_000_001)];
		await expect(checksumOfStream(Readable.from(chunks))).resolves.toEqual({ checksum: expected, size: bytes.length });
	});
});
