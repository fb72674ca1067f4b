// Feishu serves media as application/octet-stream; the file name tells what the bytes are.
const BY_EXTENSION: Record<string, string> = {
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	webp: 'image/webp',
	bmp: 'image/bmp',
	svg: 'image/svg+xml',
	heic: 'image/heic',
	tif: 'image/tiff',
	tiff: 'image/tiff',
	ico: 'image/x-icon',
	pdf: 'application/pdf',
	txt: 'text/plain',
	md: 'text/markdown',
	csv: 'text/csv',
	html: 'text/html',
	htm: 'text/html',
	json: 'application/json',
	xml: 'application/xml',
	zip: 'application/zip',
	doc: 'application/msword',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xls: 'application/vnd.ms-excel',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	ppt: 'application/vnd.ms-powerpoint',
	pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
	mp4: 'video/mp4',
	mov: 'video/quicktime',
};

const GENERIC = 'application/octet-stream';

/** The served type when it says something, else the type the file name's extension implies. */
export function mimeTypeOf(servedType: string | undefined, fileName: string): string {
	const served = servedType?.trim() ?? '';
	const essence = served.split(';')[0].trim().toLowerCase();
	if (essence !== '' && essence !== GENERIC) return served;
	const extension = /\.([^.]+)$/.exec(fileName)?.[1].toLowerCase();
	return (extension && BY_EXTENSION[extension]) || GENERIC;
}
