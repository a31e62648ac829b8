/**
 * The adjusted hazard ratio of `desist compare --adjust age,sex,priors`: a Cox model (Efron ties)
 * of time to first reoffence on the treated flag and the named cohort covariates, fitted on the
 * same survival rows as the unadjusted hazard ratio (counting-process rows on the gaps clock),
 * with Wald intervals and Harrell's concordance of its linear predictor.
 *
 * **Covariates.** A cohort column whose non-empty values all read as finite numbers is numeric
 * (one term, per unit). Any other column is categorical: its levels sorted by code unit, the
 * first is the **reference level** (as R's `factor()` for ASCII labels) and every other level gets
 * a 0/1 term named `column=level`. People with an empty value in any named covariate are left out
 * of the adjusted model only (complete cases, as R's `na.omit`), and counted.
 *
 * Pinned to R `coxph(Surv(start, stop, event) ~ group + age + sex)` and `concordance()` in
 * test/compare/adjusted.test.ts (values from test/stats/r/counting-process.R).
 *
 * @example
 * const d = covariateDesign([['34', 'M'], ['27', 'F'], ['', 'F']], ['age', 'sex']);
 * d.terms; // ['age', 'sex=M']
 * d.reference; // { sex: 'F' }
 * d.rows; // [[34, 1], [27, 0], null]
 */
import { coxPH } from '../stats/cox.js';
import { concordance } from '../stats/concordance.js';
import type { EffectEstimate } from './proportions.js';

export interface CovariateDesign {
  /** Term names, in column order: `age`, `sex=M`, `sex=X`. */
  terms: string[];
  /** Reference level of each categorical column. */
  reference: Record<string, string>;
  /** Kind of each column. */
  kinds: Record<string, 'numeric' | 'categorical'>;
  /** One row of term values per person, null when a value is missing. */
  rows: (number[] | null)[];
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The design matrix of the named covariates from raw values (values[person][column]). */
export function covariateDesign(values: string[][], columns: string[]): CovariateDesign {
  const terms: string[] = [];
  const reference: Record<string, string> = {};
  const kinds: Record<string, 'numeric' | 'categorical'> = {};
  const encoders: ((v: string) => number[])[] = [];
  columns.forEach((col, c) => {
    const seen = values.map((r) => r[c].trim()).filter((v) => v !== '');
    if (seen.every((v) => NUMBER.test(v))) {
      kinds[col] = 'numeric';
      terms.push(col);
      encoders.push((v) => [Number(v)]);
      return;
    }
    kinds[col] = 'categorical';
    const levels = [...new Set(seen)].sort(byCode);
    reference[col] = levels[0];
    const rest = levels.slice(1);
    terms.push(...rest.map((l) => `${col}=${l}`));
    encoders.push((v) => rest.map((l) => (v === l ? 1 : 0)));
  });
  const rows = values.map((r) => {
    if (r.some((v) => v.trim() === '')) return null;
    return r.flatMap((v, c) => encoders[c](v.trim()));
  });
  return { terms, reference, kinds, rows };
}

export interface AdjustedTerm extends EffectEstimate {
  coef: number | null;
  se: number | null;
  p_value: number | null;
}

export interface AdjustedHazardRatio {
  covariates: string;
  /** `sex=F; ecog=0`: the reference level of each categorical covariate. */
  reference_levels: string;
  /** People (and rows, on the gaps clock) in the model after leaving out missing values. */
  n: number;
  events: number;
  excluded_missing: number;
  hazard_ratio: EffectEstimate & { p_value: number | null; p_value_test: string };
  /** Every other term's hazard ratio, keyed by term name. */
  terms: Record<string, AdjustedTerm>;
  concordance: number | null;
  concordance_method: string;
  reason?: string;
}

/**
 * Fit the adjusted model. `treated[i]` is 1/0 per survival row, `person[i]` the person of the row,
 * `design` the covariate rows by person.
 */
export function adjustedHazardRatio(
  rows: { entry?: ArrayLike<number>; stop: ArrayLike<number>; event: ArrayLike<number>; treated: ArrayLike<number>; person: ArrayLike<number> },
  design: CovariateDesign,
  columns: string[],
  level: number,
): AdjustedHazardRatio {
  const keep: number[] = [];
  const people = new Set<number>();
  const missing = new Set<number>();
  for (let i = 0; i < rows.stop.length; i++) {
    if (design.rows[rows.person[i]] === null) missing.add(rows.person[i]);
    else {
      keep.push(i);
      people.add(rows.person[i]);
    }
  }
  const stop = keep.map((i) => rows.stop[i]);
  const event = keep.map((i) => rows.event[i]);
  const entry = rows.entry ? keep.map((i) => (rows.entry as ArrayLike<number>)[i]) : undefined;
  const X = keep.map((i) => [rows.treated[i], ...(design.rows[rows.person[i]] as number[])]);
  const names = ['treated', ...design.terms];
  const fit = coxPH(stop, event, X, { level, names, ...(entry ? { entry } : {}) });
  const term = (k: number): AdjustedTerm => {
    const c = fit.coefficients[k];
    return {
      estimate: c.hazard_ratio.estimate,
      ci_low: c.hazard_ratio.ci_low,
      ci_high: c.hazard_ratio.ci_high,
      method: 'cox-efron-wald',
      coef: c.coef,
      se: c.se,
      p_value: c.p_value,
      ...(fit.reason ? { reason: fit.reason } : {}),
    };
  };
  const terms: Record<string, AdjustedTerm> = {};
  design.terms.forEach((t, k) => (terms[t] = term(k + 1)));
  const t0 = term(0);
  let c: number | null = null;
  if (!fit.reason) {
    const beta = fit.coefficients.map((x) => x.coef as number);
    const lp = X.map((r) => r.reduce((s, v, k) => s + v * beta[k], 0));
    c = concordance(stop, event, lp, entry ? { entry } : {}).estimate;
  }
  return {
    covariates: columns.join(','),
    reference_levels: Object.entries(design.reference)
      .map(([k, v]) => `${k}=${v}`)
      .join('; '),
    n: people.size,
    events: event.reduce((s, v) => s + v, 0),
    excluded_missing: missing.size,
    hazard_ratio: { estimate: t0.estimate, ci_low: t0.ci_low, ci_high: t0.ci_high, method: 'cox-efron-wald, adjusted', p_value: t0.p_value, p_value_test: 'Wald', ...(fit.reason ? { reason: fit.reason } : {}) },
    terms,
    concordance: c,
    concordance_method: "Harrell's C of the model's linear predictor",
    ...(fit.reason ? { reason: fit.reason } : {}),
  };
}
