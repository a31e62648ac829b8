/**
 * Encodings: checking that a file is valid UTF-8 as it streams past, and decoding the
 * single-byte encodings a mapping may declare (`"encoding": "windows-1252"`).
 *
 * A file with invalid UTF-8 is almost always Windows-1252 or Latin-1 (an export from an older
 * system): its ids with accented letters would silently fail to match the same ids written in
 * UTF-8 in another file. The check counts the lines holding invalid bytes and the first one, for
 * a warning; declaring the encoding decodes the file to UTF-8 before it is read.
 *
 * @example
 * const c = new Utf8Check();
 * c.push(Buffer.from('id\nM\xfcller\n', 'latin1'));
 * c.result()   // { badLines: 1, firstLine: 2 }
 */

export const ENCODINGS = ['utf-8', 'latin1', 'windows-1252'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** Streaming UTF-8 validity check with line numbers (LF-counted, the header is line 1). */
export class Utf8Check {
  private need = 0; // continuation bytes still expected
  private lo = 0x80; // allowed range of the next continuation byte
  private hi = 0xbf;
  private line = 1;
  private lineBad = false;
  private bad = 0;
  private first = 0;

  private mark(): void {
    if (!this.lineBad) {
      this.lineBad = true;
      this.bad++;
      if (this.first === 0) this.first = this.line;
    }
  }

  push(b: Uint8Array): void {
    for (let i = 0; i < b.length; i++) {
      const c = b[i];
      if (this.need > 0) {
        if (c >= this.lo && c <= this.hi) {
          this.need--;
          this.lo = 0x80;
          this.hi = 0xbf;
          continue;
        }
        this.need = 0;
        this.lo = 0x80;
        this.hi = 0xbf;
        this.mark();
      }
      if (c < 0x80) {
        if (c === 10) {
          this.line++;
          this.lineBad = false;
        }
        continue;
      }
      if (c >= 0xc2 && c <= 0xdf) this.need = 1;
      else if (c >= 0xe0 && c <= 0xef) {
        this.need = 2;
        if (c === 0xe0) this.lo = 0xa0;
        if (c === 0xed) this.hi = 0x9f;
      } else if (c >= 0xf0 && c <= 0xf4) {
        this.need = 3;
        if (c === 0xf0) this.lo = 0x90;
        if (c === 0xf4) this.hi = 0x8f;
      } else this.mark();
    }
  }

  /** Lines holding invalid UTF-8 (a sequence cut off by the end of the file counts) and the first such line (0: none). */
  result(): { badLines: number; firstLine: number } {
    if (this.need > 0) this.mark();
    return { badLines: this.bad, firstLine: this.first };
  }
}

/** The warning for a file with invalid UTF-8, or null. */
export function utf8Warning(file: string, r: { badLines: number; firstLine: number }): string | null {
  if (r.badLines === 0) return null;
  const lines = r.badLines === 1 ? '1 line is' : `${r.badLines.toLocaleString('en-GB')} lines are`;
  return `${file}: ${lines} not valid UTF-8 (first: line ${r.firstLine}); the file is probably Windows-1252 or Latin-1, and its ids with accented letters will not match the same ids in a UTF-8 file: declare "encoding": "windows-1252" in the mapping`;
}

/** A decoder from `encoding` to UTF-8 bytes, chunk by chunk; null for UTF-8 itself. */
export function toUtf8(encoding: Encoding | undefined): ((chunk: Uint8Array) => Buffer) | null {
  if (encoding === undefined || encoding === 'utf-8') return null;
  const decoder = new TextDecoder(encoding === 'latin1' ? 'latin1' : 'windows-1252');
  return (chunk) => Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8');
}
