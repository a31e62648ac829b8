/**
 * Agresti-Coull ("add z²/2 successes and z²/2 failures") interval for one proportion x/n.
 *
 * Formula: ñ = n + z², p̃ = (x + z²/2) / ñ, interval p̃ ± z·sqrt(p̃(1 - p̃)/ñ), truncated to
 * [0, 1]; z is the two-sided normal critical value for `level`. The point estimate reported is
 * the sample proportion x/n (the interval is centred on p̃, and always contains x/n).
 *
 * Reference: Agresti & Coull (1998) The American Statistician 52:119-126; Brown, Cai &
 * DasGupta (2001) eq. 4. Base R has no function for it; the tests pin values from the formula
 * written out in R (test/stats/r/proportions.R).
 *
 * Preconditions: x, n non-negative integers, x <= n; 0 < level < 1 (else RangeError).
 * n = 0 gives null estimate and bounds with a reason.
 *
 * @example
 * agrestiCoull(12, 40); // { estimate: 0.3, ci_low: 0.17972798102935197, ci_high: 0.4553206594495628, method: 'agresti-coull' }
 */
import type { Estimate } from './types.js';
import { assertLevel, assertSuccesses, normalCritical, nullEstimate } from './validate.js';

export function agrestiCoull(x: number, n: number, level = 0.95): Estimate {
  assertSuccesses(x, n);
  assertLevel(level);
  if (n === 0) {
    return nullEstimate(
      'agresti-coull',
      'no observations (n = 0): the proportion cannot be estimated',
    );
  }
  const z = normalCritical(level);
  const z2 = z * z;
  const nTilde = n + z2;
  const pTilde = (x + z2 / 2) / nTilde;
  const half = z * Math.sqrt((pTilde * (1 - pTilde)) / nTilde);
  return {
    estimate: x / n,
    ci_low: Math.max(0, pTilde - half),
    ci_high: Math.min(1, pTilde + half),
    method: 'agresti-coull',
  };
}
