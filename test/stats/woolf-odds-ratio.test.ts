import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { woolfOddsRatio } from '../../src/stats/woolf-odds-ratio.js';
import { expectClose, expectNullEstimate } from './expect-close.js';

// [x1, n1, x2, n2, level, estimate, ci_low, ci_high], printed by test/stats/r/ratios.R
// (epitools::oddsratio.wald; rows = comparison, treated; columns = no event, event).
const R_CASES: Array<[number, number, number, number, number, number, number, number]> = [
  [30, 100, 20, 100, 0.95, 1.71428571429, 0.894579346727, 3.28509206138], // oddsratio.wald(matrix(c(80, 70, 20, 30), 2), conf.level = 0.95)$measure[2, ]
  [3, 4, 1, 4, 0.95, 9, 0.366636931926, 220.927006929], // oddsratio.wald(matrix(c(3, 1, 1, 3), 2), conf.level = 0.95)$measure[2, ]
  [12, 40, 5, 38, 0.95, 2.82857142857, 0.88808980323, 9.00901721586], // oddsratio.wald(matrix(c(33, 28, 5, 12), 2), conf.level = 0.95)$measure[2, ]
  [12, 40, 5, 38, 0.9, 2.82857142857, 1.06990127402, 7.47808841881], // oddsratio.wald(matrix(c(33, 28, 5, 12), 2), conf.level = 0.9)$measure[2, ]
  [1, 10, 3, 12, 0.99, 0.333333333333, 0.0134169577429, 8.28139383311], // oddsratio.wald(matrix(c(9, 9, 3, 1), 2), conf.level = 0.99)$measure[2, ]
  [1, 2, 1, 3, 0.95, 2, 0.0511184556467, 78.2496252947], // oddsratio.wald(matrix(c(2, 1, 1, 1), 2), conf.level = 0.95)$measure[2, ]
  [2000, 10000, 1800, 10000, 0.95, 1.13888888889, 1.06111211258, 1.22236650195], // oddsratio.wald(matrix(c(8200, 8000, 1800, 2000), 2), conf.level = 0.95)$measure[2, ]
];

describe('woolfOddsRatio', () => {
  it.each(R_CASES)('woolfOddsRatio(%s, %s, %s, %s, level %s) matches epitools', (x1, n1, x2, n2, level, est, low, high) => {
    const r = woolfOddsRatio(x1, n1, x2, n2, level);
    expect(r.method).toBe('woolf-log');
    expectClose(r.estimate, est, 1e-6, 'estimate');
    expectClose(r.ci_low, low, 1e-6, 'ci_low');
    expectClose(r.ci_high, high, 1e-6, 'ci_high');
  });

  it('does not add 0.5 to a zero cell: a = 0 gives estimate 0 and a null interval with a reason', () => {
    const r = woolfOddsRatio(0, 10, 3, 12);
    expect(r).toMatchObject({ estimate: 0, ci_low: null, ci_high: null });
    expect(r.reason).toMatch(/no events in the treated group: a zero cell makes the Woolf interval undefined/);
    expect(r.reason).toMatch(/no continuity correction/);
  });

  it('d = 0 (everyone in the comparison group had the event) gives estimate 0 and a null interval', () => {
    const r = woolfOddsRatio(4, 9, 6, 6);
    expect(r).toMatchObject({ estimate: 0, ci_low: null, ci_high: null });
    expect(r.reason).toMatch(/everyone in the comparison group had the event/);
  });

  it('b = 0 or c = 0 makes the odds ratio unbounded: everything null, with a reason', () => {
    expectNullEstimate(woolfOddsRatio(10, 10, 4, 12), /everyone in the treated group had the event.*unbounded/);
    expectNullEstimate(woolfOddsRatio(1, 10, 0, 12), /no events in the comparison group.*unbounded/);
    expectNullEstimate(woolfOddsRatio(0, 10, 0, 12), /no events in the treated group; no events in the comparison group/);
  });

  it('handles n = 1 in each group without NaN', () => {
    expectNullEstimate(woolfOddsRatio(1, 1, 0, 1), /zero cell/);
  });

  it('returns all null, with a reason, when a group is empty', () => {
    expectNullEstimate(woolfOddsRatio(3, 12, 0, 0), /comparison group is empty/);
  });

  it('throws RangeError for invalid counts', () => {
    expect(() => woolfOddsRatio(-1, 12, 3, 12)).toThrow(RangeError);
  });

  it('has ci_low <= estimate <= ci_high whenever the interval exists (property)', () => {
    const group = fc.integer({ min: 1, max: 400 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
    fc.assert(
      fc.property(group, group, ([x1, n1], [x2, n2]) => {
        const r = woolfOddsRatio(x1, n1, x2, n2);
        if (r.ci_low === null || r.ci_high === null) return r.reason !== undefined;
        const est = r.estimate as number;
        return 0 < r.ci_low && r.ci_low <= est && est <= r.ci_high && Number.isFinite(r.ci_high);
      }),
    );
  });
});
