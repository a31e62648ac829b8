/**
 * Wald interval for one proportion x/n.
 *
 * Formula: p ± z·sqrt(p(1 - p)/n) with p = x/n, truncated to [0, 1]. Known to undercover badly
 * for small n or p near 0 or 1; offered only because some publications use it.
 *
 * Reference: Brown, Cai & DasGupta (2001) eq. 1. Base R has no function for it; the tests pin
 * values from the formula written out in R (test/stats/r/proportions.R).
 *
 * Preconditions: x, n non-negative integers, x <= n; 0 < level < 1 (else RangeError).
 * Degenerate cases: n = 0 gives all null. At x = 0 (or x = n) the standard error is 0, so the
 * interval would collapse to a point: the bound at the edge (0, or 1) is returned and the other
 * is null with a reason.
 *
 * @example
 * wald(12, 40); // { estimate: 0.3, ci_low: 0.15798711745533733, ci_high: 0.44201288254466264, method: 'wald' }
 * wald(0, 10); // { estimate: 0, ci_low: 0, ci_high: null, method: 'wald', reason: 'x = 0: the Wald standard error is zero, so there is no upper bound; use Wilson' }
 */
import type { Estimate } from './types.js';
import { assertLevel, assertSuccesses, normalCritical, nullEstimate } from './validate.js';

export function wald(x: number, n: number, level = 0.95): Estimate {
  assertSuccesses(x, n);
  assertLevel(level);
  if (n === 0) {
    return nullEstimate('wald', 'no observations (n = 0): the proportion cannot be estimated');
  }
  const p = x / n;
  if (x === 0) {
    return {
      estimate: 0,
      ci_low: 0,
      ci_high: null,
      method: 'wald',
      reason: 'x = 0: the Wald standard error is zero, so there is no upper bound; use Wilson',
    };
  }
  if (x === n) {
    return {
      estimate: 1,
      ci_low: null,
      ci_high: 1,
      method: 'wald',
      reason: 'x = n: the Wald standard error is zero, so there is no lower bound; use Wilson',
    };
  }
  const half = normalCritical(level) * Math.sqrt((p * (1 - p)) / n);
  return {
    estimate: p,
    ci_low: Math.max(0, p - half),
    ci_high: Math.min(1, p + half),
    method: 'wald',
  };
}
