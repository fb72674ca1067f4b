import { fileNameFromContentDisposition } from '../nodes/FeishuMedia/protocol/contentDisposition';
import { mimeTypeOf } from '../nodes/FeishuMedia/protocol/mimeTypes';

describe('file name from Content-Disposition', () => {
	test.each([
		['attachment; filename="__.pdf"; filename*=UTF-8\'\'%E6%8A%A5%E5%91%8A.pdf', '报告.pdf'],
		['attachment; filename*=utf-8\'\'a%20b.png; filename="fallback.png"', 'a b.png'],
		['attachment; filename="say \\"hi\\".txt"', 'say "hi".txt'],
		['attachment; filename=plain.bin', 'plain.bin'],
		["attachment; filename*=ISO-8859-1'en'caf%E9.txt", 'café.txt'],
		['attachment; filename*=UTF-8\'\'%E6%8A; filename="fallback.txt"', 'fallback.txt'],
		['attachment; filename="../../etc/passwd"', 'passwd'],
		['attachment; filename="C:\\\\temp\\\\x.doc"', 'x.doc'],
		['attachment; filename=".."', undefined],
		['attachment', undefined],
		[undefined, undefined],
	])('%s -> %s', (header, expected) => {
		expect(fileNameFromContentDisposition(header)).toBe(expected);
	});
});

describe('MIME type of a download', () => {
	test.each([
		['image/png', 'x.bin', 'image/png'],
		['application/octet-stream', 'chart.PNG', 'image/png'],
		['application/octet-stream; charset=binary', 'report.pdf', 'application/pdf'],
		[undefined, 'sheet.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
		['application/octet-stream', 'no-extension', 'application/octet-stream'],
		['', 'archive.unknownext', 'application/octet-stream'],
		['text/plain; charset=utf-8', 'a.md', 'text/plain; charset=utf-8'],
	])('served %s, name %s -> %s', (served, name, expected) => {
		expect(mimeTypeOf(served, name)).toBe(expected);
	});
});
