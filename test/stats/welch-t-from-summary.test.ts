import { describe, expect, it } from 'vitest';
import { welchTFromSummary } from '../../src/stats/welch-t-from-summary.js';
import { expectClose } from './expect-close.js';

/** Mean and sd of a 0/1 outcome with x events out of n (what R's mean() and sd() give). */
const binarySummary = (x: number, n: number): [number, number, number] => [
  x / n,
  Math.sqrt((x * (n - x)) / (n * (n - 1))),
  n,
];

describe('welchTFromSummary', () => {
  it('from summary statistics matches t.test on the data (x = c(1, 2, 3, 4), y = c(2, 4, 6, 8, 10))', () => {
    // mean(x) = 2.5, sd(x) = sqrt(5/3); mean(y) = 6, sd(y) = sqrt(10)
    const r = welchTFromSummary(2.5, Math.sqrt(5 / 3), 4, 6, Math.sqrt(10), 5);
    // t.test(x, y): [-3.5, -7.38536808051, 0.385368080514, t -2.25143632316, df 5.52078774617, p 0.0691335931924]
    expectClose(r.estimate, -3.5);
    expectClose(r.ci_low, -7.38536808051);
    expectClose(r.ci_high, 0.385368080514);
    expectClose(r.statistic, -2.25143632316);
    expectClose(r.df, 5.52078774617);
    expectClose(r.p_value, 0.0691335931924);
  });

  it('reproduces the Justice Data Lab 0/1 t-test from counts: 45/100 vs 30/100', () => {
    // bin(45, 100): mean 0.45 sd 0.5; bin(30, 100): mean 0.3 sd 0.460566186472 (test/stats/r/welch.R)
    const [m1, s1, n1] = binarySummary(45, 100);
    const [m2, s2, n2] = binarySummary(30, 100);
    expectClose(s1, 0.5);
    expectClose(s2, 0.460566186472);
    // t.test(c(rep(1, 45), rep(0, 55)), c(rep(1, 30), rep(0, 70)))
    const r = welchTFromSummary(m1, s1, n1, m2, s2, n2);
    expectClose(r.estimate, 0.15);
    expectClose(r.ci_low, 0.0159377036182);
    expectClose(r.ci_high, 0.284062296382);
    expectClose(r.statistic, 2.20654763353);
    expectClose(r.df, 196.678590497);
    expectClose(r.p_value, 0.0285030948887);
  });

  it('reproduces 812/2400 vs 1650/4100 at 99% from counts', () => {
    // t.test(c(rep(1, 812), rep(0, 1588)), c(rep(1, 1650), rep(0, 2450)), conf.level = 0.99)
    const r = welchTFromSummary(...binarySummary(812, 2400), ...binarySummary(1650, 4100), 0.99);
    expectClose(r.ci_low, -0.0958726999085);
    expectClose(r.ci_high, -0.0323386822053);
    expectClose(r.df, 5168.20152189);
    expectClose(r.p_value, 2.070434586e-7);
  });

  it('handles zero variance in one group (df = n - 1 of the other)', () => {
    // t.test(c(5, 5, 5), c(1, 2, 3, 4)): df 3, p 0.0304662916622
    const r = welchTFromSummary(5, 0, 3, 2.5, Math.sqrt(5 / 3), 4);
    expectClose(r.df, 3);
    expectClose(r.p_value, 0.0304662916622);
  });

  it('returns nulls with a reason for zero variance in both groups (0/1 outcome: 0/n vs 0/n)', () => {
    const r = welchTFromSummary(...binarySummary(0, 50), ...binarySummary(0, 40));
    expect(r).toMatchObject({ estimate: null, statistic: null, df: null, p_value: null, mean1: 0, mean2: 0 });
    expect(r.reason).toMatch(/zero variance/);
    expect(welchTFromSummary(1, 0, 10, 1, 0, 10).reason).toMatch(/zero variance/);
  });

  it('returns nulls with a reason for n < 2 in a group', () => {
    expect(welchTFromSummary(1, 0, 1, 2, 1, 10).reason).toMatch(/at least two observations/);
    expect(welchTFromSummary(0, 0, 0, 2, 1, 10)).toMatchObject({ mean1: null, mean2: 2, p_value: null });
  });

  it('throws RangeError for invalid arguments', () => {
    expect(() => welchTFromSummary(1, -1, 10, 2, 1, 10)).toThrow(/sd1 must be a finite non-negative/);
    expect(() => welchTFromSummary(Number.NaN, 1, 10, 2, 1, 10)).toThrow(/mean1 must be a finite number/);
    expect(() => welchTFromSummary(1, 1, 10.5, 2, 1, 10)).toThrow(/n1 must be a non-negative integer/);
    expect(() => welchTFromSummary(1, 1, 10, 2, 1, 10, 0)).toThrow(RangeError);
  });
});
