import { describe, expect, it } from 'vitest';
import { rateRatioWald } from '../../src/stats/rate-ratio-wald.js';
import { expectClose, expectNullEstimate } from './expect-close.js';

// [e1, t1, e2, t2, level, estimate, ci_low, ci_high], printed by test/stats/r/poisson.R
// (log-scale Wald interval written out in R as rrw(); base R has no function for it).
const R_CASES: Array<[number, number, number, number, number, number, number, number]> = [
  [30, 9000, 15, 8000, 0.95, 1.77777777778, 0.956541706893, 3.30408366346], // rrw(30, 9000, 15, 8000, 0.95)  [poisson.R]
  [1, 1, 1, 1, 0.95, 1, 0.0625488361661, 15.9875077027], // rrw(1, 1, 1, 1, 0.95)  [poisson.R]
  [250, 40000, 180, 41000, 0.99, 1.42361111111, 1.10672241603, 1.83123479413], // rrw(250, 40000, 180, 41000, 0.99)  [poisson.R]
  [7, 365.25, 2, 730.5, 0.9, 7, 1.87216081487, 26.1729652767], // rrw(7, 365.25, 2, 730.5, 0.9)  [poisson.R]
  [4000, 1000000, 3500, 1100000, 0.95, 1.25714285714, 1.20138759886, 1.31548566405], // rrw(4000, 1000000, 3500, 1100000, 0.95)  [poisson.R]
];

describe('rateRatioWald', () => {
  it.each(R_CASES)('rateRatioWald(%s, %s, %s, %s, level %s) matches R', (e1, t1, e2, t2, level, est, low, high) => {
    const r = rateRatioWald(e1, t1, e2, t2, level);
    expect(r.method).toBe('wald-log');
    expectClose(r.estimate, est, 1e-6, 'estimate');
    expectClose(r.ci_low, low, 1e-6, 'ci_low');
    expectClose(r.ci_high, high, 1e-6, 'ci_high');
  });

  it('returns estimate 0 and a null interval, with a reason, when the treated group has no events', () => {
    const r = rateRatioWald(0, 500, 4, 700);
    expect(r).toMatchObject({ estimate: 0, ci_low: null, ci_high: null });
    expect(r.reason).toMatch(/no events in the treated group/);
  });

  it('returns all null, with a reason, when the comparison group has no events', () => {
    expectNullEstimate(rateRatioWald(5, 100, 0, 120), /unbounded/);
    expectNullEstimate(rateRatioWald(0, 100, 0, 120), /no events in either group/);
  });

  it('returns all null, with a reason, for zero exposure', () => {
    expectNullEstimate(rateRatioWald(3, 0, 4, 100), /zero exposure/);
    expectNullEstimate(rateRatioWald(3, 0, 4, 0), /zero exposure in both groups/);
  });

  it('throws RangeError for invalid arguments', () => {
    expect(() => rateRatioWald(3, 100, 4.5, 100)).toThrow(RangeError);
  });
});
