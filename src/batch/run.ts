/**
 * Running a batch's comparisons over one loaded dataset, and adjusting their p-values as one
 * family.
 *
 * - Each comparison runs compare's own computation (handed in as `compare`), so a batch row
 *   is field for field the row `desist compare` prints with the same options.
 * - A subgroup (`where`) is applied on the loaded model, not by re-reading: people outside it
 *   lose their group (OUTSIDE_SUBGROUP), so they are in neither compared group and not counted in neither_group. Follow-up's per-person pass
 *   depends on each person alone, so one pass per set of follow-up options serves every
 *   comparison of the dataset (`reusingPass`).
 * - Quarterly comparisons of a subgroup start, by default, at the quarter of the subgroup's
 *   earliest cohort_start, as `compare` on a cohort file holding only the subgroup would.
 * - The family: every row with a p-value. A row without one (an empty subgroup, a degenerate
 *   table, a suppressed test) keeps its place with a `reason`, is left out of the family, and
 *   does not stop the others.
 */
import type { Dataset } from '../model/dataset.js';
import { followupPersons, type FollowupOptions } from '../measures/followup.js';
import { OUTSIDE_SUBGROUP } from '../compare/compare.js';
import { quarterIndex, quarterLabel, type QuarterKind } from '../measures/periods.js';
import { pAdjust, type PAdjustMethod } from '../stats/p-adjust.js';
import type { Output } from '../report/output.js';
import { applyDisclosure, type CountRule } from '../report/disclosure.js';
import { applyWhere, describeWhere, type Subgroup, type Where } from './filters.js';
import type { BatchPAdjust } from './manifest.js';

export type Opts = Record<string, unknown>;
export type FollowupPass = (ds: Dataset, fo: FollowupOptions) => ReturnType<typeof followupPersons>;
/** compare's computation: options, the (subgroup's) dataset, and the follow-up pass to use. */
export type CompareFn = (o: Opts, ds: Dataset, pass: FollowupPass, index: number) => Output;

/**
 * A follow-up pass that computes a set of options once on the whole dataset and hands out the
 * same per-person figures with the subgroup's group column. It keeps the latest set only: at a
 * million people each pass holds about 100 MB, and the comparisons of a manifest mostly share
 * their follow-up options (a new set after an old one is recomputed, the same figures again).
 */
export function reusingPass(base: Dataset): FollowupPass {
  let key: string | null = null;
  let kept: ReturnType<typeof followupPersons> | null = null;
  return (ds, fo) => {
    const k = JSON.stringify(fo);
    if (k !== key || !kept) {
      kept = null; // let the old pass go before the new one is built
      kept = followupPersons(base, fo);
      key = k;
    }
    const r = kept;
    return ds.people.group === base.people.group ? r : { ...r, persons: { ...r.persons, group: ds.people.group } };
  };
}

/** The dataset seen by a subgroup: people the clause leaves out get no group (OUTSIDE_SUBGROUP). */
export function subgroupDataset(ds: Dataset, keep: Uint8Array): Dataset {
  const group = ds.people.group.slice();
  for (let p = 0; p < group.length; p++) if (!keep[p]) group[p] = OUTSIDE_SUBGROUP;
  return { ...ds, people: { ...ds.people, group } };
}

/** The first quarter `compare` would use by default over the subgroup alone. */
function subgroupFrom(ds: Dataset, keep: Uint8Array, kind: QuarterKind): string | undefined {
  let earliest = Infinity;
  const start = ds.people.cohortStart;
  for (let p = 0; p < start.length; p++) if (keep[p] && start[p] < earliest) earliest = start[p];
  return earliest === Infinity ? undefined : quarterLabel(quarterIndex(earliest), kind);
}

export interface Job {
  name: string;
  o: Opts;
  where: Where;
}

export interface JobResult {
  name: string;
  o: Opts;
  where: Where;
  output: Output;
  subgroup: Subgroup | null;
}

/** Run the jobs of one dataset in order; `onStart(k)` before each (progress). */
export function runJobs(ds: Dataset, jobs: Job[], compare: CompareFn, onStart: (job: Job) => void = () => {}): JobResult[] {
  const pass = reusingPass(ds);
  return jobs.map((job, i) => {
    onStart(job);
    if (job.where.length === 0) return { name: job.name, o: job.o, where: job.where, output: compare(job.o, ds, pass, i), subgroup: null };
    const subgroup = applyWhere(job.where, ds.people.n, ds.people.covariates);
    const o = { ...job.o };
    if (o.measure === 'quarterly' && o.from === undefined) o.from = subgroupFrom(ds, subgroup.keep, o.quarters as QuarterKind);
    return { name: job.name, o: job.o, where: job.where, output: compare(o, subgroupDataset(ds, subgroup.keep), pass, i), subgroup };
  });
}

interface Effect {
  estimate?: number | null;
  ci_low?: number | null;
  ci_high?: number | null;
  reason?: string;
}

/** Why a compare row has no p-value, from the row itself. */
function whyNoP(row: Record<string, unknown>, subgroup: boolean): string {
  const suppressed = Array.isArray(row.suppressed) && (row.suppressed as string[]).includes('test.p_value');
  if (suppressed) return 'suppressed (counts below --min-cell)';
  const test = row.test as { reason?: string } | undefined;
  const side = (k: string) => (row[k] as { n?: number; reason?: string } | undefined) ?? {};
  for (const k of ['treated', 'comparison']) if (side(k).n === 0) return `no people in the ${k} group${subgroup ? ' of this subgroup' : ''} (n = 0)`;
  return test?.reason ?? (row.difference as Effect | undefined)?.reason ?? 'the test could not be computed';
}

/**
 * One batch row per compare row: the forest-plot fields first (name, estimate, ci_low,
 * ci_high, p, p_adjusted), then the family fields, the subgroup, and compare's row as it is.
 * `estimate` is compare's `difference` (treated - comparison), the quantity its test tests.
 */
export function batchRows(r: JobResult): Record<string, unknown>[] {
  return r.output.rows.map((row) => {
    const d = (row.difference ?? {}) as Effect;
    const p = (row.test as { p_value?: number | null } | undefined)?.p_value ?? null;
    return {
      name: r.name,
      estimate: d.estimate ?? null,
      ci_low: d.ci_low ?? null,
      ci_high: d.ci_high ?? null,
      p,
      p_adjusted: null,
      adjust_method: null,
      family_size: null,
      in_family: p !== null,
      reason: p === null ? whyNoP(row, r.subgroup !== null) : null,
      subgroup: r.subgroup ? subgroupFields(r) : { where: null, filtered_out: null, not_numeric: null },
      ...row,
    };
  });
}

/**
 * The subgroup of a row: the clause in words, the people it left out and, of those, the ones
 * whose value was not a number. Both counts are suppressed below --min-cell like compare's.
 */
function subgroupFields(r: JobResult): Record<string, unknown> {
  const fields: Record<string, unknown> = { where: describeWhere(r.where), filtered_out: r.subgroup!.filteredOut, not_numeric: r.subgroup!.notNumeric };
  applyDisclosure([fields], SUBGROUP_RULES, { minCell: (r.o.minCell as number) ?? 0, round: (r.o.round as number) ?? 0 });
  return fields;
}

const SUBGROUP_RULES: CountRule[] = [
  { count: 'filtered_out', derived: [] },
  { count: 'not_numeric', derived: [] },
];

const R_METHOD: Record<BatchPAdjust, PAdjustMethod> = { holm: 'holm', hochberg: 'hochberg', bh: 'BH', bonferroni: 'bonferroni', none: 'none' };

/** Adjust the p-values of the rows in the family (rows with a p-value), in place. */
export function adjustFamily(rows: Record<string, unknown>[], method: BatchPAdjust): { size: number; left_out: number } {
  const family = rows.filter((r) => r.in_family === true);
  const adjusted = pAdjust(
    family.map((r) => r.p as number),
    R_METHOD[method],
  );
  family.forEach((r, i) => {
    r.p_adjusted = adjusted[i];
  });
  for (const r of rows) {
    r.adjust_method = method;
    r.family_size = family.length;
  }
  return { size: family.length, left_out: rows.length - family.length };
}
