/**
 * orderBy (src/stats/order.ts) against the definition it replaces: indices sorted by value with
 * a comparator, ties in index order (Array.prototype.sort is stable). The counting sort and the
 * comparator fallback must give exactly that order, so the survival methods' sums, and digits,
 * do not change.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderBy } from '../../src/stats/order.js';

/** The reference: a plain stable comparator sort of the indices. */
function reference(values: number[], descending: boolean): number[] {
  const idx = values.map((_, i) => i);
  return idx.sort((a, b) => (descending ? values[b] - values[a] : values[a] - values[b]));
}

const cases = [
  ['whole numbers in a narrow range (counting sort)', fc.array(fc.integer({ min: -5, max: 40 }), { maxLength: 300 })],
  ['whole numbers in a wide range (comparator)', fc.array(fc.integer({ min: -2e9, max: 2e9 }), { maxLength: 300 })],
  ['fractions and ties (comparator)', fc.array(fc.constantFrom(0, 0.5, 1, 1.5, 2, 365.25), { maxLength: 300 })],
] as const;

describe('orderBy', () => {
  for (const [name, arb] of cases) {
    it(`equals a stable comparator sort: ${name}`, () => {
      fc.assert(
        fc.property(arb, fc.boolean(), (values, descending) => {
          expect(Array.from(orderBy(values, descending ? 'descending' : 'ascending'))).toEqual(reference(values, descending));
        }),
        { numRuns: 300 },
      );
    });
  }

  it('takes typed arrays, and a million days of follow-up, in the same order', () => {
    const n = 1_000_000;
    const days = new Float64Array(n);
    let seed = 7;
    for (let i = 0; i < n; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      days[i] = seed % 3650;
    }
    const got = orderBy(days, 'descending');
    const want = reference(Array.from(days), true);
    let same = got.length === want.length;
    for (let i = 0; same && i < n; i++) same = got[i] === want[i];
    expect(same).toBe(true);
  });

  it('gives an empty order for no values', () => {
    expect(orderBy([]).length).toBe(0);
  });
});
