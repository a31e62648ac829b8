/**
 * Welch two-sample t-test and interval for a difference of means (group 1 minus group 2),
 * from summary statistics.
 *
 * Formula: with standard errors s_i = sd_i/√n_i and s = √(s1² + s2²),
 * t = (mean1 - mean2)/s on the Welch-Satterthwaite degrees of freedom
 * ν = s⁴ / (s1⁴/(n1 - 1) + s2⁴/(n2 - 1)); p = 2·P(T_ν <= -|t|); interval
 * (mean1 - mean2) ± t_{ν, 1-α/2}·s, α = 1 - level.
 *
 * For a 0/1 outcome from counts (the Justice Data Lab convention) pass mean = x/n and
 * sd = √(x(n - x) / (n(n - 1))): this is exactly `t.test` on the 0/1 vectors.
 *
 * Reference: Welch (1947) Biometrika 34:28-35; Satterthwaite (1946); R `t.test(x, y)`
 * (`var.equal = FALSE`), whose arithmetic (including its "essentially constant" rule) this
 * follows.
 *
 * Preconditions: means finite; sds finite and >= 0; n1, n2 non-negative integers;
 * 0 < level < 1 (else RangeError).
 * Degenerate (null with a reason): fewer than two observations in a group; zero variance in both
 * groups (or a standard error below R's 10·eps·max|mean| "essentially constant" threshold).
 * Zero variance in just one group is fine (ν = n - 1 of the other group).
 *
 * @example
 * const sd1 = Math.sqrt(45 * 55 / (100 * 99));
 * const sd2 = Math.sqrt(30 * 70 / (100 * 99));
 * welchTFromSummary(0.45, sd1, 100, 0.3, sd2, 100); // { estimate: 0.15000000000000002, ci_low: 0.01593770361822572,
 * //   ci_high: 0.2840622963817743, method: 'welch-t', statistic: 2.2065476335253664, df: 196.6785904965297,
 * //   p_value: 0.028503094888739578, mean1: 0.45, mean2: 0.3 }
 */
import { t } from './dists.js';
import type { WelchResult } from './types.js';
import { assertCount, assertFinite, assertLevel } from './validate.js';

const METHOD = 'welch-t';

export function welchTFromSummary(
  mean1: number,
  sd1: number,
  n1: number,
  mean2: number,
  sd2: number,
  n2: number,
  level = 0.95,
): WelchResult {
  assertFinite(mean1, 'mean1');
  assertFinite(mean2, 'mean2');
  assertSd(sd1, 'sd1');
  assertSd(sd2, 'sd2');
  assertCount(n1, 'n1');
  assertCount(n2, 'n2');
  assertLevel(level);
  const none = (reason: string): WelchResult => ({
    estimate: null,
    ci_low: null,
    ci_high: null,
    method: METHOD,
    statistic: null,
    df: null,
    p_value: null,
    mean1: n1 > 0 ? mean1 : null,
    mean2: n2 > 0 ? mean2 : null,
    reason,
  });
  if (n1 < 2 || n2 < 2) {
    return none(
      `the Welch t-test needs at least two observations in each group (n1 = ${n1}, n2 = ${n2})`,
    );
  }
  const se1 = Math.sqrt((sd1 * sd1) / n1);
  const se2 = Math.sqrt((sd2 * sd2) / n2);
  const se = Math.sqrt(se1 ** 2 + se2 ** 2);
  if (se === 0 || se < 10 * Number.EPSILON * Math.max(Math.abs(mean1), Math.abs(mean2))) {
    return none('both groups have zero variance (the data are constant): the t statistic is undefined');
  }
  const df = se ** 4 / (se1 ** 4 / (n1 - 1) + se2 ** 4 / (n2 - 1));
  const statistic = (mean1 - mean2) / se;
  const p = 2 * t.cdf(-Math.abs(statistic), df);
  const q = t.quantile(1 - (1 - level) / 2, df);
  return {
    estimate: mean1 - mean2,
    ci_low: (statistic - q) * se,
    ci_high: (statistic + q) * se,
    method: METHOD,
    statistic,
    df,
    p_value: Math.min(1, p),
    mean1,
    mean2,
  };
}

function assertSd(value: number, name: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite non-negative standard deviation; got ${String(value)}`);
  }
}
