/**
 * The propensity model of `desist match`: from raw cohort columns to a design (who is in the
 * analysis, the model's columns, the balance table's columns) and a fitted logistic model.
 *
 * **Covariates, in words.** Each named cohort column is read as text. Empty and `NA` values are
 * missing: the person is left out of the model and the matching, and counted per covariate
 * (never silently). A column whose every other value is a number is numeric; a numeric column
 * holding only 0 and 1 is binary. Any other column is categorical: its levels are sorted (as R
 * sorts a factor's levels), the first is the reference level, and the model gets one 0/1
 * indicator `column=level` per other level (R's treatment contrasts). The balance table shows
 * every level, the reference too, as cobalt does.
 */
import { dataError, usageError } from '../core/errors.js';
import { logisticRegression } from '../stats/logistic.js';

export type CovariateKind = 'numeric' | 'binary' | 'categorical';

export interface CovariateInfo {
  name: string;
  kind: CovariateKind;
  /** categorical: the levels, sorted; the first is the reference */
  levels: string[];
  reference: string | null;
  /** people in the pool with this covariate missing */
  missing: number;
}

export interface Design {
  /** person number (in the dataset) of each unit of the analysis, in data order */
  person: Int32Array;
  /** 1 treated, 0 comparison, per unit */
  treat: Uint8Array;
  covariates: CovariateInfo[];
  /** the model's columns (reference levels left out), per unit */
  model: { names: string[]; columns: Float64Array[] };
  /** the balance table's columns (every level), per unit */
  balance: { names: string[]; binary: boolean[]; columns: Float64Array[] };
  /** pool people left out because a covariate (or an exact-matching column) is missing */
  missing: number;
  /** exact-matching stratum of each unit (one per combination of the --exact columns), or null */
  strata: Int32Array | null;
  /** pool people with each exact-matching column missing */
  exactMissing: Record<string, number>;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
export const isMissing = (v: string) => v === '' || v === 'NA';

/** Sort like R's default for ASCII level names: by code unit. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function classify(name: string, values: string[], pool: Int32Array): CovariateInfo {
  let numeric = true;
  let binary = true;
  const levels = new Set<string>();
  let missing = 0;
  for (const p of pool) {
    const v = values[p];
    if (isMissing(v)) {
      missing++;
      continue;
    }
    levels.add(v);
    if (numeric && !NUMBER.test(v)) numeric = false;
    if (binary && !(v === '0' || v === '1' || (NUMBER.test(v) && (Number(v) === 0 || Number(v) === 1)))) binary = false;
  }
  const kind: CovariateKind = numeric ? (binary ? 'binary' : 'numeric') : 'categorical';
  const sorted = kind === 'categorical' ? [...levels].sort(byText) : [];
  return { name, kind, levels: sorted, reference: sorted[0] ?? null, missing };
}

/**
 * The analysis design: pool people (group treated or comparison) with every covariate present.
 * `groupOf(p)` is 1 (treated), 0 (comparison) or -1 (neither: not in the pool).
 * Throws a usage error for a covariate that is not a cohort column, and a data error for a
 * covariate with a single value among the people analysed.
 */
export function buildDesign(raw: Map<string, string[]>, names: string[], n: number, groupOf: (p: number) => number, file: string, exact: string[] = []): Design {
  checkColumns(raw, names, '--covariates', file);
  checkColumns(raw, exact, '--exact', file);
  const poolList: number[] = [];
  for (let p = 0; p < n; p++) if (groupOf(p) >= 0) poolList.push(p);
  const pool = Int32Array.from(poolList);
  const covariates = names.map((c) => classify(c, raw.get(c)!, pool));
  const exactMissing: Record<string, number> = {};
  for (const c of exact) exactMissing[c] = pool.reduce((k, p) => k + (isMissing(raw.get(c)![p]) ? 1 : 0), 0);
  const needed = [...new Set([...names, ...exact])];
  const keep: number[] = [];
  for (const p of pool) if (needed.every((c) => !isMissing(raw.get(c)![p]))) keep.push(p);
  const person = Int32Array.from(keep);
  const m = person.length;
  const treat = new Uint8Array(m);
  for (let i = 0; i < m; i++) treat[i] = groupOf(person[i]);
  const { model, balance } = columnsOf(raw, covariates, person, file);
  return { person, treat, covariates, model, balance, missing: pool.length - m, strata: exact.length ? strataOf(raw, exact, person) : null, exactMissing };
}

/** One stratum number per distinct combination of the exact-matching columns' values. */
function strataOf(raw: Map<string, string[]>, exact: string[], person: Int32Array): Int32Array {
  const ids = new Map<string, number>();
  return Int32Array.from(person, (p) => {
    const key = exact.map((c) => raw.get(c)![p]).join('\u0000');
    let k = ids.get(key);
    if (k === undefined) ids.set(key, (k = ids.size));
    return k;
  });
}

function checkColumns(raw: Map<string, string[]>, names: string[], flag: string, file: string): void {
  const absent = names.filter((c) => !raw.has(c));
  if (absent.length > 0) {
    throw usageError(`${flag}: ${absent.map((c) => `'${c}'`).join(', ')} ${absent.length > 1 ? 'are not columns' : 'is not a column'} of ${file}; its covariate columns are ${[...raw.keys()].map((c) => `'${c}'`).join(', ') || '(none)'}`);
  }
}

/** The model's and the balance table's columns, per unit; a covariate with one value is an error. */
function columnsOf(raw: Map<string, string[]>, covariates: CovariateInfo[], person: Int32Array, file: string): Pick<Design, 'model' | 'balance'> {
  const m = person.length;
  const model = { names: [] as string[], columns: [] as Float64Array[] };
  const balance = { names: [] as string[], binary: [] as boolean[], columns: [] as Float64Array[] };
  for (const info of covariates) {
    const values = raw.get(info.name)!;
    if (info.kind !== 'categorical') {
      const col = Float64Array.from(person, (p) => Number(values[p]));
      if (col.every((v) => v === col[0])) throw constant(info.name, m > 0 ? String(col[0]) : null, file);
      model.names.push(info.name);
      model.columns.push(col);
      balance.names.push(info.name);
      balance.binary.push(info.kind === 'binary');
      balance.columns.push(col);
      continue;
    }
    // levels seen among the people analysed (a level seen only with another covariate missing drops out)
    const seen = new Set(Array.from(person, (p) => values[p]));
    info.levels = info.levels.filter((l) => seen.has(l));
    info.reference = info.levels[0] ?? null;
    if (info.levels.length < 2) throw constant(info.name, info.reference, file);
    info.levels.forEach((level, k) => {
      const col = Float64Array.from(person, (p) => (values[p] === level ? 1 : 0));
      if (k > 0) {
        model.names.push(`${info.name}=${level}`);
        model.columns.push(col);
      }
      balance.names.push(`${info.name}=${level}`);
      balance.binary.push(true);
      balance.columns.push(col);
    });
  }
  return { model, balance };
}

function constant(name: string, value: string | null, file: string) {
  return dataError(
    value === null
      ? `covariate '${name}' has no value for anyone in the treated or comparison group`
      : `covariate '${name}' is constant ('${value}' for everyone analysed): it cannot predict who is treated; leave it out of --covariates`,
    file,
  );
}

export interface Propensity {
  /** '(Intercept)' and the model columns, with their coefficients */
  coefficients: Record<string, number>;
  /** the linear predictor (log-odds), per unit */
  logit: Float64Array;
  /** the fitted probability of treatment, per unit */
  ps: Float64Array;
  iterations: number;
}

/** Fit the propensity model; a model problem (separation, ...) is a data error naming the covariate. */
export function fitPropensity(design: Design, file: string): Propensity {
  const fit = logisticRegression(design.model.columns, design.treat, design.model.names);
  if (fit.problem) throw dataError(`the propensity model cannot be fitted: ${fit.problem.message}`, file);
  const coefficients: Record<string, number> = {};
  fit.names.forEach((name, j) => (coefficients[name] = fit.coefficients[j]));
  return { coefficients, logit: fit.linear, ps: fit.fitted, iterations: fit.iterations };
}
