/**
 * Fisher's exact test of independence in the 2x2 table of treated/comparison by event/no event,
 * two-sided.
 *
 * Formula: conditioning on all margins, the first cell x1 is hypergeometric under the null.
 * The two-sided p-value is the total probability of all tables no more probable than the one
 * observed, where "no more probable" allows a relative tolerance of 1e-7 (R's `relErr`) so that
 * tables tied in exact arithmetic are not split by rounding:
 *
 *   p = Σ { P(u) : P(u) <= P(x1) · (1 + 1e-7) }.
 *
 * Fisher's test has no test statistic; `statistic` is null (not a degenerate signal).
 *
 * Reference: Fisher (1935); Agresti (2013) §3.5; R
 * `fisher.test(matrix(c(x1, x2, n1 - x1, n2 - x2), 2))$p.value`.
 *
 * Preconditions: counts are non-negative integers with x1 <= n1 and x2 <= n2 (else RangeError).
 * Degenerate: an empty group gives p null with a reason. A table with no events (or only events)
 * has a single possible table and p = 1, as in R.
 *
 * @example
 * fisherExact(3, 4, 1, 4); // { name: 'fisher-exact', statistic: null, p_value: 0.48571428571428604 }
 */
import { conditionalHypergeometric } from './conditional-hypergeometric.js';
import type { TestResult } from './types.js';
import { assertSuccesses, emptyGroupReason } from './validate.js';

const NAME = 'fisher-exact';

/** R's relative tolerance for "as or less probable than the observed table". */
const REL_ERR = 1 + 1e-7;

export function fisherExact(x1: number, n1: number, x2: number, n2: number): TestResult {
  assertSuccesses(x1, n1, 'x1', 'n1');
  assertSuccesses(x2, n2, 'x2', 'n2');
  const empty = emptyGroupReason(n1, n2);
  if (empty) return { name: NAME, statistic: null, p_value: null, reason: empty };
  const h = conditionalHypergeometric(x1, n1, x2, n2);
  const d = h.density(1);
  const cutoff = d[h.x - h.lo] * REL_ERR;
  let p = 0;
  for (let i = 0; i < d.length; i++) if (d[i] <= cutoff) p += d[i];
  return { name: NAME, statistic: null, p_value: Math.min(1, p) };
}
