import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactOddsRatio } from '../../src/stats/exact-odds-ratio.js';
import { expectClose, expectNullEstimate } from './expect-close.js';

// [x1, n1, x2, n2, level, estimate, ci_low, ci_high], printed by test/stats/r/ratios.R from
// fisher.test(matrix(c(x1, x2, n1 - x1, n2 - x2), 2), conf.level = level) $estimate, $conf.int.
// Infinity marks R's unbounded values; desist reports those as null with a reason.
const R_CASES: Array<[number, number, number, number, number, number, number, number]> = [
  [30, 100, 20, 100, 0.95, 1.70962474887, 0.853336177064, 3.48298557791], // fisher.test(matrix(c(30, 20, 70, 80), 2), conf.level = 0.95)
  [3, 4, 1, 4, 0.95, 6.40830886701, 0.211732915306, 621.933750545], // fisher.test(matrix(c(3, 1, 1, 3), 2), conf.level = 0.95)
  [12, 40, 5, 38, 0.95, 2.79148342896, 0.794417398919, 11.395831027], // fisher.test(matrix(c(12, 5, 28, 33), 2), conf.level = 0.95)
  [12, 40, 5, 38, 0.9, 2.79148342896, 0.941897098755, 9.17756403236], // fisher.test(matrix(c(12, 5, 28, 33), 2), conf.level = 0.9)
  [1, 10, 3, 12, 0.99, 0.349456956429, 0.00114370726055, 10.6353453309], // fisher.test(matrix(c(1, 3, 9, 9), 2), conf.level = 0.99)
  [10, 10, 4, 12, 0.95, Infinity, 2.49409070406, Infinity], // fisher.test(matrix(c(10, 4, 0, 8), 2), conf.level = 0.95)
  [7, 9, 9, 9, 0.95, 0, 0, 5.22052601656], // fisher.test(matrix(c(7, 9, 2, 0), 2), conf.level = 0.95)
  [1, 2, 1, 3, 0.95, 1.73210098945, 0.0128052860815, 233.820603123], // fisher.test(matrix(c(1, 1, 1, 2), 2), conf.level = 0.95)
  [2000, 10000, 1800, 10000, 0.95, 1.13888012716, 1.06046839301, 1.22317882349], // fisher.test(matrix(c(2000, 1800, 8000, 8200), 2), conf.level = 0.95)
  [1, 10, 0, 12, 0.95, Infinity, 0.0307689326172, Infinity], // fisher.test(matrix(c(1, 0, 9, 12), 2), conf.level = 0.95)
  [0, 10, 3, 12, 0.95, 0, 0, 2.77903620788], // fisher.test(matrix(c(0, 3, 10, 9), 2), conf.level = 0.95)
  [5, 5, 2, 6, 0.95, Infinity, 0.733156454888, Infinity], // fisher.test(matrix(c(5, 2, 0, 4), 2), conf.level = 0.95)
  [4, 9, 6, 6, 0.95, 0, 0, 1.27875130894], // fisher.test(matrix(c(4, 6, 5, 0), 2), conf.level = 0.95)
  [1, 1, 0, 1, 0.95, Infinity, 0.0256406640625, Infinity], // fisher.test(matrix(c(1, 0, 0, 1), 2), conf.level = 0.95)
  [0, 1, 1, 1, 0.95, 0, 0, 39.0005499687], // fisher.test(matrix(c(0, 1, 1, 0), 2), conf.level = 0.95)
  [13, 20, 13, 20, 0.95, 1, 0.224653384641, 4.45130173133], // fisher.test(matrix(c(13, 13, 7, 7), 2), conf.level = 0.95)
  [150, 1000, 90, 1200, 0.95, 2.17571521758, 1.63795789045, 2.9026149231], // fisher.test(matrix(c(150, 90, 850, 1110), 2), conf.level = 0.95)
  [2, 400, 11, 380, 0.95, 0.168896657297, 0.0180890503398, 0.781448202115], // fisher.test(matrix(c(2, 11, 398, 369), 2), conf.level = 0.95)
];

/**
 * Agreement required with R's fisher.test. R stops its root search at uniroot's default
 * tolerance (~1.2e-4); exactOddsRatio runs the same search with the same tolerance, so it
 * lands on R's numbers (to ~1e-12 in practice) and 1e-6 is asserted, tighter than the 1e-4 asked.
 */
const REL = 1e-6;

describe('exactOddsRatio', () => {
  it.each(R_CASES)('exactOddsRatio(%s, %s, %s, %s, level %s) matches fisher.test', (x1, n1, x2, n2, level, est, low, high) => {
    const r = exactOddsRatio(x1, n1, x2, n2, level);
    expect(r.method).toBe('conditional-exact');
    if (est === Infinity) {
      expect(r.estimate).toBeNull();
      expect(r.reason).toMatch(/unbounded/);
    } else {
      expectClose(r.estimate, est, REL, 'estimate');
    }
    expectClose(r.ci_low, low, REL, 'ci_low');
    if (high === Infinity) expect(r.ci_high).toBeNull();
    else expectClose(r.ci_high, high, REL, 'ci_high');
  });

  it('returns estimate 0 and lower bound 0 when the treated cell is at the bottom of its range', () => {
    const r = exactOddsRatio(0, 10, 3, 12);
    expect(r.estimate).toBe(0);
    expect(r.ci_low).toBe(0);
  });

  it('returns all null, with a reason, when the table has no events or only events', () => {
    expectNullEstimate(exactOddsRatio(0, 10, 0, 12), /no events in either group/);
    expectNullEstimate(exactOddsRatio(5, 5, 6, 6), /everyone in both groups had the event/);
  });

  it('returns all null, with a reason, when a group is empty', () => {
    expectNullEstimate(exactOddsRatio(0, 0, 3, 12), /treated group is empty/);
  });

  it('runs on a large table in reasonable time', () => {
    // fisher.test(matrix(c(2000, 1800, 8000, 8200), 2)): 1.13888012716, [1.06046839301, 1.22317882349]
    const r = exactOddsRatio(2000, 10000, 1800, 10000);
    expectClose(r.estimate, 1.13888012716, REL);
    expectClose(r.ci_high, 1.22317882349, REL);
  });

  it('throws RangeError for invalid counts or level', () => {
    expect(() => exactOddsRatio(3, 2, 1, 4)).toThrow(RangeError);
    expect(() => exactOddsRatio(1, 2, 1, 4, -1)).toThrow(RangeError);
  });

  it('has ci_low <= estimate <= ci_high, never NaN (property)', () => {
    const group = fc.integer({ min: 1, max: 60 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
    fc.assert(
      fc.property(group, group, ([x1, n1], [x2, n2]) => {
        const r = exactOddsRatio(x1, n1, x2, n2);
        if (r.estimate === null) return r.reason !== undefined && r.ci_high === null;
        const high = r.ci_high as number;
        return 0 <= (r.ci_low as number) && (r.ci_low as number) <= r.estimate && r.estimate <= high && Number.isFinite(high);
      }),
    );
  });
});
