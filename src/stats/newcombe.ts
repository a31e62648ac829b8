/**
 * Newcombe hybrid score interval for a difference of proportions p1 - p2
 * (treated minus comparison).
 *
 * Formula: with Wilson score intervals (l1, u1) for p1 = x1/n1 and (l2, u2) for p2 = x2/n2
 * (no continuity correction) and d = p1 - p2,
 *
 *   lower = d - sqrt((p1 - l1)² + (u2 - p2)²),   upper = d + sqrt((u1 - p1)² + (p2 - l2)²).
 *
 * Always within [-1, 1], never degenerate when x = 0 or x = n in either group.
 *
 * Reference: Newcombe (1998) "Interval estimation for the difference between independent
 * proportions: comparison of eleven methods", Stat Med 17:873-890, method 10. Base R has no
 * function; the tests pin the formula in R built on `prop.test(x, n, correct = FALSE)$conf.int`,
 * and Newcombe's own Table II.
 *
 * Preconditions: counts are non-negative integers with x1 <= n1 and x2 <= n2; 0 < level < 1
 * (else RangeError). n1 = 0 or n2 = 0 gives null estimate and bounds with a reason.
 *
 * @example
 * newcombe(56, 70, 48, 80); // { estimate: 0.20000000000000007, ci_low: 0.052431472402365065, ci_high: 0.3338726540369059, method: 'newcombe' }
 */
import type { Estimate } from './types.js';
import { checkTwoGroups } from './validate.js';
import { wilson } from './wilson.js';

export function newcombe(x1: number, n1: number, x2: number, n2: number, level = 0.95): Estimate {
  const early = checkTwoGroups(x1, n1, x2, n2, level, 'newcombe');
  if (early) return early;
  const w1 = wilson(x1, n1, level);
  const w2 = wilson(x2, n2, level);
  // Both groups are non-empty, so the Wilson results are fully numeric.
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const l1 = w1.ci_low as number;
  const u1 = w1.ci_high as number;
  const l2 = w2.ci_low as number;
  const u2 = w2.ci_high as number;
  const d = p1 - p2;
  return {
    estimate: d,
    ci_low: d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
    ci_high: d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2),
    method: 'newcombe',
  };
}

