/**
 * Recognising what a file is from its first bytes, when it is not the UTF-8 text expected: a
 * spreadsheet, an archive, UTF-16 or UTF-32 text, gzip where plain text belongs, or other binary.
 * The message names the format and says what to do ("this is an Excel workbook (xlsx): save it
 * as CSV UTF-8"), instead of a parse error quoting binary bytes.
 *
 * @example
 * sniffFormat(Buffer.from([0xff, 0xfe, 0x69, 0x00]), 'text'); // 'this is UTF-16 text, not UTF-8: save it as CSV UTF-8 (Excel: Save As > CSV UTF-8), or convert it with iconv -f UTF-16 -t UTF-8'
 */

const UTF8_FIX = 'save it as CSV UTF-8 (Excel: Save As > CSV UTF-8)';

const startsWith = (b: Uint8Array, bytes: number[]) => b.length >= bytes.length && bytes.every((x, i) => b[i] === x);

/** Where the bytes were found: `text` (a CSV or JSON file, after any gzip layer), `gunzipped` (inside a .gz). */
export type SniffPlace = 'text' | 'gunzipped' | 'config';

/** What the file is, when it is not text desist can read; null when it may be. */
export function sniffFormat(head: Uint8Array, place: SniffPlace): string | null {
  if (startsWith(head, [0x00, 0x00, 0xfe, 0xff]) || startsWith(head, [0xff, 0xfe, 0x00, 0x00])) {
    return `this is UTF-32 text, not UTF-8: ${UTF8_FIX}, or convert it with iconv -f UTF-32 -t UTF-8`;
  }
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff]) || looksUtf16(head)) {
    return `this is UTF-16 text, not UTF-8: ${UTF8_FIX}, or convert it with iconv -f UTF-16 -t UTF-8`;
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    const names = Buffer.from(head.subarray(0, 1 << 16)).toString('latin1');
    if (names.includes('xl/') || names.includes('[Content_Types].xml')) return `this is an Excel workbook (xlsx), not CSV: ${UTF8_FIX} and give that file`;
    if (names.includes('content.xml')) return 'this is an OpenDocument spreadsheet (ods), not CSV: save it as CSV (Text CSV, UTF-8) and give that file';
    return 'this is a zip archive, not CSV: unzip it and give the CSV file inside';
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return `this is an Excel 97-2003 workbook (xls), not CSV: ${UTF8_FIX} and give that file`;
  if (startsWith(head, [0x1f, 0x8b])) {
    if (place === 'gunzipped') return 'this is gzip inside gzip (compressed twice): decompress it once (gunzip) and give the result';
    if (place === 'config') return 'this is a gzip file: a mapping file must be plain JSON text (decompress it with gunzip)';
  }
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) return 'this is a PDF document, not CSV: export the table as CSV UTF-8';
  const n = Math.min(head.length, 1 << 16);
  for (let i = 0; i < n; i++) if (head[i] === 0) return 'this is a binary file, not CSV text (it holds NUL bytes)';
  return null;
}

/** UTF-16 without a byte order mark: ASCII text with a NUL beside every character. */
function looksUtf16(head: Uint8Array): boolean {
  const n = Math.min(head.length, 512) & ~1;
  if (n < 8) return false;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  return (oddNul > pairs * 0.4 && evenNul === 0) || (evenNul > pairs * 0.4 && oddNul === 0);
}
