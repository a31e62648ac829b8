/**
 * Data cannot forge or spoil messages (issue 9, class 5): every value quoted in a message is
 * escaped and cut, every error is one line, binary and wrongly encoded files are named.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { LINE_MAX, VALUE_MAX, cut, escapeControls, oneLine, quote, quoteList } from '../../src/core/text.js';

describe('src/core/text.ts', () => {
  it('the @examples', () => {
    expect(quote('2023-01-01\ndesist: all fine')).toBe("'2023-01-01\\ndesist: all fine'");
    expect(quote('x'.repeat(100))).toBe("'" + 'x'.repeat(60) + "…'");
    expect(escapeControls('\x1b[31mred')).toBe('\\x1b[31mred');
  });

  it('escapes every control, separator and direction character', () => {
    expect(escapeControls('a\tb\rc\x00d\x7fe\x9bf\u2028g\u202eh\u2066')).toBe('a\\tb\\rc\\x00d\\x7fe\\x9bf\\u2028g\\u202eh\\u2066');
  });

  it('cuts on whole code points', () => {
    expect(cut('😀😀😀', 2)).toBe('😀😀…');
    expect(quoteList(Array.from({ length: 100_000 }, (_, i) => `c${i}`)).length).toBeLessThan(200);
  });

  it('any string: one line, bounded, no control character left', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), (s) => {
        const q = quote(s);
        const l = oneLine(s);
        for (const out of [q, l]) {
          // eslint-disable-next-line no-control-regex
          expect(out).not.toMatch(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/);
        }
        expect(Array.from(q).length).toBeLessThanOrEqual(VALUE_MAX * 6 + 3);
        expect(Array.from(l).length).toBeLessThanOrEqual(LINE_MAX * 6 + 1);
      }),
    );
  });
});

describe('src/io/utf8.ts (issue 9, class 6)', async () => {
  const { Utf8Check, toUtf8 } = await import('../../src/io/utf8.js');
  it('the @example', () => {
    const c = new Utf8Check();
    c.push(Buffer.from('id\nM\xfcller\n', 'latin1'));
    expect(c.result()).toEqual({ badLines: 1, firstLine: 2 });
  });
  it('agrees with the WHATWG decoder on any bytes, however chunked', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 1, max: 7 }), (bytes, step) => {
        const c = new Utf8Check();
        for (let i = 0; i < bytes.length; i += step) c.push(bytes.subarray(i, i + step));
        let valid = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          valid = false;
        }
        expect(c.result().badLines === 0).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });
  it('windows-1252 decodes to the UTF-8 of the same text, across chunk ends', () => {
    const dec = toUtf8('windows-1252')!;
    const src = Buffer.from([0x4a, 0x4f, 0x53, 0xc9, 0x30, 0x31, 0x2c, 0x80]); // JOSÉ01,€ in Windows-1252
    expect(Buffer.concat([dec(src.subarray(0, 4)), dec(src.subarray(4))]).toString('utf8')).toBe('JOSÉ01,\u20ac');
  });
});
