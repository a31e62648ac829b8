/**
 * McNemar's test of a change in a paired proportion (the same people measured twice).
 *
 * **Formula, in words.** The paired 2x2 table counts people by their outcome at the first and
 * at the second measurement: a = yes/yes, b = yes/no, c = no/yes, d = no/no. Only the discordant
 * people (b and c) carry information about a change. Under H0 (no change) each discordant person
 * is equally likely to be a b or a c.
 * - Chi-square version, without continuity correction: X² = (b - c)² / (b + c) on 1 degree of
 *   freedom; p = P(χ²₁ >= X²) = 2·Φ(-|b - c| / √(b + c)).
 * - Exact version: the two-sided binomial test of b successes in b + c trials with p = 1/2.
 * {@link mcnemarTest} uses the exact version when b + c < `exactBelow` (default 25, the usual
 * rule: the chi-square approximation is poor with few discordant pairs) and names the test used.
 *
 * **Reference.** McNemar (1947), Psychometrika 12:153-157; Agresti (2013) §11.1. R
 * `mcnemar.test(matrix(c(a, c, b, d), 2), correct = FALSE)` `$statistic`, `$p.value`, and
 * `binom.test(b, b + c, 0.5)$p.value` (pinned in test/stats/r/mcnemar.R).
 *
 * **Preconditions.** b, c non-negative integers (else RangeError).
 * **Degenerate.** b + c = 0 (no discordant people): statistic and p null with a reason (R gives NaN).
 *
 * @example
 * mcnemarChiSquare(25, 12); // { name: 'mcnemar-chi-square', statistic: 4.5675675675675675, p_value: 0.03258279838561276 }
 * // R: mcnemar.test(matrix(c(10, 12, 25, 10), 2), correct = FALSE) gives 4.5675675675675675 and 0.032582798385612698
 * mcnemarTest(7, 1).name; // 'mcnemar-exact-binomial' — 8 discordant < 25
 */
import { binomialTest } from './binomial-test.js';
import { normal } from './dists.js';
import type { TestResult } from './types.js';

const NO_DISCORDANT = 'nobody changed between the two measurements (no discordant pairs: b + c = 0)';

function checkCounts(b: number, c: number): void {
  for (const [name, v] of [['b', b], ['c', c]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer; got ${String(v)}`);
  }
}

/** McNemar's chi-square without continuity correction (see the module comment). */
export function mcnemarChiSquare(b: number, c: number): TestResult {
  checkCounts(b, c);
  const name = 'mcnemar-chi-square';
  if (b + c === 0) return { name, statistic: null, p_value: null, reason: NO_DISCORDANT };
  const statistic = ((b - c) * (b - c)) / (b + c);
  return { name, statistic, p_value: Math.min(1, 2 * normal.cdf(-Math.abs(b - c) / Math.sqrt(b + c), 0, 1)) };
}

/** McNemar's exact test: two-sided binomial test of b in b + c with p = 1/2; statistic = b. */
export function mcnemarExact(b: number, c: number): TestResult {
  checkCounts(b, c);
  const name = 'mcnemar-exact-binomial';
  if (b + c === 0) return { name, statistic: null, p_value: null, reason: NO_DISCORDANT };
  const t = binomialTest(b, b + c, 0.5);
  return { name, statistic: b, p_value: t.p_value };
}

/**
 * McNemar's test, exact when the discordant count b + c is below `exactBelow` (default 25),
 * chi-square without continuity correction otherwise.
 */
export function mcnemarTest(b: number, c: number, exactBelow = 25): TestResult {
  checkCounts(b, c);
  return b + c < exactBelow ? mcnemarExact(b, c) : mcnemarChiSquare(b, c);
}
