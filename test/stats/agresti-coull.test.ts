import { describe, expect, it } from 'vitest';
import { agrestiCoull } from '../../src/stats/agresti-coull.js';
import { expectClose, expectNullEstimate } from './expect-close.js';

// [x, n, level, ci_low, ci_high], printed by test/stats/r/proportions.R with the call shown.
const R_CASES: Array<[number, number, number, number, number]> = [
  [12, 40, 0.95, 0.179727981029, 0.45532065945], // ac(12, 40, 0.95)  [proportions.R]
  [0, 10, 0.95, 0, 0.320887305751], // ac(0, 10, 0.95)  [proportions.R]
  [10, 10, 0.95, 0.679112694249, 1], // ac(10, 10, 0.95)  [proportions.R]
  [0, 1, 0.95, 0, 0.832500514521], // ac(0, 1, 0.95)  [proportions.R]
  [1, 1, 0.95, 0.167499485479, 1], // ac(1, 1, 0.95)  [proportions.R]
  [1, 2, 0.95, 0.0945312057342, 0.905468794266], // ac(1, 2, 0.95)  [proportions.R]
  [3, 17, 0.9, 0.0671740500243, 0.374607394592], // ac(3, 17, 0.9)  [proportions.R]
  [5, 1000, 0.99, 0.000913453257073, 0.0156117999973], // ac(5, 1000, 0.99)  [proportions.R]
  [1, 25, 0.8, 0.00570041553594, 0.131013165558], // ac(1, 25, 0.8)  [proportions.R]
  [29, 30, 0.95, 0.819082015467, 1], // ac(29, 30, 0.95)  [proportions.R]
  [37811, 120000, 0.95, 0.312469210335, 0.317725961248], // ac(37811, 120000, 0.95)  [proportions.R]
];

describe('agrestiCoull', () => {
  it.each(R_CASES)('agrestiCoull(%s, %s, level %s) matches R', (x, n, level, low, high) => {
    const r = agrestiCoull(x, n, level);
    expect(r.method).toBe('agresti-coull');
    expectClose(r.estimate, x / n);
    expectClose(r.ci_low, low, 1e-6, 'ci_low');
    expectClose(r.ci_high, high, 1e-6, 'ci_high');
    expect(r.reason).toBeUndefined();
  });

  it('uses level 0.95 by default', () => {
    expect(agrestiCoull(12, 40)).toEqual(agrestiCoull(12, 40, 0.95));
  });

  it('is clipped to [0, 1] at the edges', () => {
    expect(agrestiCoull(0, 10).ci_low).toBe(0);
    expect(agrestiCoull(10, 10).ci_high).toBe(1);
  });

  it('returns null estimate and bounds, with a reason, when n = 0', () => {
    expectNullEstimate(agrestiCoull(0, 0), /n = 0/);
  });

  it.each([
    [11, 10],
    [-1, 10],
    [2.5, 10],
  ])('throws RangeError for x = %s, n = %s', (x, n) => {
    expect(() => agrestiCoull(x, n)).toThrow(RangeError);
  });

  it('throws RangeError for level outside (0, 1)', () => {
    expect(() => agrestiCoull(3, 10, 0)).toThrow(RangeError);
  });
});
