/**
 * Exact binomial test of H0: P(success) = p0, two-sided.
 *
 * Formula: the two-sided p-value sums the probabilities of all outcomes no more probable than
 * the observed x under Binomial(n, p0), with R's relative tolerance 1 + 1e-7 for ties:
 * with d = P(X = x) and m = n·p0, if x < m it is P(X <= x) + P(X > n - y) where y counts the
 * outcomes i >= ceil(m) with P(i) <= d(1 + 1e-7); if x > m it is P(X < y) + P(X >= x) where y
 * counts the outcomes i <= floor(m) with P(i) <= d(1 + 1e-7); if x = m it is 1. Tails come from
 * the regularised incomplete beta function, so small p-values keep their relative accuracy.
 * The pmf is monotone on each side of m, so y is found by bisection (as SciPy's binomtest does),
 * not by R's loop over every outcome; a property test checks the two give the same count.
 * `statistic` is x, as in R.
 *
 * Reference: R `binom.test(x, n, p0)$p.value` (used by `poisson.test` for the rate ratio).
 *
 * Preconditions: x, n non-negative integers, x <= n; 0 <= p0 <= 1 (else RangeError).
 * Degenerate: n = 0 gives p null with a reason.
 *
 * @example
 * binomialTest(7, 20, 0.5); // { name: 'binomial-exact', statistic: 7, p_value: 0.26317596435546875 }
 */
import { beta } from './dists.js';
import { binomial } from './dists.js';
import type { TestResult } from './types.js';
import { assertSuccesses } from './validate.js';

const NAME = 'binomial-exact';
const REL_ERR = 1 + 1e-7;

export function binomialTest(x: number, n: number, p0 = 0.5): TestResult {
  assertSuccesses(x, n);
  if (typeof p0 !== 'number' || !(p0 >= 0 && p0 <= 1)) {
    throw new RangeError(`p0 must be a probability in [0, 1]; got ${String(p0)}`);
  }
  if (n === 0) {
    return { name: NAME, statistic: null, p_value: null, reason: 'no trials (n = 0)' };
  }
  let p: number;
  if (p0 === 0) p = x === 0 ? 1 : 0;
  else if (p0 === 1) p = x === n ? 1 : 0;
  else {
    const pmf = (i: number): number => binomial.pmf(i, n, p0);
    /** P(X <= k) */
    const lower = (k: number): number => (k < 0 ? 0 : k >= n ? 1 : binomial.cdf(k, n, p0));
    /** P(X > k) */
    const upper = (k: number): number => (k < 0 ? 1 : k >= n ? 0 : beta.cdf(p0, k + 1, n - k));
    const d = pmf(x) * REL_ERR;
    const m = n * p0;
    if (x === m) p = 1;
    else if (x < m) {
      // pmf does not increase on [ceil(m), n] (pmf(i+1)/pmf(i) <= 1 for i >= m + p0 - 1), so the
      // outcomes there with pmf <= d are a suffix: its first index by bisection, O(log n) pmf
      // calls where R's loop makes n - m (hundreds of thousands for a rate ratio at 1M people)
      const first = firstIndex(Math.ceil(m), n + 1, (i) => pmf(i) <= d);
      p = lower(x) + upper(n - (n + 1 - first));
    } else {
      // pmf does not decrease on [0, floor(m)]: the outcomes with pmf <= d are a prefix
      const y = firstIndex(0, Math.floor(m) + 1, (i) => !(pmf(i) <= d));
      p = lower(y - 1) + upper(x - 1);
    }
  }
  return { name: NAME, statistic: x, p_value: Math.min(1, p) };
}

/** The first i in [lo, hi) where `holds` is true (it is false before and true from there on), or hi. */
function firstIndex(lo: number, hi: number, holds: (i: number) => boolean): number {
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (holds(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
