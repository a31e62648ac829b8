/**
 * Utf8Check (the streaming UTF-8 check behind the "not UTF-8" warning) against an independent
 * reference: each line decoded on its own by TextDecoder with `fatal: true` (a multi-byte
 * sequence never holds a line feed, so a line is bad exactly when it is not valid UTF-8 by
 * itself). Bytes mix ASCII, line feeds, valid 2-4 byte characters and arbitrary bytes, and are
 * pushed in arbitrary chunks, so characters are cut at every kind of boundary: the native fast
 * path and the byte-by-byte path must agree with the reference and with each other.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Utf8Check } from '../../src/io/utf8.js';

function reference(bytes: Uint8Array): { badLines: number; firstLine: number } {
  const dec = new TextDecoder('utf-8', { fatal: true });
  let bad = 0;
  let first = 0;
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 10) continue;
    try {
      dec.decode(bytes.subarray(start, i));
    } catch {
      bad++;
      if (first === 0) first = line;
    }
    line++;
    start = i + 1;
  }
  return { badLines: bad, firstLine: first };
}

function check(bytes: Uint8Array, cuts: number[]): { badLines: number; firstLine: number } {
  const c = new Utf8Check();
  let at = 0;
  for (const cut of [...new Set(cuts.map((x) => x % (bytes.length + 1)))].sort((a, b) => a - b)) {
    c.push(bytes.subarray(at, cut));
    at = cut;
  }
  c.push(bytes.subarray(at));
  return c.result();
}

const piece = fc.oneof(
  fc.constantFrom('a', 'id,2024-01-02\n', '\n', 'é', '€', '𝄞', 'ü\n', 'Ω'),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.uint8Array({ minLength: 1, maxLength: 4 }),
  fc.constantFrom([0xc3], [0xe2, 0x82], [0xf0, 0x9d, 0x84], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0x80], [0xff]),
);
const bytesArb = fc.array(piece, { maxLength: 60 }).map((ps) => {
  const parts = ps.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p)));
  return new Uint8Array(Buffer.concat(parts));
});

describe('Utf8Check', () => {
  it('agrees with TextDecoder line by line, however the bytes are chunked', () => {
    fc.assert(
      fc.property(bytesArb, fc.array(fc.nat(), { maxLength: 8 }), (bytes, cuts) => {
        expect(check(bytes, cuts)).toEqual(reference(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('pushed one byte at a time (the byte-by-byte path) and whole (the native path) gives the same', () => {
    fc.assert(
      fc.property(bytesArb, (bytes) => {
        const one = new Utf8Check();
        for (let i = 0; i < bytes.length; i++) one.push(bytes.subarray(i, i + 1));
        const whole = new Utf8Check();
        whole.push(bytes);
        expect(one.result()).toEqual(whole.result());
      }),
      { numRuns: 1000 },
    );
  });

  it('hand-worked cases: a cut 3-byte character, a surrogate, an overlong, a truncated end', () => {
    const euro = Buffer.from('a,€\n', 'utf8'); // e2 82 ac
    expect(check(euro, [3, 4])).toEqual({ badLines: 0, firstLine: 0 }); // cut inside the euro sign
    expect(check(Buffer.from([0x61, 0x0a, 0xed, 0xa0, 0x80, 0x0a]), [])).toEqual({ badLines: 1, firstLine: 2 }); // U+D800
    expect(check(Buffer.from([0x0a, 0x0a, 0xc0, 0xaf]), [3])).toEqual({ badLines: 1, firstLine: 3 }); // overlong '/'
    expect(check(Buffer.from([0x61, 0x0a, 0x62, 0xe2, 0x82]), [4])).toEqual({ badLines: 1, firstLine: 2 }); // cut by the end of the file
  });
});
