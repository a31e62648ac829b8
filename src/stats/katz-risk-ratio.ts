/**
 * Risk ratio (p1 / p2, treated over comparison) with the Katz log interval.
 *
 * Formula: RR = (x1/n1) / (x2/n2); on the log scale the standard error is
 * sqrt(1/x1 - 1/n1 + 1/x2 - 1/n2), and the interval is exp(log RR ± z·SE).
 *
 * Reference: Katz, Baptista, Azen & Pike (1978) Biometrics 34:469-474; epitools
 * `riskratio.wald(matrix(c(n2 - x2, n1 - x1, x2, x1), 2))$measure[2, ]` (rows: comparison then
 * treated; columns: no event, event) gives the same numbers.
 *
 * Preconditions: counts are non-negative integers with x1 <= n1 and x2 <= n2; 0 < level < 1
 * (else RangeError).
 * Degenerate (null with a reason, never a continuity correction):
 * - an empty group: everything null;
 * - x2 = 0: the ratio is unbounded (or 0/0), so estimate and interval are null;
 * - x1 = 0 (x2 > 0): estimate 0, interval null (log 0 is undefined);
 * - everyone in both groups had the event: estimate 1, interval null (zero standard error).
 *
 * @example
 * katzRiskRatio(30, 100, 20, 100); // { estimate: 1.4999999999999998, ci_low: 0.9159608293223659, ci_high: 2.456436921723568, method: 'katz-log' }
 */
import type { Estimate } from './types.js';
import { normalCritical, nullEstimate, checkTwoGroups } from './validate.js';

const METHOD = 'katz-log';

export function katzRiskRatio(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  level = 0.95,
): Estimate {
  const early = checkTwoGroups(x1, n1, x2, n2, level, METHOD);
  if (early) return early;
  if (x2 === 0) {
    return nullEstimate(
      METHOD,
      x1 === 0
        ? 'no events in either group: the risk ratio is undefined'
        : 'no events in the comparison group: the risk ratio is unbounded',
    );
  }
  if (x1 === 0) {
    return {
      estimate: 0,
      ci_low: null,
      ci_high: null,
      method: METHOD,
      reason: 'no events in the treated group: the risk ratio is 0 and its log-scale interval is undefined',
    };
  }
  const rr = x1 / n1 / (x2 / n2);
  const se = Math.sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2);
  if (!(se > 0)) {
    return {
      estimate: rr,
      ci_low: null,
      ci_high: null,
      method: METHOD,
      reason: 'everyone in both groups had the event: the log standard error is zero',
    };
  }
  const width = normalCritical(level) * se;
  const logRr = Math.log(rr);
  return {
    estimate: rr,
    ci_low: Math.exp(logRr - width),
    ci_high: Math.exp(logRr + width),
    method: METHOD,
  };
}
