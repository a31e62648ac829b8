import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/stats/random.js';

describe('createRandom().nextInts', () => {
  it('gives the values and the advance of as many nextInt calls, for small, odd and huge ranges', () => {
    for (const seed of [0, 1, 42, 2 ** 31 - 1, 2 ** 32 - 1]) {
      for (const m of [1, 2, 3, 7, 1000, 136179, 2 ** 31 - 1, 2 ** 31 + 12345, 3 * 2 ** 30, 2 ** 32]) {
        const a = createRandom(seed);
        const b = createRandom(seed);
        // interleave with the other draws so the state handed back is checked too
        for (let round = 0; round < 3; round++) {
          const out = new Uint32Array(500);
          a.nextInts(m, out);
          const expected = Array.from({ length: out.length }, () => b.nextInt(m));
          expect(Array.from(out)).toEqual(expected);
          expect(a.nextFloat()).toBe(b.nextFloat());
          expect(a.nextInt(m)).toBe(b.nextInt(m));
        }
      }
    }
  });

  it('fills an Int32Array and accepts an empty array', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    a.nextInts(10, new Int32Array(0));
    const out = new Int32Array(100);
    a.nextInts(100000, out);
    expect(Array.from(out)).toEqual(Array.from({ length: 100 }, () => b.nextInt(100000)));
  });

  it('checks the range as nextInt does', () => {
    const a = createRandom(1);
    expect(() => a.nextInts(0, new Uint32Array(1))).toThrow(RangeError);
    expect(() => a.nextInts(1.5, new Uint32Array(1))).toThrow(RangeError);
    expect(() => a.nextInts(2 ** 32 + 1, new Uint32Array(1))).toThrow(RangeError);
  });
});
