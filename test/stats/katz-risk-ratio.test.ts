import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { katzRiskRatio } from '../../src/stats/katz-risk-ratio.js';
import { expectClose, expectNullEstimate } from './expect-close.js';

// [x1, n1, x2, n2, level, estimate, ci_low, ci_high], printed by test/stats/r/ratios.R
// (epitools::riskratio.wald; rows = comparison, treated; columns = no event, event).
const R_CASES: Array<[number, number, number, number, number, number, number, number]> = [
  [30, 100, 20, 100, 0.95, 1.5, 0.915960829322, 2.45643692172], // riskratio.wald(matrix(c(80, 70, 20, 30), 2), conf.level = 0.95)$measure[2, ]
  [3, 4, 1, 4, 0.95, 3, 0.501284309387, 17.9538833182], // riskratio.wald(matrix(c(3, 1, 1, 3), 2), conf.level = 0.95)$measure[2, ]
  [12, 40, 5, 38, 0.95, 2.28, 0.887005657613, 5.86061650834], // riskratio.wald(matrix(c(33, 28, 5, 12), 2), conf.level = 0.95)$measure[2, ]
  [12, 40, 5, 38, 0.9, 2.28, 1.03239264764, 5.03529351152], // riskratio.wald(matrix(c(33, 28, 5, 12), 2), conf.level = 0.9)$measure[2, ]
  [1, 10, 3, 12, 0.99, 0.4, 0.025259323996, 6.33429461633], // riskratio.wald(matrix(c(9, 9, 3, 1), 2), conf.level = 0.99)$measure[2, ]
  [10, 10, 4, 12, 0.95, 3, 1.34778208662, 6.67763734908], // riskratio.wald(matrix(c(8, 0, 4, 10), 2), conf.level = 0.95)$measure[2, ]
  [7, 9, 9, 9, 0.95, 0.777777777778, 0.548521190013, 1.10285305767], // riskratio.wald(matrix(c(0, 2, 9, 7), 2), conf.level = 0.95)$measure[2, ]
  [1, 2, 1, 3, 0.95, 1.5, 0.180587843459, 12.4593104215], // riskratio.wald(matrix(c(2, 1, 1, 1), 2), conf.level = 0.95)$measure[2, ]
  [2000, 10000, 1800, 10000, 0.95, 1.11111111111, 1.04920402134, 1.17667095829], // riskratio.wald(matrix(c(8200, 8000, 1800, 2000), 2), conf.level = 0.95)$measure[2, ]
];

describe('katzRiskRatio', () => {
  it.each(R_CASES)('katzRiskRatio(%s, %s, %s, %s, level %s) matches epitools', (x1, n1, x2, n2, level, est, low, high) => {
    const r = katzRiskRatio(x1, n1, x2, n2, level);
    expect(r.method).toBe('katz-log');
    expectClose(r.estimate, est, 1e-6, 'estimate');
    expectClose(r.ci_low, low, 1e-6, 'ci_low');
    expectClose(r.ci_high, high, 1e-6, 'ci_high');
  });

  it('returns estimate 0 and a null interval, with a reason, when the treated group has no events', () => {
    const r = katzRiskRatio(0, 10, 3, 12);
    expect(r).toMatchObject({ estimate: 0, ci_low: null, ci_high: null });
    expect(r.reason).toMatch(/no events in the treated group/);
  });

  it('returns all null, with a reason, when the comparison group has no events', () => {
    expectNullEstimate(katzRiskRatio(1, 10, 0, 12), /no events in the comparison group: the risk ratio is unbounded/);
    expectNullEstimate(katzRiskRatio(0, 10, 0, 12), /no events in either group/);
  });

  it('returns estimate 1 with a null interval when everyone in both groups had the event', () => {
    const r = katzRiskRatio(5, 5, 7, 7);
    expect(r).toMatchObject({ estimate: 1, ci_low: null, ci_high: null });
    expect(r.reason).toMatch(/standard error is zero/);
  });

  it('returns all null, with a reason, when a group is empty', () => {
    expectNullEstimate(katzRiskRatio(0, 0, 3, 12), /treated group is empty/);
  });

  it('throws RangeError for invalid counts or level', () => {
    expect(() => katzRiskRatio(13, 12, 3, 12)).toThrow(RangeError);
    expect(() => katzRiskRatio(1, 12, 3, 12, 95)).toThrow(RangeError);
  });

  it('has ci_low <= estimate <= ci_high whenever the interval exists (property)', () => {
    const group = fc.integer({ min: 1, max: 400 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
    fc.assert(
      fc.property(group, group, ([x1, n1], [x2, n2]) => {
        const r = katzRiskRatio(x1, n1, x2, n2);
        if (r.ci_low === null || r.ci_high === null) return r.reason !== undefined;
        const est = r.estimate as number;
        return 0 < r.ci_low && r.ci_low <= est && est <= r.ci_high && Number.isFinite(r.ci_high);
      }),
    );
  });
});
