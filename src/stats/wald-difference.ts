/**
 * Wald interval for a difference of proportions p1 - p2 (treated minus comparison).
 *
 * Formula: d ± z·sqrt(p1(1 - p1)/n1 + p2(1 - p2)/n2), d = p1 - p2, truncated to [-1, 1].
 *
 * Reference: Newcombe (1998) Stat Med 17:873-890, method 1; R
 * `prop.test(c(x1, x2), c(n1, n2), correct = FALSE)$conf.int`, which computes exactly this
 * (including the truncation to [-1, 1]).
 *
 * Preconditions: counts are non-negative integers with x1 <= n1 and x2 <= n2; 0 < level < 1
 * (else RangeError). Degenerate: an empty group gives all null; when both proportions are 0 or 1
 * the standard error is zero, so the estimate is returned with null bounds and a reason (R would
 * print the zero-width interval [d, d]).
 *
 * @example
 * waldDifference(56, 70, 48, 80); // { estimate: 0.20000000000000007, ci_low: 0.05750489914903717, ci_high: 0.34249510085096296, method: 'wald' }
 */
import type { Estimate } from './types.js';
import { normalCritical, checkTwoGroups } from './validate.js';

export function waldDifference(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  level = 0.95,
): Estimate {
  const early = checkTwoGroups(x1, n1, x2, n2, level, 'wald');
  if (early) return early;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const d = p1 - p2;
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  if (se === 0) {
    return {
      estimate: d,
      ci_low: null,
      ci_high: null,
      method: 'wald',
      reason:
        'each group has a proportion of 0 or 1, so the Wald standard error is zero; use Newcombe',
    };
  }
  const width = normalCritical(level) * se;
  return {
    estimate: d,
    ci_low: Math.max(d - width, -1),
    ci_high: Math.min(d + width, 1),
    method: 'wald',
  };
}
