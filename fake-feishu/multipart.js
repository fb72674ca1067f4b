'use strict';
// Busboy wrapper for Feishu's multipart bodies. Text fields are collected (order does not
// matter); the single `file` part is streamed to disk while its byte count, SHA-256 and
// Adler-32 are computed, so a large upload is never held in memory.
const fs = require('fs');
const crypto = require('crypto');
const { Transform } = require('stream');
const { pipeline } = require('stream/promises');
const busboy = require('busboy');
const { Adler32 } = require('./adler32');

const FILE_FIELD = 'file';
const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Counts and hashes every byte; passes on only the first keepBytes (more is an error anyway). */
class Measure extends Transform {
	constructor(keepBytes) {
		super();
		this.keepBytes = keepBytes;
		this.bytes = 0;
		this.sha256 = crypto.createHash('sha256');
		this.adler = new Adler32();
	}

	_transform(chunk, _encoding, callback) {
		const room = this.keepBytes - this.bytes;
		this.bytes += chunk.length;
		if (room <= 0) return callback(); // over the limit: only count, the request will be refused
		const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
		this.sha256.update(kept);
		this.adler.update(kept);
		callback(null, kept);
	}

	describe(file) {
		file.bytes = this.bytes;
		file.overflow = this.bytes > this.keepBytes;
		file.sha256 = this.sha256.digest('hex');
		file.adler32 = this.adler.digest();
	}
}

/**
 * Text fields are decoded as latin1 (byte-exact) and turned back into UTF-8 here, so that a
 * file part busboy mistook for a text field keeps its exact bytes. A value that is not
 * valid UTF-8 once re-encoded was decoded with an explicit charset already: keep it.
 */
function textFromLatin1(value) {
	if (/[\u0100-\uffff]/.test(value)) return value;
	try {
		return utf8Strict.decode(Buffer.from(value, 'latin1'));
	} catch {
		return value;
	}
}

async function writeBuffer(filePath, bytes, keepBytes, file) {
	const measure = new Measure(keepBytes);
	const kept = [];
	measure.on('data', (chunk) => kept.push(chunk));
	measure.end(bytes);
	await new Promise((resolve) => measure.once('end', resolve));
	measure.describe(file);
	await fs.promises.writeFile(filePath, Buffer.concat(kept));
}

/**
 * Parse a multipart/form-data request.
 * @param {object} opts { filePath: where the `file` part goes, keepBytes: most bytes worth keeping }
 * @returns {Promise<{ fields: object, file: null|{filename, bytes, overflow, sha256, adler32}, error: string|null, aborted: boolean }>}
 *   error names the first problem (not multipart, malformed, duplicated field, extra file part ...).
 *   The file, if any, is at opts.filePath; the caller keeps or deletes it.
 */
function parseMultipart(req, { filePath, keepBytes }) {
	return new Promise((resolve) => {
		const result = { fields: Object.create(null), file: null, error: null, aborted: false };
		const fail = (why) => {
			if (!result.error) result.error = why;
		};

		let parser;
		try {
			parser = busboy({
				headers: req.headers,
				defCharset: 'latin1',
				// A no-filename `file` part that is not application/octet-stream arrives as a text
				// field, so text fields may be as large as a file we would keep (bounded, never more).
				limits: { fieldSize: keepBytes + 1, fields: 32, files: 4, parts: 40 },
			});
		} catch (err) {
			fail(`not a multipart/form-data body: ${err.message}`);
			return resolve(result);
		}

		const writes = [];
		let settled = false;
		const settle = () => {
			if (settled) return;
			settled = true;
			Promise.allSettled(writes).then(() => resolve(result));
		};
		const claimFile = (filename) => {
			if (result.file) {
				fail('more than one file part');
				return null;
			}
			result.file = { filename, bytes: 0, overflow: false, sha256: null, adler32: null };
			return result.file;
		};

		parser.on('file', (name, stream, info) => {
			// Busboy calls a part a file when it has a filename (cURL shape) or is
			// application/octet-stream (the official Node SDK's Buffer with no filename).
			const file =
				name === FILE_FIELD
					? claimFile(info.filename)
					: (fail(`unexpected file part "${name}"`), null);
			if (!file) return stream.resume();
			const measure = new Measure(keepBytes);
			writes.push(
				pipeline(stream, measure, fs.createWriteStream(filePath)).then(
					() => measure.describe(file),
					(err) => fail(`file part: ${err.message}`),
				),
			);
		});

		parser.on('field', (name, value, info) => {
			if (name === FILE_FIELD) {
				const file = claimFile(undefined);
				if (!file) return;
				writes.push(
					writeBuffer(filePath, Buffer.from(value, 'latin1'), keepBytes, file).then(
						() => {
							if (info.valueTruncated) file.overflow = true;
						},
						(err) => fail(`file part: ${err.message}`),
					),
				);
				return;
			}
			if (info.nameTruncated || info.valueTruncated) return fail(`field "${name}" too long`);
			if (name in result.fields) return fail(`field "${name}" sent twice`);
			result.fields[name] = textFromLatin1(value);
		});

		for (const event of ['partsLimit', 'filesLimit', 'fieldsLimit'])
			parser.on(event, () => fail(`too many parts (${event})`));

		parser.on('error', (err) => {
			fail(`malformed multipart body: ${err.message}`);
			req.unpipe(parser);
			req.resume(); // keep reading so the client can finish sending and get its answer
			settle();
		});
		parser.on('close', settle);

		req.on('close', () => {
			if (req.complete) return;
			result.aborted = true;
			parser.destroy();
			settle();
		});

		req.pipe(parser);
	});
}

/**
 * A multipart upload received into a temporary file. `judge(parsed)` -> { code } refusing it, or
 * what `keep(tmpPath, parsed, judged)` needs to move the file into place; keep resolves the
 * answer's data. A client that hung up gets no answer; the temporary file goes unless kept.
 */
async function receiveUpload(ex, core, keepBytes, judge, keep) {
	const tmp = core.storage.tmpPath();
	let kept = false;
	try {
		const parsed = await parseMultipart(ex.req, { filePath: tmp, keepBytes });
		if (parsed.aborted) return undefined; // nobody to answer, nothing to store
		if (parsed.error) core.debug(ex, parsed.error);
		const judged = judge(parsed);
		if (judged.code) return await ex.fail(judged.code);
		const data = await keep(tmp, parsed, judged);
		kept = true;
		return await ex.ok(data);
	} finally {
		if (!kept) await core.storage.discard(tmp);
	}
}

module.exports = { parseMultipart, receiveUpload };
