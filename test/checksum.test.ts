import { Readable } from 'stream';

import { checksumOfBuffer, checksumOfStream } from '../nodes/FeishuMedia/transport/checksum';

// Reference values from zlib.adler32 (Python), independent of the adler-32 package.
const ABOVE_2_31 = Buffer.concat(Array.from({ length: 4 }, () => Buffer.from(Array.from({ length: 256 }, (_, index) => index))));

describe('Adler-32 as Feishu wants it (unsigned decimal string)', () => {
	test('the known vector: "Wikipedia" is 300286872', () => {
		expect(checksumOfBuffer(Buffer.from('Wikipedia'))).toBe('300286872');
	});

	test('a value above 2^31 stays unsigned', () => {
		expect(checksumOfBuffer(ABOVE_2_31)).toBe('3838443024');
	});

	test('a stream folded chunk by chunk gives the same value and size', async () => {
		const chunks = [ABOVE_2_31.subarray(0, 7), ABOVE_2_31.subarray(7, 700), ABOVE_2_31.subarray(700)];
		await expect(checksumOfStream(Readable.from(chunks))).resolves.toEqual({ checksum: '3838443024', size: 1024 });
	});
});
