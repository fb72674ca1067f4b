'use strict';
// Adler-32 (RFC 1950), incremental so a file is checked while it streams to disk.
// Feishu wants it as the UNSIGNED decimal string, so digest() never goes negative.

const MOD = 65521;
// Reduce at least this often (zlib's NMAX); JS doubles would tolerate more, this keeps sums small.
const NMAX = 5552;

class Adler32 {
	constructor() {
		this.a = 1;
		this.b = 0;
	}

	update(buf) {
		let a = this.a;
		let b = this.b;
		let i = 0;
		const n = buf.length;
		while (i < n) {
			const end = Math.min(i + NMAX, n);
			for (; i < end; i++) {
				a += buf[i];
				b += a;
			}
			a %= MOD;
			b %= MOD;
		}
		this.a = a;
		this.b = b;
		return this;
	}

	digest() {
		return this.b * 65536 + this.a;
	}
}

function adler32(buf) {
	return new Adler32().update(buf).digest();
}

module.exports = { Adler32, adler32 };
