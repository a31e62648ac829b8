/**
 * Welch two-sample t-test and interval for a difference of means (x minus y), from the data.
 *
 * Formula: the sample means and variances (two-pass: mean first, then squared deviations,
 * divisor n - 1) are passed to {@link welchTFromSummary}; see there for the test itself.
 *
 * Reference: Welch (1947) Biometrika 34:28-35; R `t.test(x, y)` `$estimate`, `$conf.int`,
 * `$statistic`, `$parameter`, `$p.value`.
 *
 * Preconditions: x and y arrays of finite numbers (else RangeError); 0 < level < 1.
 * Degenerate (null with a reason): fewer than two values in a group; both groups constant.
 *
 * @example
 * welchT([1, 2, 3, 4], [2, 4, 6, 8, 10]); // { estimate: -3.5, ci_low: -7.385368080514042, ci_high: 0.38536808051404253,
 * //   method: 'welch-t', statistic: -2.251436323159369, df: 5.5207877461706785, p_value: 0.06913359319239235,
 * //   mean1: 2.5, mean2: 6 }
 */
import type { WelchResult } from './types.js';
import { welchTFromSummary } from './welch-t-from-summary.js';

export function welchT(x: readonly number[], y: readonly number[], level = 0.95): WelchResult {
  const sx = summarise(x, 'x');
  const sy = summarise(y, 'y');
  return welchTFromSummary(sx.mean, sx.sd, x.length, sy.mean, sy.sd, y.length, level);
}

/** Mean (with R's second-pass correction) and sample standard deviation; 0s when n < 2. */
function summarise(values: readonly number[], name: string): { mean: number; sd: number } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new RangeError(`${name}[${i}] must be a finite number; got ${String(v)}`);
    }
    sum += v;
  }
  if (n === 0) return { mean: 0, sd: 0 };
  let mean = sum / n;
  let correction = 0;
  for (let i = 0; i < n; i++) correction += values[i] - mean;
  mean += correction / n;
  if (n < 2) return { mean, sd: 0 };
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / (n - 1)) };
}
