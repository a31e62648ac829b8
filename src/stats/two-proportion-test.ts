/**
 * Test that the treated and comparison proportions are equal, choosing the test by the
 * expected counts: Pearson chi-square without continuity correction
 * ({@link pearsonChiSquare}) when every expected count is at least 5, otherwise Fisher's exact
 * test, two-sided ({@link fisherExact}). `name` says which was used ('pearson-chi-square' or
 * 'fisher-exact'); `min_expected` is the smallest expected count that decided it.
 *
 * Formula: expected count of cell (i, j) = row total i × column total j / N; the comparison
 * with 5 is done in exact integer arithmetic (row × column < 5N), so an expected count of
 * exactly 5 uses Pearson.
 *
 * Reference: Cochran (1954) Biometrics 10:417-451 (the "expected count < 5" rule); MEASURES.md §6.
 * R: `chisq.test(m, correct = FALSE)` or `fisher.test(m)` with
 * `m = matrix(c(x1, x2, n1 - x1, n2 - x2), 2)`, choosing by `min(chisq.test(m)$expected) < 5`.
 *
 * Preconditions: counts are non-negative integers with x1 <= n1 and x2 <= n2 (else RangeError).
 * Degenerate: an empty group gives Fisher with p null and a reason (min_expected null when
 * N = 0); no events at all gives Fisher with p = 1.
 *
 * @example
 * twoProportionTest(30, 100, 20, 100); // { name: 'pearson-chi-square', statistic: 2.6666666666666665, p_value: 0.10247043485974944, min_expected: 25 }
 * twoProportionTest(3, 4, 1, 4); // { name: 'fisher-exact', statistic: null, p_value: 0.48571428571428604, min_expected: 2 }
 */
import { fisherExact } from './fisher-exact.js';
import { pearsonChiSquare } from './pearson-chi-square.js';
import type { TestResult } from './types.js';
import { assertSuccesses } from './validate.js';

export interface TwoProportionTestResult extends TestResult {
  /** Smallest expected cell count under independence; null when N = 0. */
  min_expected: number | null;
}

export function twoProportionTest(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
): TwoProportionTestResult {
  assertSuccesses(x1, n1, 'x1', 'n1');
  assertSuccesses(x2, n2, 'x2', 'n2');
  const total = n1 + n2;
  const events = x1 + x2;
  const minRow = Math.min(n1, n2);
  const minCol = Math.min(events, total - events);
  const minExpected = total === 0 ? null : (minRow * minCol) / total;
  const useFisher = total === 0 || minRow * minCol < 5 * total;
  const result = useFisher ? fisherExact(x1, n1, x2, n2) : pearsonChiSquare(x1, n1, x2, n2);
  return { ...result, min_expected: minExpected };
}
