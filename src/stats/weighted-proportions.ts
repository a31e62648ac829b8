/**
 * Weighted proportions and their comparison, for matched cohorts whose comparison people carry
 * matching weights (MatchIt ATT weights).
 *
 * **Formulas, in words.** A group's weighted proportion is p = sum(w y) / sum(w) over its people
 * (y is 0 or 1). Its variance is the robust (sandwich, HC0) one, treating people as
 * independent: V = sum(w^2 (y - p)^2) / sum(w)^2; this is the HC0 variance of the intercept of
 * `lm(y ~ 1, weights = w)`, and for two groups the HC0 variance of the group coefficient of
 * `lm(y ~ group, weights = w)` is V1 + V0. Intervals are Wald: estimate +- z sqrt(V).
 * - difference p1 - p0: variance V1 + V0; the test is the Wald z = (p1 - p0) / sqrt(V1 + V0).
 * - risk ratio p1 / p0: on the log scale, variance V1 / p1^2 + V0 / p0^2 (delta method).
 * - odds ratio: on the log scale, variance V1 / (p1 (1 - p1))^2 + V0 / (p0 (1 - p0))^2.
 * Pair membership is ignored (Austin & Stuart 2017 find this conservative for matched ATT
 * estimates); with every weight 1 the proportion is the plain one.
 *
 * **Degenerate input.** No people (sum of weights 0): null with a reason. A proportion of 0 or 1
 * has variance 0: its Wald interval is the point, and the ratio whose log needs it is null.
 *
 * Pinned to those formulas and the matrix sandwich of lm() written out in R (test/stats/r/weighted.R).
 *
 * @example
 * const r = weightedTwoProportions([1, 0, 1, 1], [1, 1, 1, 1], [1, 0, 0], [0.5, 1, 1.5], 0.95);
 * r.treated.proportion; // 0.75
 * r.comparison.proportion; // 0.16666666666666666
 */
import { normal } from './dists.js';
import { normalCritical } from './validate.js';

export interface WeightedSide {
  /** people (weights > 0) */
  n: number;
  /** sum of weights */
  weighted_n: number;
  /** weighted number with y = 1 */
  weighted_x: number;
  proportion: number | null;
  ci_low: number | null;
  ci_high: number | null;
  /** sandwich standard error of the proportion */
  std_err: number | null;
  method: string;
  reason?: string;
}

export interface WeightedEffect {
  estimate: number | null;
  ci_low: number | null;
  ci_high: number | null;
  method: string;
  reason?: string;
}

export interface WeightedComparison {
  treated: WeightedSide;
  comparison: WeightedSide;
  difference: WeightedEffect;
  risk_ratio: WeightedEffect;
  odds_ratio: WeightedEffect;
  test: { name: string; statistic: number | null; p_value: number | null; reason?: string };
}

const METHOD = 'weighted, Wald with robust (sandwich HC0) variance';

/** A group's weighted proportion with its sandwich variance and Wald interval. */
export function weightedProportion(y: ArrayLike<number>, w: ArrayLike<number>, level: number): WeightedSide & { variance: number | null } {
  let sw = 0;
  let swy = 0;
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    if (!(w[i] > 0)) continue;
    n++;
    sw += w[i];
    swy += w[i] * y[i];
  }
  if (!(sw > 0)) {
    return { n, weighted_n: 0, weighted_x: 0, proportion: null, ci_low: null, ci_high: null, std_err: null, variance: null, method: METHOD, reason: 'no people (n = 0)' };
  }
  const p = swy / sw;
  let ss = 0;
  for (let i = 0; i < y.length; i++) if (w[i] > 0) ss += w[i] * w[i] * (y[i] - p) * (y[i] - p);
  const v = ss / (sw * sw);
  const half = normalCritical(level) * Math.sqrt(v);
  return { n, weighted_n: sw, weighted_x: swy, proportion: p, ci_low: Math.max(0, p - half), ci_high: Math.min(1, p + half), std_err: Math.sqrt(v), variance: v, method: METHOD };
}

function logRatio(est: number, varLog: number, z: number, method: string): WeightedEffect {
  const h = z * Math.sqrt(varLog);
  return { estimate: est, ci_low: est * Math.exp(-h), ci_high: est * Math.exp(h), method };
}

const none = (method: string, reason: string): WeightedEffect => ({ estimate: null, ci_low: null, ci_high: null, method, reason });

/** Treated vs comparison weighted proportions: see the module comment. */
export function weightedTwoProportions(y1: ArrayLike<number>, w1: ArrayLike<number>, y0: ArrayLike<number>, w0: ArrayLike<number>, level: number): WeightedComparison {
  const a = weightedProportion(y1, w1, level);
  const b = weightedProportion(y0, w0, level);
  const z = normalCritical(level);
  const strip = ({ variance: _v, ...s }: WeightedSide & { variance: number | null }): WeightedSide => s;
  const out: WeightedComparison = {
    treated: strip(a),
    comparison: strip(b),
    difference: none(METHOD, 'a group has no people'),
    risk_ratio: none(`${METHOD}, log scale`, 'a group has no people'),
    odds_ratio: none(`${METHOD}, log scale`, 'a group has no people'),
    test: { name: 'wald-z (weighted, robust variance)', statistic: null, p_value: null, reason: 'a group has no people' },
  };
  if (a.proportion === null || b.proportion === null || a.variance === null || b.variance === null) return out;
  const p1 = a.proportion;
  const p0 = b.proportion;
  const v = a.variance + b.variance;
  const d = p1 - p0;
  out.difference = { estimate: d, ci_low: d - z * Math.sqrt(v), ci_high: d + z * Math.sqrt(v), method: METHOD };
  if (v > 0) {
    const stat = d / Math.sqrt(v);
    out.test = { name: out.test.name, statistic: stat, p_value: 2 * (1 - normalCdf(Math.abs(stat))) };
  } else out.test = { ...out.test, reason: 'no variation in either group' };
  out.risk_ratio =
    p1 > 0 && p0 > 0 ? logRatio(p1 / p0, a.variance / (p1 * p1) + b.variance / (p0 * p0), z, `${METHOD}, log scale`) : none(`${METHOD}, log scale`, 'a proportion is 0: the ratio is 0 or undefined');
  out.odds_ratio =
    p1 > 0 && p1 < 1 && p0 > 0 && p0 < 1
      ? logRatio((p1 / (1 - p1)) / (p0 / (1 - p0)), a.variance / (p1 * (1 - p1)) ** 2 + b.variance / (p0 * (1 - p0)) ** 2, z, `${METHOD}, log scale`)
      : none(`${METHOD}, log scale`, 'a proportion is 0 or 1: the odds ratio is 0 or infinite');
  return out;
}

const normalCdf = (x: number) => normal.cdf(x, 0, 1);
