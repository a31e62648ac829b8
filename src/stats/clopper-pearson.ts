/**
 * Clopper-Pearson "exact" interval for one proportion x/n.
 *
 * Formula: the bounds invert two one-sided binomial tests, which is the same as taking beta
 * quantiles: lower = Beta quantile at α/2 with shape (x, n - x + 1), upper = Beta quantile at
 * 1 - α/2 with shape (x + 1, n - x), where α = 1 - level. By convention lower = 0 when x = 0
 * and upper = 1 when x = n.
 *
 * Reference: Clopper & Pearson (1934) Biometrika 26:404-413; R `binom.test(x, n)$conf.int`.
 *
 * Preconditions: x, n non-negative integers, x <= n; 0 < level < 1 (else RangeError).
 * n = 0 gives null estimate and bounds with a reason.
 *
 * @example
 * clopperPearson(12, 40); // { estimate: 0.3, ci_low: 0.16562720439323564, ci_high: 0.4653162852541234, method: 'clopper-pearson' }
 */
import { beta } from './dists.js';
import type { Estimate } from './types.js';
import { assertLevel, assertSuccesses, nullEstimate } from './validate.js';

export function clopperPearson(x: number, n: number, level = 0.95): Estimate {
  assertSuccesses(x, n);
  assertLevel(level);
  if (n === 0) {
    return nullEstimate(
      'clopper-pearson',
      'no observations (n = 0): the proportion cannot be estimated',
    );
  }
  const alpha = (1 - level) / 2;
  const low = x === 0 ? 0 : beta.quantile(alpha, x, n - x + 1);
  const high = x === n ? 1 : beta.quantile(1 - alpha, x + 1, n - x);
  return { estimate: x / n, ci_low: low, ci_high: high, method: 'clopper-pearson' };
}
