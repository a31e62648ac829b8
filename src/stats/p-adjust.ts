/**
 * Adjust p-values for multiple comparisons.
 *
 * Formula, for m p-values:
 * - `holm` (default in `desist batch`): sort ascending p(1) <= ... <= p(m); adjusted p(i) =
 *   min(1, max_{j<=i} (m - j + 1)·p(j)). Controls the family-wise error rate.
 * - `BH` (Benjamini-Hochberg): sort descending; adjusted p(i) = min(1, min_{j>=i} m/j · p(j)).
 *   Controls the false discovery rate.
 * - `hochberg` (Hochberg's step-up): sort descending; adjusted p(i) = min(1, min_{j>=i} (m - j + 1)·p(j)).
 *   Controls the family-wise error rate under independence or positive dependence; never
 *   larger than Holm.
 * - `bonferroni`: min(1, m·p).
 * - `none`: unchanged.
 * Results are returned in the input order; ties are handled as R does (stable order).
 *
 * Reference: Holm (1979) Scand J Stat 6:65-70; Hochberg (1988) Biometrika 75:800-802; Benjamini & Hochberg (1995) JRSS-B 57:289-300;
 * R `p.adjust(p, method)`.
 *
 * Preconditions: every p is a number in [0, 1] (else RangeError; R would pass NA through);
 * method one of 'holm' | 'hochberg' | 'BH' | 'bonferroni' | 'none'. An empty array returns [].
 *
 * @example
 * pAdjust([0.01, 0.04, 0.03, 0.2], 'holm');   // [0.04, 0.09, 0.09, 0.2]
 * pAdjust([0.01, 0.04, 0.03, 0.2], 'BH');     // [0.04, 0.05333333333333333, 0.05333333333333333, 0.2]
 * pAdjust([0.01, 0.04, 0.03, 0.2], 'hochberg'); // [0.04, 0.08, 0.08, 0.2]
 */

export const P_ADJUST_METHODS = ['holm', 'hochberg', 'BH', 'bonferroni', 'none'] as const;

export type PAdjustMethod = (typeof P_ADJUST_METHODS)[number];

export function pAdjust(p: readonly number[], method: PAdjustMethod = 'holm'): number[] {
  if (!(P_ADJUST_METHODS as readonly string[]).includes(method)) {
    throw new RangeError(
      `unknown p-value adjustment '${String(method)}'; use one of ${P_ADJUST_METHODS.join(', ')}`,
    );
  }
  p.forEach((v, i) => {
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new RangeError(`p[${i}] must be a p-value in [0, 1]; got ${String(v)}`);
    }
  });
  const m = p.length;
  switch (method) {
    case 'none':
      return [...p];
    case 'bonferroni':
      return p.map((v) => Math.min(1, m * v));
    case 'holm': {
      const order = stableOrder(p, 1);
      const out = new Array<number>(m);
      let running = 0;
      order.forEach((idx, i) => {
        running = Math.max(running, (m - i) * p[idx]);
        out[idx] = Math.min(1, running);
      });
      return out;
    }
    case 'hochberg': {
      const order = stableOrder(p, -1);
      const out = new Array<number>(m);
      let running = Infinity;
      order.forEach((idx, k) => {
        // descending order: the k-th largest p has rank m - k, multiplier m - rank + 1 = k + 1
        running = Math.min(running, (k + 1) * p[idx]);
        out[idx] = Math.min(1, running);
      });
      return out;
    }
    case 'BH': {
      const order = stableOrder(p, -1);
      const out = new Array<number>(m);
      let running = Infinity;
      order.forEach((idx, k) => {
        const rank = m - k; // descending order: the largest p has rank m
        running = Math.min(running, (m / rank) * p[idx]);
        out[idx] = Math.min(1, running);
      });
      return out;
    }
  }
}

/** Indices sorted by p, ascending (direction 1) or descending (-1), ties in input order. */
function stableOrder(p: readonly number[], direction: 1 | -1): number[] {
  return p.map((_, i) => i).sort((a, b) => direction * (p[a] - p[b]) || a - b);
}
