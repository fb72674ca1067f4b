import { randomBytes } from 'crypto';

/** The largest `checksum` text: an unsigned 32-bit number has at most 10 decimal digits. */
const MAX_CHECKSUM_DIGITS = 10;

const CRLF = '\r\n';

/** A multipart/form-data body with its content type, ready to send as one Buffer. */
export interface MultipartBody {
	body: Buffer;
	contentType: string;
}

function fieldPart(boundary: string, name: string, value: string): string {
	return `--${boundary}${CRLF}Content-Disposition: form-data; name="${name}"${CRLF}${CRLF}${value}${CRLF}`;
}

/** Quotes and line breaks cannot appear in a quoted header value; Feishu reads the name from file_name anyway. */
function safeFileName(fileName: string): string {
	return fileName.replace(/["\r\n]/g, '_');
}

function head(
	boundary: string,
	fields: Record<string, string>,
	checksum: string,
	fileName: string,
): Buffer {
	let text = '';
	for (const [name, value] of Object.entries(fields)) text += fieldPart(boundary, name, value);
	text += fieldPart(boundary, 'checksum', checksum);
	text +=
		`--${boundary}${CRLF}Content-Disposition: form-data; name="file"; filename="${safeFileName(fileName)}"${CRLF}` +
		`Content-Type: application/octet-stream${CRLF}${CRLF}`;
	return Buffer.from(text, 'utf8');
}

/**
 * One buffer that multipart bodies are built in, file bytes first. Feishu's documented order puts
 * `checksum` before `file`, so the file is written in place and the head last, right in front of
 * it: a file is read once and held once. A block upload reuses one frame for all its blocks (one
 * is sent at a time), so memory holds one block whatever the file's size.
 */
export class MultipartFrame {
	private readonly boundary = `----FeishuMedia${randomBytes(12).toString('hex')}`;
	private readonly tail = Buffer.from(`${CRLF}--${this.boundary}--${CRLF}`, 'utf8');
	private readonly headRoom: number;
	private readonly buffer: Buffer;

	/**
	 * @param widestFields fields at least as long as any the frame will carry (the head must fit)
	 * @param capacity the most file bytes one body will hold
	 */
	constructor(
		widestFields: Record<string, string>,
		private readonly fileName: string,
		readonly capacity: number,
	) {
		this.headRoom = head(
			this.boundary,
			widestFields,
			'9'.repeat(MAX_CHECKSUM_DIGITS),
			fileName,
		).length;
		this.buffer = Buffer.allocUnsafe(this.headRoom + capacity + this.tail.length);
	}

	/** Where the caller writes the next body's `size` file bytes. */
	fileArea(size: number): Buffer {
		if (size > this.capacity)
			throw new RangeError(`a body of ${size} bytes does not fit a frame of ${this.capacity}`);
		return this.buffer.subarray(this.headRoom, this.headRoom + size);
	}

	/** Writes head and tail around the `size` bytes in the file area and hands out the body (no copy). */
	complete(fields: Record<string, string>, checksum: string, size: number): MultipartBody {
		const bytes = head(this.boundary, fields, checksum, this.fileName);
		if (bytes.length > this.headRoom) throw new RangeError('the multipart head outgrew its frame');
		const start = this.headRoom - bytes.length;
		bytes.copy(this.buffer, start);
		this.tail.copy(this.buffer, this.headRoom + size);
		return {
			body: this.buffer.subarray(start, this.headRoom + size + this.tail.length),
			contentType: `multipart/form-data; boundary=${this.boundary}`,
		};
	}
}
