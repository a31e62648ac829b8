/**
 * Wilson score interval for one proportion x/n, without continuity correction.
 *
 * Formula: with p = x/n and z the two-sided normal critical value for `level`, the interval
 * is the set of π whose score test |p - π| / sqrt(π(1-π)/n) <= z, i.e.
 *
 *   (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n),
 *
 * with the lower bound set to exactly 0 when x = 0 and the upper to exactly 1 when x = n.
 *
 * Reference: Wilson (1927) JASA 22:209-212; Newcombe (1998) Stat Med 17:857-872, method 3;
 * R `prop.test(x, n, correct = FALSE)$conf.int`, whose arithmetic this follows term for term.
 *
 * Preconditions: x, n non-negative integers, x <= n; 0 < level < 1 (else RangeError).
 * n = 0 gives null estimate and bounds with a reason. x = 0 or x = n is fine.
 *
 * @example
 * wilson(12, 40); // { estimate: 0.3, ci_low: 0.1807484522974653, ci_high: 0.45430018818144935, method: 'wilson' }
 * wilson(0, 10); // { estimate: 0, ci_low: 0, ci_high: 0.2775327998628892, method: 'wilson' }
 */
import type { Estimate } from './types.js';
import { assertLevel, assertSuccesses, normalCritical, nullEstimate } from './validate.js';

export function wilson(x: number, n: number, level = 0.95): Estimate {
  assertSuccesses(x, n);
  assertLevel(level);
  if (n === 0) {
    return nullEstimate('wilson', 'no observations (n = 0): the proportion cannot be estimated');
  }
  const p = x / n;
  const z = normalCritical(level);
  const z22n = (z * z) / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z22n / (2 * n));
  const denom = 1 + 2 * z22n;
  const low = x === 0 ? 0 : Math.max((p + z22n - spread) / denom, 0);
  const high = x === n ? 1 : Math.min((p + z22n + spread) / denom, 1);
  return { estimate: p, ci_low: low, ci_high: high, method: 'wilson' };
}
