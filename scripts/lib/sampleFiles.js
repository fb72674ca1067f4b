'use strict';

// Writes the files the example workflows read from disk, and remembers each file's sha256
// so the bytes the fake Feishu server stored can be compared with the source.

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

// The examples read from this folder; scripts swap it for a throwaway one (see workflows.js).
const EXAMPLE_FILES_DIR = '/home/node/.n8n-files/feishu-demo';

function sha256(buffer) {
	return crypto.createHash('sha256').update(buffer).digest('hex');
}

/** n bytes that look random but are the same for the same seed (a linear congruential generator). */
function seededBytes(n, seed = 1) {
	const buf = Buffer.alloc(n);
	let x = seed;
	for (let i = 0; i < n; i++) {
		x = (x * 1103515245 + 12345) >>> 0;
		buf[i] = x >>> 24;
	}
	return buf;
}

function crc32(buffer) {
	let crc = ~0;
	for (const byte of buffer) {
		crc ^= byte;
		for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc >>> 0;
}

function pngChunk(type, data) {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, crc]);
}

/** A real, viewable RGB PNG (a colour gradient, varied by seed), so image parent types get an image. */
function makePng(width, height, seed) {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // colour type: RGB
	const rows = [];
	for (let y = 0; y < height; y++) {
		const row = Buffer.alloc(1 + width * 3); // leading 0 = no filter
		for (let x = 0; x < width; x++) {
			row[1 + x * 3] = (x * 255) / width;
			row[2 + x * 3] = (y * 255) / height;
			row[3 + x * 3] = (seed * 37) & 0xff;
		}
		rows.push(row);
	}
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', header),
		pngChunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

function writeFile(dir, name, content) {
	const file = path.join(dir, name);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, content);
	return { name, path: file, size: content.length, sha256: sha256(content) };
}

/** Streams size bytes of pseudo-random data to disk, without holding them in memory. */
function writeLargeFile(dir, name, size) {
	const file = path.join(dir, name);
	const hash = crypto.createHash('sha256');
	const fd = fs.openSync(file, 'w');
	try {
		const chunkSize = 4 * 1024 * 1024;
		for (let written = 0; written < size; written += chunkSize) {
			const chunk = crypto.randomBytes(Math.min(chunkSize, size - written));
			hash.update(chunk);
			fs.writeSync(fd, chunk);
		}
	} finally {
		fs.closeSync(fd);
	}
	return { name, path: file, size, sha256: hash.digest('hex') };
}

/** Sample files per example workflow; each returns { [fileName]: { name, path, size, sha256 } }. */
const samples = {
	image(dir) {
		return index([writeFile(dir, 'sample-image.png', makePng(96, 64, 1))]);
	},
	large(dir, size = 60 * 1024 * 1024) {
		return index([writeLargeFile(dir, 'large-file.bin', size)]);
	},
	batch(dir, count = 30) {
		// Half images, half text reports: the batch workflow routes each by its extension.
		const files = [];
		for (let i = 1; i <= count; i++) {
			const id = String(i).padStart(2, '0');
			files.push(
				i % 2
					? writeFile(dir, `batch/photo-${id}.png`, makePng(32 + i, 24, i))
					: writeFile(
							dir,
							`batch/report-${id}.txt`,
							`Report ${id}\n${'lorem ipsum '.repeat(20 * i)}\n`,
						),
			);
		}
		return index(files);
	},
	imports(dir) {
		// 10 files for Import as Document: Word and Markdown become documents, Excel and CSV
		// spreadsheets; one ".docx" is plain text, which Feishu (and the fake) reject as damaged.
		const zipLike = (text) =>
			Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(text)]);
		return index([
			writeFile(dir, 'imports/01-report.docx', zipLike('word/document.xml: quarterly report')),
			writeFile(dir, 'imports/02-notes.md', '# Notes\n\n- first\n- second\n'),
			writeFile(dir, 'imports/03-sales.xlsx', zipLike('xl/workbook.xml: sales')),
			writeFile(
				dir,
				'imports/04-contacts.csv',
				'name,email\nAda,ada@example.com\nLin,lin@example.com\n',
			),
			writeFile(dir, 'imports/05-minutes.docx', zipLike('word/document.xml: minutes')),
			writeFile(dir, 'imports/06-readme.txt', 'Plain text becomes a document too.\n'),
			writeFile(dir, 'imports/07-budget.xlsx', zipLike('xl/workbook.xml: budget')),
			writeFile(dir, 'imports/08-stock.csv', 'sku,count\nA-1,4\nB-2,9\n'),
			writeFile(dir, 'imports/09-broken.docx', 'this is not a Word file\n'),
			writeFile(
				dir,
				'imports/10-page.html',
				'<html><body><h1>Page</h1><p>Hello</p></body></html>\n',
			),
		]);
	},
	documentImages(dir, count = 11) {
		// Figures for Insert into Document, numbered so that name order is the order they go in.
		return index(
			Array.from({ length: count }, (_, i) =>
				writeFile(
					dir,
					`document-images/figure-${String(i + 1).padStart(2, '0')}.png`,
					makePng(40 + i, 30, 50 + i),
				),
			),
		);
	},
	baseAttachments(dir, count = 10) {
		// Files for Attach to Base Record, all for one record: scans (images) and notes (text).
		return index(
			Array.from({ length: count }, (_, i) => {
				const id = String(i + 1).padStart(2, '0');
				return i % 2
					? writeFile(dir, `base-attachments/${id}-note.txt`, `Note ${id}\n`)
					: writeFile(dir, `base-attachments/${id}-scan.png`, makePng(36, 36 + i, 70 + i));
			}),
		);
	},
	continueOnFail(dir) {
		return index(
			[1, 2, 3].map((i) => writeFile(dir, `photos/photo-${i}.png`, makePng(48, 48, 10 + i))),
		);
	},
};

function index(files) {
	return Object.fromEntries(files.map((file) => [path.basename(file.name), file]));
}

module.exports = { samples, sha256, seededBytes, EXAMPLE_FILES_DIR };
