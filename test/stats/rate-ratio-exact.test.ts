import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rateRatioExact } from '../../src/stats/rate-ratio-exact.js';
import { expectClose, expectNullEstimate } from './expect-close.js';

// [e1, t1, e2, t2, level, estimate, ci_low, ci_high, p_value], printed by test/stats/r/poisson.R
// from poisson.test(c(e1, e2), c(t1, t2), conf.level = level). Infinity marks R's unbounded values.
const R_CASES: Array<[number, number, number, number, number, number, number, number, number]> = [
  [30, 9000, 15, 8000, 0.95, 1.77777777778, 0.927009544017, 3.55542915891, 0.0732833407718], // poisson.test(c(30, 15), c(9000, 8000), conf.level = 0.95)
  [0, 500, 4, 700, 0.95, 0, 0, 2.12081360311, 0.145929783951], // poisson.test(c(0, 4), c(500, 700), conf.level = 0.95)
  [5, 100, 0, 120, 0.95, Infinity, 1.09962702878, Infinity, 0.0194037913456], // poisson.test(c(5, 0), c(100, 120), conf.level = 0.95)
  [1, 1, 1, 1, 0.95, 1, 0.0127393670837, 78.4968353163, 1], // poisson.test(c(1, 1), c(1, 1), conf.level = 0.95)
  [3, 1000, 3, 1000, 0.95, 1, 0.133937588178, 7.46616400672, 1], // poisson.test(c(3, 3), c(1000, 1000), conf.level = 0.95)
  [250, 40000, 180, 41000, 0.99, 1.42361111111, 1.10294064774, 1.84325192789, 0.000290787771682], // poisson.test(c(250, 180), c(40000, 41000), conf.level = 0.99)
  [7, 365.25, 2, 730.5, 0.9, 7, 1.63873444051, 46.752939413, 0.00828125793832], // poisson.test(c(7, 2), c(365.25, 730.5), conf.level = 0.9)
  [4000, 1000000, 3500, 1100000, 0.95, 1.25714285714, 1.20108609249, 1.3158614647, 4.39804173917e-23], // poisson.test(c(4000, 3500), c(1000000, 1100000), conf.level = 0.95)
];

describe('rateRatioExact', () => {
  it.each(R_CASES)('rateRatioExact(%s, %s, %s, %s, level %s) matches poisson.test', (e1, t1, e2, t2, level, est, low, high, p) => {
    const r = rateRatioExact(e1, t1, e2, t2, level);
    expect(r.method).toBe('exact-conditional');
    if (est === Infinity) {
      expect(r.estimate).toBeNull();
      expect(r.ci_high).toBeNull();
      expect(r.reason).toMatch(/no events in the comparison group/);
    } else {
      expectClose(r.estimate, est, 1e-6, 'estimate');
      expectClose(r.ci_high, high, 1e-6, 'ci_high');
    }
    expectClose(r.ci_low, low, 1e-6, 'ci_low');
    expectClose(r.p_value, p, 1e-6, 'p_value');
  });

  it('returns all null, with a reason, when neither group has events (R stops with an error)', () => {
    const r = rateRatioExact(0, 100, 0, 200);
    expectNullEstimate(r, /no events in either group/);
    expect(r.p_value).toBeNull();
  });

  it('returns all null, with a reason, for zero exposure in either group', () => {
    expectNullEstimate(rateRatioExact(3, 0, 4, 100), /zero exposure in the treated group/);
    expectNullEstimate(rateRatioExact(3, 100, 4, 0), /zero exposure in the comparison group/);
    expect(rateRatioExact(3, 0, 4, 0).p_value).toBeNull();
  });

  it('throws RangeError for invalid arguments', () => {
    expect(() => rateRatioExact(-3, 100, 4, 100)).toThrow(RangeError);
    expect(() => rateRatioExact(3, -100, 4, 100)).toThrow(RangeError);
    expect(() => rateRatioExact(3, 100, 4, Number.NaN)).toThrow(RangeError);
  });

  it('has ci_low <= estimate <= ci_high and a p-value in [0, 1] (property)', () => {
    const events = fc.integer({ min: 0, max: 500 });
    const time = fc.double({ min: 1, max: 1e5, noNaN: true });
    fc.assert(
      fc.property(events, time, events, time, (e1, t1, e2, t2) => {
        const r = rateRatioExact(e1, t1, e2, t2);
        if (e1 + e2 === 0) return r.p_value === null;
        const p = r.p_value as number;
        if (r.estimate === null) return e2 === 0 && r.ci_high === null && p >= 0 && p <= 1;
        return (r.ci_low as number) <= r.estimate && r.estimate <= (r.ci_high as number) && p >= 0 && p <= 1;
      }),
    );
  });
});
