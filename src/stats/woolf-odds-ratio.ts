/**
 * Odds ratio (treated over comparison) with the Woolf log interval.
 *
 * Formula: with the table a = x1, b = n1 - x1 (treated events, non-events), c = x2,
 * d = n2 - x2 (comparison), OR = ad / bc; the standard error of log OR is
 * sqrt(1/a + 1/b + 1/c + 1/d), and the interval is exp(log OR ± z·SE).
 *
 * Reference: Woolf (1955) Ann Hum Genet 19:251-253; epitools
 * `oddsratio.wald(matrix(c(n2 - x2, n1 - x1, x2, x1), 2))$measure[2, ]` gives the same numbers.
 *
 * Preconditions: counts are non-negative integers with x1 <= n1 and x2 <= n2; 0 < level < 1
 * (else RangeError).
 * Degenerate: any zero cell makes the standard error infinite. No 0.5 is added behind the
 * caller's back: the interval is null with a reason naming the empty cell(s), and the estimate
 * is 0 when only a or d is zero, null when b or c is zero (unbounded) — use
 * {@link exactOddsRatio} for tables with zero cells. An empty group gives all null.
 *
 * @example
 * woolfOddsRatio(30, 100, 20, 100); // { estimate: 1.7142857142857142, ci_low: 0.8945793467266198, ci_high: 3.2850920613777155, method: 'woolf-log' }
 */
import type { Estimate } from './types.js';
import { normalCritical, zeroCellReason, checkTwoGroups } from './validate.js';

const METHOD = 'woolf-log';

export function woolfOddsRatio(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  level = 0.95,
): Estimate {
  const early = checkTwoGroups(x1, n1, x2, n2, level, METHOD);
  if (early) return early;
  const a = x1;
  const b = n1 - x1;
  const c = x2;
  const d = n2 - x2;
  const zero = zeroCellReason(x1, n1, x2, n2);
  if (zero !== undefined) {
    const bounded = b * c > 0;
    return {
      estimate: bounded ? (a * d) / (b * c) : null,
      ci_low: null,
      ci_high: null,
      method: METHOD,
      reason:
        `${zero}: a zero cell makes the Woolf interval undefined` +
        (bounded ? '' : ' and the odds ratio unbounded or undefined') +
        ' (no continuity correction is applied; the conditional exact method handles zero cells)',
    };
  }
  const or = (a * d) / (b * c);
  const se = Math.sqrt(1 / a + 1 / b + 1 / c + 1 / d);
  const width = normalCritical(level) * se;
  const logOr = Math.log(or);
  return {
    estimate: or,
    ci_low: Math.exp(logOr - width),
    ci_high: Math.exp(logOr + width),
    method: METHOD,
  };
}
