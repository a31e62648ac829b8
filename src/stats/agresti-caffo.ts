/**
 * Agresti-Caffo interval for a difference of proportions p1 - p2 (treated minus comparison):
 * the Wald interval after adding one success and one failure to each group.
 *
 * Formula: p̃i = (xi + 1)/(ni + 2); interval (p̃1 - p̃2) ± z·sqrt(p̃1(1-p̃1)/(n1+2) +
 * p̃2(1-p̃2)/(n2+2)), truncated to [-1, 1]. The point estimate reported is the sample
 * difference x1/n1 - x2/n2; because the interval is centred on p̃1 - p̃2 it can, in very small
 * groups at low confidence levels, fail to contain it (e.g. 1/4 - 0/1 at 50%). Neither it nor
 * the Wald interval is monotone in x1; Newcombe's is.
 *
 * Reference: Agresti & Caffo (2000) The American Statistician 54:280-288. Base R has no
 * function; the tests pin values from the formula written out in R (test/stats/r/differences.R).
 *
 * Preconditions: counts are non-negative integers with x1 <= n1 and x2 <= n2; 0 < level < 1
 * (else RangeError). An empty group gives null estimate and bounds with a reason (the added
 * pseudo-counts would otherwise make up an interval from no data).
 *
 * @example
 * agrestiCaffo(56, 70, 48, 80); // { estimate: 0.20000000000000007, ci_low: 0.052452926638053704, ci_high: 0.33575845547576744, method: 'agresti-caffo' }
 */
import type { Estimate } from './types.js';
import { normalCritical, checkTwoGroups } from './validate.js';

export function agrestiCaffo(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  level = 0.95,
): Estimate {
  const early = checkTwoGroups(x1, n1, x2, n2, level, 'agresti-caffo');
  if (early) return early;
  const q1 = (x1 + 1) / (n1 + 2);
  const q2 = (x2 + 1) / (n2 + 2);
  const centre = q1 - q2;
  const se = Math.sqrt((q1 * (1 - q1)) / (n1 + 2) + (q2 * (1 - q2)) / (n2 + 2));
  const width = normalCritical(level) * se;
  return {
    estimate: x1 / n1 - x2 / n2,
    ci_low: Math.max(centre - width, -1),
    ci_high: Math.min(centre + width, 1),
    method: 'agresti-caffo',
  };
}
