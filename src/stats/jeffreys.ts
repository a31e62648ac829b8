/**
 * Jeffreys interval for one proportion x/n.
 *
 * Formula: the equal-tailed credible interval of the Beta(x + 1/2, n - x + 1/2) posterior
 * (Jeffreys prior Beta(1/2, 1/2)): lower = its α/2 quantile, upper = its 1 - α/2 quantile,
 * α = 1 - level. Following Brown, Cai & DasGupta, lower is set to 0 when x = 0 and upper
 * to 1 when x = n (otherwise the interval would exclude the observed proportion).
 * The point estimate is the sample proportion x/n, not the posterior mean.
 *
 * Reference: Brown, Cai & DasGupta (2001) Statistical Science 16:101-133, section 4.1.2;
 * in R: `c(if (x == 0) 0 else qbeta(a/2, x + .5, n - x + .5),
 *          if (x == n) 1 else qbeta(1 - a/2, x + .5, n - x + .5))`.
 *
 * Preconditions: x, n non-negative integers, x <= n; 0 < level < 1 (else RangeError).
 * n = 0 gives null estimate and bounds with a reason.
 *
 * @example
 * jeffreys(12, 40); // { estimate: 0.3, ci_low: 0.1756198057418179, ci_high: 0.45215830798924045, method: 'jeffreys' }
 */
import { beta } from './dists.js';
import type { Estimate } from './types.js';
import { assertLevel, assertSuccesses, nullEstimate } from './validate.js';

export function jeffreys(x: number, n: number, level = 0.95): Estimate {
  assertSuccesses(x, n);
  assertLevel(level);
  if (n === 0) {
    return nullEstimate('jeffreys', 'no observations (n = 0): the proportion cannot be estimated');
  }
  const alpha = (1 - level) / 2;
  const low = x === 0 ? 0 : beta.quantile(alpha, x + 0.5, n - x + 0.5);
  const high = x === n ? 1 : beta.quantile(1 - alpha, x + 0.5, n - x + 0.5);
  return { estimate: x / n, ci_low: low, ci_high: high, method: 'jeffreys' };
}
