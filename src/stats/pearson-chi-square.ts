/**
 * Pearson chi-square test of independence for the 2x2 table of treated/comparison by
 * event/no event, without continuity correction.
 *
 * Formula: with observed counts O = [[x1, n1 - x1], [x2, n2 - x2]] and expected counts
 * E = row total × column total / N, X² = Σ (O - E)² / E on 1 degree of freedom;
 * p = P(χ²₁ >= X²), computed as 2·Φ(-√X²) (the same quantity, accurate far into the tail).
 * X² equals the square of the two-proportion z statistic with pooled variance.
 *
 * Reference: Pearson (1900); Agresti (2013) §3.2; R
 * `chisq.test(matrix(c(x1, x2, n1 - x1, n2 - x2), 2), correct = FALSE)` `$statistic`, `$p.value`.
 *
 * Preconditions: counts are non-negative integers with x1 <= n1 and x2 <= n2 (else RangeError).
 * Degenerate: an empty group, or no events (or only events) in both groups together, leaves an
 * expected count of zero: statistic and p are null with a reason (R returns NaN).
 * The approximation is poor when expected counts are below 5: {@link twoProportionTest}
 * switches to Fisher's exact test then.
 *
 * @example
 * pearsonChiSquare(30, 100, 20, 100); // { name: 'pearson-chi-square', statistic: 2.6666666666666665, p_value: 0.10247043485974944 }
 */
import { normal } from './dists.js';
import type { TestResult } from './types.js';
import { assertSuccesses, emptyGroupReason } from './validate.js';

const NAME = 'pearson-chi-square';

export function pearsonChiSquare(x1: number, n1: number, x2: number, n2: number): TestResult {
  assertSuccesses(x1, n1, 'x1', 'n1');
  assertSuccesses(x2, n2, 'x2', 'n2');
  const empty = emptyGroupReason(n1, n2);
  if (empty) return { name: NAME, statistic: null, p_value: null, reason: empty };
  const events = x1 + x2;
  const total = n1 + n2;
  if (events === 0 || events === total) {
    return {
      name: NAME,
      statistic: null,
      p_value: null,
      reason:
        events === 0
          ? 'no events in either group: expected counts of events are zero'
          : 'everyone in both groups had the event: expected counts of non-events are zero',
    };
  }
  const observed = [x1, n1 - x1, x2, n2 - x2];
  const rows = [n1, n1, n2, n2];
  const cols = [events, total - events, events, total - events];
  let statistic = 0;
  for (let i = 0; i < 4; i++) {
    const expected = (rows[i] * cols[i]) / total;
    statistic += (observed[i] - expected) ** 2 / expected;
  }
  const p = 2 * normal.cdf(-Math.sqrt(statistic), 0, 1);
  return { name: NAME, statistic, p_value: Math.min(1, p) };
}
