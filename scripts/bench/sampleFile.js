'use strict';

const crypto = require('crypto');
const fs = require('fs');
const adler32 = require('adler-32');

const CHUNK = 1024 * 1024;

// Deterministic, incompressible bytes: an AES-CTR keystream is fast (GB/s) and the same for a seed.
function keystream(seed) {
	const key = crypto
		.createHash('sha256')
		.update(`feishu-media-bench:${seed}`)
		.digest()
		.subarray(0, 16);
	return crypto.createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
}

/** `size` bytes for a small item, the same in every process for the same seed. */
function sampleBytes(size, seed) {
	return keystream(seed).update(Buffer.alloc(size));
}

function sha256(bytes) {
	return crypto.createHash('sha256').update(bytes).digest('hex');
}

/**
 * Writes `size` bytes to `filePath` one chunk at a time (never the whole file in memory) and
 * returns what the checks need: sha256 (to verify what the fake stored) and, if asked (it is the
 * slow part), the Adler-32 that Feishu wants as an unsigned decimal (for the curl reference).
 */
function writeSampleFile(filePath, size, seed, { withChecksum = true } = {}) {
	const cipher = keystream(seed);
	const hash = crypto.createHash('sha256');
	const zeros = Buffer.alloc(CHUNK);
	let adler;
	const fd = fs.openSync(filePath, 'w');
	try {
		for (let written = 0; written < size; written += CHUNK) {
			const chunk = cipher.update(zeros.subarray(0, Math.min(CHUNK, size - written)));
			hash.update(chunk);
			if (withChecksum) adler = adler32.buf(chunk, adler);
			fs.writeSync(fd, chunk);
		}
	} finally {
		fs.closeSync(fd);
	}
	return {
		path: filePath,
		size,
		sha256: hash.digest('hex'),
		checksum: withChecksum ? String(adler >>> 0) : undefined,
	};
}

module.exports = { sampleBytes, sha256, writeSampleFile };
