/**
 * Conditional maximum-likelihood odds ratio (treated over comparison) with the exact
 * conditional interval, as R's `fisher.test`.
 *
 * Formula: conditioning on all margins, the first cell follows Fisher's noncentral
 * hypergeometric distribution with parameter ψ (see {@link conditionalHypergeometric}).
 * - Estimate: the ψ solving E[X | ψ] = x1 (the conditional MLE); 0 when x1 is the smallest
 *   possible value, unbounded when it is the largest.
 * - Interval: lower = the ψ with P(X >= x1 | ψ) = α/2, upper = the ψ with P(X <= x1 | ψ) = α/2,
 *   α = 1 - level (0 and unbounded at the edges of the support).
 * Roots are found exactly as R does: Brent's method ({@link uniroot}) on ψ in [0, 1] or on 1/ψ
 * in [eps, 1], with R's default tolerance, so the printed digits agree with R's.
 *
 * Reference: Cornfield (1956); Agresti (2013) §16.6; R
 * `fisher.test(matrix(c(x1, x2, n1 - x1, n2 - x2), 2))` `$estimate` and `$conf.int`.
 *
 * Preconditions: counts are non-negative integers with x1 <= n1 and x2 <= n2; 0 < level < 1
 * (else RangeError).
 * Degenerate: an empty group, or a table with no events (or only events), carries no
 * information about the odds ratio: everything null with a reason. When the estimate or upper
 * bound is unbounded (x1 at the top of its support: a zero in b = n1 - x1 or c = x2) those are
 * null with a reason; R would print Inf.
 *
 * @example
 * exactOddsRatio(3, 4, 1, 4); // { estimate: 6.4083088670058, ci_low: 0.2117329153055029, ci_high: 621.9337505454162, method: 'conditional-exact' }
 */
import { conditionalHypergeometric } from './conditional-hypergeometric.js';
import type { Estimate } from './types.js';
import { nullEstimate, checkTwoGroups } from './validate.js';
import { uniroot } from './zeroin.js';

const METHOD = 'conditional-exact';

export function exactOddsRatio(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  level = 0.95,
): Estimate {
  const early = checkTwoGroups(x1, n1, x2, n2, level, METHOD);
  if (early) return early;
  const h = conditionalHypergeometric(x1, n1, x2, n2);
  const { lo, hi, x } = h;
  if (lo === hi) {
    return nullEstimate(
      METHOD,
      x1 + x2 === 0
        ? 'no events in either group: the odds ratio is undefined'
        : 'everyone in both groups had the event: the odds ratio is undefined',
    );
  }
  const eps = Number.EPSILON;

  // Conditional MLE: solve E[X | psi] = x.
  let estimate: number;
  if (x === lo) estimate = 0;
  else if (x === hi) estimate = Infinity;
  else {
    const mu = h.mean(1);
    if (mu > x) estimate = uniroot((t) => h.mean(t) - x, 0, 1);
    else if (mu < x) estimate = 1 / uniroot((t) => h.mean(1 / t) - x, eps, 1);
    else estimate = 1;
  }

  const alpha = (1 - level) / 2;
  let low: number;
  if (x === lo) low = 0;
  else {
    const p = h.cdf(x, 1, true);
    if (p > alpha) low = uniroot((t) => h.cdf(x, t, true) - alpha, 0, 1);
    else if (p < alpha) low = 1 / uniroot((t) => h.cdf(x, 1 / t, true) - alpha, eps, 1);
    else low = 1;
  }
  let high: number;
  if (x === hi) high = Infinity;
  else {
    const p = h.cdf(x, 1);
    if (p < alpha) high = uniroot((t) => h.cdf(x, t) - alpha, 0, 1);
    else if (p > alpha) high = 1 / uniroot((t) => h.cdf(x, 1 / t) - alpha, eps, 1);
    else high = 1;
  }

  if (x === hi) {
    return {
      estimate: null,
      ci_low: low,
      ci_high: null,
      method: METHOD,
      reason:
        'the treated cell is at the top of its possible range (no non-events among the treated or no events among the comparison group): the odds ratio and its upper bound are unbounded',
    };
  }
  return { estimate, ci_low: low, ci_high: high, method: METHOD };
}
