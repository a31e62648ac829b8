/**
 * The balance table: covariate means before and after matching and their standardised
 * differences, in cobalt's ATT conventions.
 *
 * **Definitions, in words.** "Before" is every unit analysed, unweighted; "after" is the matched
 * units with their matching weights (weighted means sum(w x) / sum(w)).
 * - `smd_before`, `smd_after`: difference of means (treated - comparison) over the standard
 *   deviation of the treated group in the full sample (before matching), so both use the same
 *   yardstick; for a 0/1 variable that SD is sqrt(p (1 - p)) with p the treated mean.
 * - `smd_pooled_before`, `smd_pooled_after` (Austin 2009): over sqrt((s1^2 + s0^2) / 2), the SDs of
 *   the two groups within the sample in question (weighted after matching); for 0/1 variables
 *   s^2 = p (1 - p).
 * - `variance_ratio_after`: treated over comparison variance after matching (numeric only).
 * Weighted variances use sum(w (x - m)^2) / (sum(w) - sum(w^2) / sum(w)), which is the usual
 * n - 1 variance when every weight is 1 (cobalt's `col.w.v`).
 * - `flag`: |smd_after| > 0.1.
 * A difference over a zero SD is null with a reason.
 *
 * **Reference.** Austin (2009), Stat Med 28:3083-3107; Greifer, cobalt (`bal.tab`, ATT). Pinned to
 * those formulas written out in R (test/match/r/match.R).
 */
import { createRequire } from 'node:module';

// simple-statistics is loaded when match runs, not at every start (its CommonJS build: the same code)
const require = createRequire(import.meta.url);
const stats = () => require('simple-statistics') as typeof import('simple-statistics');
const mean = (xs: number[]): number => stats().mean(xs);
const sampleVariance = (xs: number[]): number => stats().sampleVariance(xs);

export interface BalanceRow {
  covariate: string;
  binary: boolean;
  mean_treated_before: number;
  mean_comparison_before: number;
  mean_treated_after: number | null;
  mean_comparison_after: number | null;
  smd_before: number | null;
  smd_after: number | null;
  smd_pooled_before: number | null;
  smd_pooled_after: number | null;
  variance_ratio_after: number | null;
  flag: boolean | null;
  reason: string | null;
}

export const SMD_THRESHOLD = 0.1;

/** Weighted mean and variance (reliability weights) of x over units with w > 0 in `which`. */
function weighted(x: Float64Array, w: Float64Array, treat: Uint8Array, group: number): { m: number; v: number; sw: number } {
  let sw = 0;
  let swx = 0;
  let sww = 0;
  for (let i = 0; i < x.length; i++) {
    if (treat[i] !== group || !(w[i] > 0)) continue;
    sw += w[i];
    swx += w[i] * x[i];
    sww += w[i] * w[i];
  }
  const m = swx / sw;
  let ss = 0;
  for (let i = 0; i < x.length; i++) if (treat[i] === group && w[i] > 0) ss += w[i] * (x[i] - m) * (x[i] - m);
  return { m, v: ss / (sw - sww / sw), sw };
}

const ratio = (num: number, den: number) => (den > 0 && Number.isFinite(num / den) ? num / den : null);

/** One row per balance column; `weight` is the matching weight of every unit (0 = unmatched). */
export function balanceTable(names: string[], binary: boolean[], columns: Float64Array[], treat: Uint8Array, weight: Float64Array): BalanceRow[] {
  return names.map((covariate, j) => {
    const x = columns[j];
    const bin = binary[j];
    const xt: number[] = [];
    const xc: number[] = [];
    for (let i = 0; i < x.length; i++) (treat[i] === 1 ? xt : xc).push(x[i]);
    const mt = mean(xt);
    const mc = mean(xc);
    const varOf = (xs: number[], m: number) => (bin ? m * (1 - m) : xs.length > 1 ? sampleVariance(xs) : NaN);
    const vt = varOf(xt, mt);
    const vc = varOf(xc, mc);
    const sdT = Math.sqrt(vt);
    const a1 = weighted(x, weight, treat, 1);
    const a0 = weighted(x, weight, treat, 0);
    const matched = a1.sw > 0 && a0.sw > 0;
    const vta = bin ? a1.m * (1 - a1.m) : a1.v;
    const vca = bin ? a0.m * (1 - a0.m) : a0.v;
    const row: BalanceRow = {
      covariate,
      binary: bin,
      mean_treated_before: mt,
      mean_comparison_before: mc,
      mean_treated_after: matched ? a1.m : null,
      mean_comparison_after: matched ? a0.m : null,
      smd_before: ratio(mt - mc, sdT),
      smd_after: matched ? ratio(a1.m - a0.m, sdT) : null,
      smd_pooled_before: ratio(mt - mc, Math.sqrt((vt + vc) / 2)),
      smd_pooled_after: matched ? ratio(a1.m - a0.m, Math.sqrt((vta + vca) / 2)) : null,
      variance_ratio_after: matched && !bin ? ratio(vta, vca) : null,
      flag: null,
      reason: null,
    };
    row.flag = row.smd_after === null ? null : Math.abs(row.smd_after) > SMD_THRESHOLD;
    if (!matched) row.reason = 'no matched pairs';
    else if (row.smd_before === null) row.reason = 'the treated group has one value (SD 0), so the standardised difference is undefined';
    return row;
  });
}
