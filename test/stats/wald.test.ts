import { describe, expect, it } from 'vitest';
import { wald } from '../../src/stats/wald.js';
import { expectClose, expectNullEstimate } from './expect-close.js';

// [x, n, level, ci_low, ci_high], printed by test/stats/r/proportions.R with the call shown.
const R_CASES: Array<[number, number, number, number, number]> = [
  [12, 40, 0.95, 0.157987117455, 0.442012882545], // wald(12, 40, 0.95)  [proportions.R]
  [1, 2, 0.95, 0, 1], // wald(1, 2, 0.95)  [proportions.R]
  [3, 17, 0.9, 0.0243883414586, 0.328552835012], // wald(3, 17, 0.9)  [proportions.R]
  [5, 1000, 0.99, 0, 0.0107453120533], // wald(5, 1000, 0.99)  [proportions.R]
  [1, 25, 0.8, 0, 0.0902263586344], // wald(1, 25, 0.8)  [proportions.R]
  [29, 30, 0.95, 0.902432631094, 1], // wald(29, 30, 0.95)  [proportions.R]
  [37811, 120000, 0.95, 0.31246326247, 0.317720070863], // wald(37811, 120000, 0.95)  [proportions.R]
];

describe('wald', () => {
  it.each(R_CASES)('wald(%s, %s, level %s) matches R', (x, n, level, low, high) => {
    const r = wald(x, n, level);
    expect(r.method).toBe('wald');
    expectClose(r.estimate, x / n);
    expectClose(r.ci_low, low, 1e-6, 'ci_low');
    expectClose(r.ci_high, high, 1e-6, 'ci_high');
    expect(r.reason).toBeUndefined();
  });

  it('uses level 0.95 by default', () => {
    expect(wald(12, 40)).toEqual(wald(12, 40, 0.95));
  });

  it('at x = 0 returns the lower bound 0 and a null upper bound with a reason (zero standard error)', () => {
    const r = wald(0, 10);
    expect(r).toMatchObject({ estimate: 0, ci_low: 0, ci_high: null, method: 'wald' });
    expect(r.reason).toMatch(/standard error is zero/);
  });

  it('at x = n returns the upper bound 1 and a null lower bound with a reason', () => {
    const r = wald(10, 10);
    expect(r).toMatchObject({ estimate: 1, ci_low: null, ci_high: 1 });
    expect(r.reason).toMatch(/standard error is zero/);
  });

  it('handles n = 1 (x = 0 and x = 1) without NaN', () => {
    expect(wald(0, 1)).toMatchObject({ estimate: 0, ci_low: 0, ci_high: null });
    expect(wald(1, 1)).toMatchObject({ estimate: 1, ci_low: null, ci_high: 1 });
  });

  it('returns null estimate and bounds, with a reason, when n = 0', () => {
    expectNullEstimate(wald(0, 0), /n = 0/);
  });

  it.each([
    [11, 10],
    [-1, 10],
    [2.5, 10],
  ])('throws RangeError for x = %s, n = %s', (x, n) => {
    expect(() => wald(x, n)).toThrow(RangeError);
  });
});
