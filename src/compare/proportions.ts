/**
 * Two proportions side by side (treated first): each with its interval, the difference
 * (treated - comparison), risk ratio, odds ratio and a test, as CLI.md names them.
 * Used by `desist ci x1/n1 x2/n2` and by `desist compare`.
 */
import { proportionInterval, type ProportionMethod } from '../stats/proportion-interval.js';
import { differenceInterval, type DifferenceMethod } from '../stats/difference-interval.js';
import { katzRiskRatio } from '../stats/katz-risk-ratio.js';
import { woolfOddsRatio } from '../stats/woolf-odds-ratio.js';
import { exactOddsRatio } from '../stats/exact-odds-ratio.js';
import { twoProportionTest } from '../stats/two-proportion-test.js';
import type { Estimate, TestResult } from '../stats/types.js';

export type OddsRatioMethod = 'woolf' | 'exact';

export interface ProportionMethods {
  level: number;
  ciMethod: ProportionMethod;
  diffMethod: DifferenceMethod;
  orMethod: OddsRatioMethod;
}

export interface ProportionSide {
  x: number;
  n: number;
  proportion: number | null;
  ci_low: number | null;
  ci_high: number | null;
  method: string;
  reason?: string;
}

export interface EffectEstimate {
  estimate: number | null;
  ci_low: number | null;
  ci_high: number | null;
  method: string;
  reason?: string;
}

export interface TwoProportions {
  treated: ProportionSide;
  comparison: ProportionSide;
  difference: EffectEstimate;
  risk_ratio: EffectEstimate;
  odds_ratio: EffectEstimate;
  test: { name: string; statistic: number | null; p_value: number | null; reason?: string };
}

export function side(x: number, n: number, m: ProportionMethods): ProportionSide {
  const e = proportionInterval(x, n, m.ciMethod, m.level);
  return { x, n, proportion: e.estimate, ci_low: e.ci_low, ci_high: e.ci_high, method: e.method, ...(e.reason ? { reason: e.reason } : {}) };
}

export function effect(e: Estimate): EffectEstimate {
  return { estimate: e.estimate, ci_low: e.ci_low, ci_high: e.ci_high, method: e.method, ...(e.reason ? { reason: e.reason } : {}) };
}

function test(t: TestResult): TwoProportions['test'] {
  return { name: t.name, statistic: t.statistic, p_value: t.p_value, ...(t.reason ? { reason: t.reason } : {}) };
}

export function twoProportions(x1: number, n1: number, x2: number, n2: number, m: ProportionMethods): TwoProportions {
  return {
    treated: side(x1, n1, m),
    comparison: side(x2, n2, m),
    difference: effect(differenceInterval(x1, n1, x2, n2, m.diffMethod, m.level)),
    risk_ratio: effect(katzRiskRatio(x1, n1, x2, n2, m.level)),
    odds_ratio: effect(m.orMethod === 'exact' ? exactOddsRatio(x1, n1, x2, n2, m.level) : woolfOddsRatio(x1, n1, x2, n2, m.level)),
    test: test(twoProportionTest(x1, n1, x2, n2)),
  };
}
