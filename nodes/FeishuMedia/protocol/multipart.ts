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

function head(boundary: string, fields: Record<string, string>, checksum: string, fileName: string): Buffer {
	let text = '';
	for (const [name, value] of Object.entries(fields)) text += fieldPart(boundary, name, value);
	text += fieldPart(boundary, 'checksum', checksum);
	text +=
		`--${boundary}${CRLF}Content-Disposition: form-data; name="file"; filename="${safeFileName(fileName)}"${CRLF}` +
		`Content-Type: application/octet-stream${CRLF}${CRLF}`;
	return Buffer.from(text, 'utf8');
}

/**
 * A multipart body whose file bytes are written in place, before their checksum is known.
 * Feishu's documented order puts `checksum` before `file`, so the head is written last, right
 * in front of the file: the file is read once and held once, never copied into a second buffer.
 */
export class MultipartReservation {
	private readonly boundary = `----FeishuMedia${randomBytes(12).toString('hex')}`;
	private readonly headRoom: number;
	private readonly buffer: Buffer;
	/** Where the caller writes exactly `fileSize` bytes. */
	readonly fileArea: Buffer;

	constructor(
		private readonly fields: Record<string, string>,
		private readonly fileName: string,
		fileSize: number,
	) {
		this.headRoom = head(this.boundary, fields, '9'.repeat(MAX_CHECKSUM_DIGITS), fileName).length;
		const tail = Buffer.from(`${CRLF}--${this.boundary}--${CRLF}`, 'utf8');
		this.buffer = Buffer.allocUnsafe(this.headRoom + fileSize + tail.length);
		this.fileArea = this.buffer.subarray(this.headRoom, this.headRoom + fileSize);
		tail.copy(this.buffer, this.headRoom + fileSize);
	}

	/** Writes the head with the file's checksum and hands out the finished body (no copy). */
	complete(checksum: string): MultipartBody {
		const bytes = head(this.boundary, this.fields, checksum, this.fileName);
		const start = this.headRoom - bytes.length;
		bytes.copy(this.buffer, start);
		return { body: this.buffer.subarray(start), contentType: `multipart/form-data; boundary=${this.boundary}` };
	}
}
