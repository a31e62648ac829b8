import { describe, expect, it } from 'vitest';
import { weightedProportion, weightedTwoProportions } from '../../src/stats/weighted-proportions.js';
import { expectClose } from './expect-close.js';

// R: test/stats/r/weighted.R (formulas written out; the difference variance also equals the HC0
// sandwich of lm(y ~ g, weights = w), 0.0467627224392, printed by the same script).
const y1 = [1, 0, 1, 1, 0, 1, 0, 0, 1, 1];
const w1 = y1.map(() => 1);
const y0 = [1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0];
const w0 = [0.5, 1, 1.5, 2, 0.5, 1, 1, 0.75, 1.25, 1, 0.5, 1];

describe('weightedTwoProportions', () => {
  const r = weightedTwoProportions(y1, w1, y0, w0, 0.95);
  const three = (e: { proportion?: number | null; estimate?: number | null; ci_low: number | null; ci_high: number | null }, want: number[], label: string) => {
    expectClose(e.proportion ?? e.estimate, want[0], 1e-9, `${label} estimate`);
    expectClose(e.ci_low, want[1], 1e-9, `${label} low`);
    expectClose(e.ci_high, want[2], 1e-9, `${label} high`);
  };
  it('has R weighted proportions with sandwich Wald intervals', () => {
    three(r.treated, [0.6, 0.296363685148, 0.903636314852], 'treated');
    three(r.comparison, [0.3125, 0.016793962021, 0.608206037979], 'comparison');
    expect(r.comparison.weighted_n).toBe(12);
    expect(r.comparison.n).toBe(12);
  });
  it('has R difference, risk ratio, odds ratio and Wald z test', () => {
    three(r.difference, [0.2875, -0.136336138848, 0.711336138848], 'difference');
    three(r.risk_ratio, [1.92, 0.656550057895, 5.61480416561], 'risk ratio');
    three(r.odds_ratio, [3.3, 0.508863571043, 21.4006280263], 'odds ratio');
    expectClose(r.test.statistic, 1.32949881784, 1e-9);
    expectClose(r.test.p_value, 0.183683455555, 1e-9);
  });
  it('runs the @example', () => {
    const e = weightedTwoProportions([1, 0, 1, 1], [1, 1, 1, 1], [1, 0, 0], [0.5, 1, 1.5], 0.95);
    expect(e.treated.proportion).toBe(0.75);
    expect(e.comparison.proportion).toBe(0.16666666666666666);
  });
  it('degenerate: no people gives nulls with reasons; a proportion of 0 gives a null risk ratio', () => {
    expect(weightedProportion([], [], 0.95).reason).toMatch(/no people/);
    const z = weightedTwoProportions([0, 0], [1, 1], [1, 0], [1, 1], 0.95);
    expect(z.risk_ratio.estimate).toBeNull();
    expect(z.risk_ratio.reason).toMatch(/0/);
    expect(weightedTwoProportions([], [], [1], [1], 0.95).difference.reason).toMatch(/no people/);
  });
});
