import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fisherExact } from '../../src/stats/fisher-exact.js';
import { expectClose } from './expect-close.js';

// [x1, n1, x2, n2, p_value], printed by test/stats/r/tests.R from
// fisher.test(matrix(c(x1, x2, n1 - x1, n2 - x2), 2))$p.value.
const R_CASES: Array<[number, number, number, number, number]> = [
  [30, 100, 20, 100, 0.141206746305], // fisher.test(matrix(c(30, 20, 70, 80), 2))$p.value
  [3, 4, 1, 4, 0.485714285714], // fisher.test(matrix(c(3, 1, 1, 3), 2))$p.value
  [12, 40, 5, 38, 0.100502487945], // fisher.test(matrix(c(12, 5, 28, 33), 2))$p.value
  [1, 10, 3, 12, 0.593984962406], // fisher.test(matrix(c(1, 3, 9, 9), 2))$p.value
  [1, 10, 0, 12, 0.454545454545], // fisher.test(matrix(c(1, 0, 9, 12), 2))$p.value
  [10, 10, 4, 12, 0.00168871376302], // fisher.test(matrix(c(10, 4, 0, 8), 2))$p.value
  [1, 5, 4, 5, 0.206349206349], // fisher.test(matrix(c(1, 4, 4, 1), 2))$p.value
  [7, 12, 3, 12, 0.21375689864], // fisher.test(matrix(c(7, 3, 5, 9), 2))$p.value
  [2, 4, 2, 4, 1], // fisher.test(matrix(c(2, 2, 2, 2), 2))$p.value
  [1, 1, 0, 1, 1], // fisher.test(matrix(c(1, 0, 0, 1), 2))$p.value
  [2000, 10000, 1800, 10000, 0.000333842286394], // fisher.test(matrix(c(2000, 1800, 8000, 8200), 2))$p.value
  [500, 1000, 350, 1000, 1.44327344692e-11], // fisher.test(matrix(c(500, 350, 500, 650), 2))$p.value
  [150, 1000, 90, 1200, 2.13489267028e-08], // fisher.test(matrix(c(150, 90, 850, 1110), 2))$p.value
  [5, 20, 15, 20, 0.00384752730838], // fisher.test(matrix(c(5, 15, 15, 5), 2))$p.value
  [0, 10, 0, 12, 1], // fisher.test(matrix(c(0, 0, 10, 12), 2))$p.value
  [3, 3, 4, 4, 1], // fisher.test(matrix(c(3, 4, 0, 0), 2))$p.value
];

describe('fisherExact', () => {
  it.each(R_CASES)('fisherExact(%s, %s, %s, %s) matches fisher.test', (x1, n1, x2, n2, p) => {
    const r = fisherExact(x1, n1, x2, n2);
    expect(r.name).toBe('fisher-exact');
    expect(r.statistic).toBeNull();
    expectClose(r.p_value, p, 1e-6, 'p_value');
  });

  it('counts tables tied with the observed one on both sides (relErr rule)', () => {
    // Margins 5/5 by 5/5 are symmetric: P(1) = P(4) exactly, so both tails count.
    // fisher.test(matrix(c(1, 4, 4, 1), 2))$p.value = 0.206349206349 = 2 * (1 + 25) / 252
    expectClose(fisherExact(1, 5, 4, 5).p_value, 0.206349206349);
    expectClose(fisherExact(4, 5, 1, 5).p_value, 0.206349206349);
  });

  it('is symmetric in the order of the groups', () => {
    expect(fisherExact(12, 40, 5, 38).p_value).toBeCloseTo(fisherExact(5, 38, 12, 40).p_value as number, 14);
  });

  it('returns p = 1 when the table has no events (one possible table), as R does', () => {
    expect(fisherExact(0, 10, 0, 12).p_value).toBe(1);
    expect(fisherExact(3, 3, 4, 4).p_value).toBe(1);
  });

  it('returns p null, with a reason, when a group is empty', () => {
    const r = fisherExact(0, 0, 3, 12);
    expect(r.p_value).toBeNull();
    expect(r.reason).toMatch(/treated group is empty/);
  });

  it('throws RangeError for invalid counts', () => {
    expect(() => fisherExact(1, 2, 1.5, 4)).toThrow(RangeError);
  });

  it('gives a p-value in (0, 1] for any non-empty table (property)', () => {
    const group = fc.integer({ min: 1, max: 80 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
    fc.assert(
      fc.property(group, group, ([x1, n1], [x2, n2]) => {
        const p = fisherExact(x1, n1, x2, n2).p_value as number;
        return p > 0 && p <= 1;
      }),
    );
  });
});
