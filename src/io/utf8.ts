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
 * c.result();   // { badLines: 1, firstLine: 2 }
 */

import { isUtf8 } from 'node:buffer';

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
    let i = 0;
    if (this.need === 0) {
      // Fast path: the chunk up to its last whole character checked natively (simdutf), only
      // its lines counted here; what follows (a character cut by the chunk's end) and any chunk
      // holding an invalid byte go through the byte-by-byte check below.
      const cut = wholeCharsEnd(b);
      if (cut > 0 && isUtf8(b.subarray(0, cut))) {
        this.countLines(b, cut);
        i = cut;
      }
    }
    for (; i < b.length; i++) {
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

  /** Count the line feeds of valid b[0, end). */
  private countLines(b: Uint8Array, end: number): void {
    const buf = Buffer.from(b.buffer, b.byteOffset, end);
    let n = 0;
    for (let at = buf.indexOf(10); at !== -1; at = buf.indexOf(10, at + 1)) n++;
    if (n > 0) {
      this.line += n;
      this.lineBad = false;
    }
  }

  /** Lines holding invalid UTF-8 (a sequence cut off by the end of the file counts) and the first such line (0: none). */
  result(): { badLines: number; firstLine: number } {
    if (this.need > 0) this.mark();
    return { badLines: this.bad, firstLine: this.first };
  }
}

/**
 * The end of b's last whole character: b.length, or the index of a lead byte whose sequence the
 * chunk cuts off (continuation bytes 10xxxxxx are skipped back over, at most 3).
 */
function wholeCharsEnd(b: Uint8Array): number {
  let j = b.length - 1;
  while (j >= 0 && j >= b.length - 4 && (b[j] & 0xc0) === 0x80) j--;
  if (j < 0) return 0;
  const lead = b[j];
  if (lead < 0x80) return b.length;
  const len = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return j + len <= b.length ? b.length : j;
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
