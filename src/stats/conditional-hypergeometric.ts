/**
 * The conditional distribution of a 2x2 table's first cell given all four margins: Fisher's
 * noncentral hypergeometric distribution with odds ratio ψ (ψ = 1 is the central case).
 *
 * Formula: for the table [[x1, n1 - x1], [x2, n2 - x2]] let m = x1 + x2 (events),
 * n = n1 + n2 - m (non-events), k = n1. The first cell X ranges over lo = max(0, k - n) ...
 * hi = min(k, m), and
 *
 *   P(X = u | ψ) ∝ dhyper(u; m, n, k) · ψ^u,
 *
 * normalised over the support. This is exactly the `dnhyper` / `mnhyper` / `pnhyper` trio inside
 * R's `fisher.test` (computed on the log scale and rescaled by the maximum before exponentiating),
 * including its special cases ψ = 0 (all mass at lo) and ψ = ∞ (all mass at hi).
 *
 * Reference: Fisher (1935); Agresti (2013) Categorical Data Analysis, 3rd ed., §16.6.4;
 * R source `stats::fisher.test`.
 *
 * Preconditions: the counts form a valid table (checked by the callers).
 *
 * @example
 * const h = conditionalHypergeometric(3, 4, 1, 4);
 * [h.lo, h.hi, h.x];                                  // [0, 4, 3]
 * h.cdf(3, 1, true);                                  // 0.24285714285714302 — R: phyper(2, 4, 4, 4, lower.tail = FALSE) = 0.242857142857143
 */
import { hypergeometric } from './dists.js';

export interface ConditionalHypergeometric {
  /** Smallest possible first cell given the margins. */
  lo: number;
  /** Largest possible first cell given the margins. */
  hi: number;
  /** The observed first cell (x1). */
  x: number;
  /** Probabilities of lo, lo + 1, ..., hi at odds ratio ncp (0 < ncp < ∞). */
  density(ncp: number): Float64Array;
  /** E[X | ψ = ncp]. */
  mean(ncp: number): number;
  /** P(X <= q | ψ = ncp), or P(X >= q) when upperTail is true. */
  cdf(q: number, ncp: number, upperTail?: boolean): number;
}

export function conditionalHypergeometric(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
): ConditionalHypergeometric {
  const m = x1 + x2;
  const n = n1 - x1 + (n2 - x2);
  const k = n1;
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  const size = hi - lo + 1;
  const logdc = new Float64Array(size);
  for (let i = 0; i < size; i++) logdc[i] = hypergeometric.logpmf(lo + i, m + n, m, k);

  function density(ncp: number): Float64Array {
    const logNcp = Math.log(ncp);
    const d = new Float64Array(size);
    let max = -Infinity;
    for (let i = 0; i < size; i++) {
      d[i] = logdc[i] + logNcp * (lo + i);
      if (d[i] > max) max = d[i];
    }
    let total = 0;
    for (let i = 0; i < size; i++) {
      d[i] = Math.exp(d[i] - max);
      total += d[i];
    }
    for (let i = 0; i < size; i++) d[i] /= total;
    return d;
  }

  function mean(ncp: number): number {
    if (ncp === 0) return lo;
    if (ncp === Infinity) return hi;
    const d = density(ncp);
    let mu = 0;
    for (let i = 0; i < size; i++) mu += (lo + i) * d[i];
    return mu;
  }

  function cdf(q: number, ncp: number, upperTail = false): number {
    if (ncp === 0) return (upperTail ? q <= lo : q >= lo) ? 1 : 0;
    if (ncp === Infinity) return (upperTail ? q <= hi : q >= hi) ? 1 : 0;
    const d = density(ncp);
    let total = 0;
    for (let i = 0; i < size; i++) {
      const u = lo + i;
      if (upperTail ? u >= q : u <= q) total += d[i];
    }
    return total;
  }

  return { lo, hi, x: x1, density, mean, cdf };
}
