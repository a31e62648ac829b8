import { describe, expect, it } from 'vitest';
import { welchT } from '../../src/stats/welch-t.js';
import { expectClose } from './expect-close.js';

/** n ones followed by (n - x) zeros: a 0/1 outcome with x events. */
const binary = (x: number, n: number): number[] => Array.from({ length: n }, (_, i) => (i < x ? 1 : 0));
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

// Each row: [label, x, y, level, [estimate, ci_low, ci_high, t, df, p]], the numbers printed by
// test/stats/r/welch.R from t.test(x, y, conf.level = level) (Welch, var.equal = FALSE).
const R_CASES: Array<[string, number[], number[], number, number[]]> = [
  // t.test(c(1, 2, 3, 4), c(2, 4, 6, 8, 10))
  ['small', [1, 2, 3, 4], [2, 4, 6, 8, 10], 0.95,
    [-3.5, -7.38536808051, 0.385368080514, -2.25143632316, 5.52078774617, 0.0691335931924]],
  // t.test(c(1, 2, 3, 4), c(2, 4, 6, 8, 10), conf.level = 0.9)
  ['small, 90%', [1, 2, 3, 4], [2, 4, 6, 8, 10], 0.9,
    [-3.5, -6.56841102875, -0.43158897125, -2.25143632316, 5.52078774617, 0.0691335931924]],
  // t.test(c(0, 0, 1, 1, 1, 2, 2, 5), c(0, 0, 0, 1, 1, 3))
  ['tied values', [0, 0, 1, 1, 1, 2, 2, 5], [0, 0, 0, 1, 1, 3], 0.95,
    [0.666666666667, -0.948020651378, 2.28135398471, 0.89958243364, 11.9998167119, 0.386039158144]],
  // t.test(c(5, 5, 5), c(1, 2, 3, 4))
  ['one constant group', [5, 5, 5], [1, 2, 3, 4], 0.95,
    [2.5, 0.445739743239, 4.55426025676, 3.87298334621, 3, 0.0304662916622]],
  // t.test(c(10, 12), c(3, 9))
  ['two per group', [10, 12], [3, 9], 0.95,
    [5, -21.5442177791, 31.5442177791, 1.58113883008, 1.21951219512, 0.325100191978]],
  // t.test(c(rep(1, 45), rep(0, 55)), c(rep(1, 30), rep(0, 70)))
  ['0/1: 45/100 vs 30/100', binary(45, 100), binary(30, 100), 0.95,
    [0.15, 0.0159377036182, 0.284062296382, 2.20654763353, 196.678590497, 0.0285030948887]],
  // t.test(c(rep(1, 3), rep(0, 37)), c(rep(1, 9), rep(0, 29)))
  ['0/1: 3/40 vs 9/38', binary(3, 40), binary(9, 38), 0.95,
    [-0.161842105263, -0.325068544427, 0.00138433390055, -1.98256056928, 61.1587538911, 0.0519135626248]],
  // t.test(c(rep(1, 812), rep(0, 1588)), c(rep(1, 1650), rep(0, 2450)), conf.level = 0.99)
  ['0/1: 812/2400 vs 1650/4100, 99%', binary(812, 2400), binary(1650, 4100), 0.99,
    [-0.0641056910569, -0.0958726999085, -0.0323386822053, -5.19993316773, 5168.20152189, 2.070434586e-07]],
  // t.test((1:1000 %% 7) * 0.5, (1:1200 %% 5) * 0.75 + 0.1)
  ['large n', range(1000).map((i) => (i % 7) * 0.5), range(1200).map((i) => (i % 5) * 0.75 + 0.1), 0.95,
    [-0.0985, -0.184831864287, -0.0121681357134, -2.23746396746, 2165.12731945, 0.0253574004603]],
];

describe('welchT', () => {
  it.each(R_CASES)('%s matches t.test', (_label, x, y, level, [est, low, high, t, df, p]) => {
    const r = welchT(x, y, level);
    expect(r.method).toBe('welch-t');
    expectClose(r.estimate, est, 1e-6, 'estimate');
    expectClose(r.ci_low, low, 1e-6, 'ci_low');
    expectClose(r.ci_high, high, 1e-6, 'ci_high');
    expectClose(r.statistic, t, 1e-6, 't');
    expectClose(r.df, df, 1e-6, 'df');
    expectClose(r.p_value, p, 1e-6, 'p');
    expect(r.reason).toBeUndefined();
  });

  it('reports the two group means', () => {
    expect(welchT([1, 2, 3, 4], [2, 4, 6, 8, 10])).toMatchObject({ mean1: 2.5, mean2: 6 });
  });

  it('returns nulls with a reason when both groups are constant (R: "data are essentially constant")', () => {
    const r = welchT([3, 3, 3], [5, 5]);
    expect(r).toMatchObject({ estimate: null, ci_low: null, ci_high: null, statistic: null, df: null, p_value: null });
    expect(r.reason).toMatch(/zero variance/);
    expect(welchT([0, 0], [0, 0, 0]).reason).toMatch(/zero variance/);
  });

  it('returns nulls with a reason when a group has fewer than two values (n = 0 or n = 1)', () => {
    expect(welchT([1], [1, 2, 3]).reason).toMatch(/at least two observations/);
    const empty = welchT([], [1, 2, 3]);
    expect(empty).toMatchObject({ estimate: null, p_value: null, mean1: null, mean2: 2 });
  });

  it('throws RangeError for non-finite data or an invalid level', () => {
    expect(() => welchT([1, Number.NaN], [1, 2])).toThrow(/x\[1\] must be a finite number/);
    expect(() => welchT([1, 2], [1, Number.POSITIVE_INFINITY])).toThrow(RangeError);
    expect(() => welchT([1, 2], [1, 3], 1)).toThrow(RangeError);
  });
});
