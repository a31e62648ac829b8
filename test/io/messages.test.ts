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
