/**
 * `desist match DATASET` (or `--cohort FILE`): a matched comparison group from a pool
 * (MEASURES.md §6 "Matched comparison"): logistic propensity score, greedy nearest-neighbour
 * matching, the balance table, and on request the matched cohort as a CSV with weights.
 */
import type { Command } from 'commander';
import { COMMON, DATASET, maxRejectedOpt, num, registerSpecs, type OptSpec, type Opts } from './options.js';
import { datasetCommand, writeOut, type Ctx, type DatasetRun } from './context.js';
import { dataError, usageError } from '../core/errors.js';
import { OPEN_END, formatDay } from '../core/days.js';
import { pickGroups } from '../compare/compare.js';
import { buildDesign, fitPropensity, type Design, type Propensity } from '../match/propensity.js';
import { greedyMatch, type MatchResult } from '../match/matching.js';
import { balanceTable, SMD_THRESHOLD, type BalanceRow } from '../match/balance.js';
import { plural } from '../report/disclosure.js';
import { renderCsv } from '../report/render.js';
import type { Column, Output } from '../report/output.js';
import type { People } from '../model/dataset.js';

const list = (what: string) => (v: string) => {
  const names = v.split(',').map((s) => s.trim());
  if (names.some((s) => s === '')) throw new RangeError(`expected a comma-separated list of cohort columns, got '${v}'`);
  if (new Set(names).size !== names.length) throw new RangeError(`a ${what} is named twice in '${v}'`);
  return names.join(',');
};

export const MATCH_OPTS: OptSpec[] = [
  { flags: '--covariates <list>', key: 'covariates', description: 'cohort columns of the propensity model, comma-separated: numeric, 0/1 or categorical (required)', parse: list('covariate') },
  { flags: '--treated <value>', key: 'treated', description: 'the cohort group value of the treated group', default: 'treated' },
  { flags: '--comparison <value>', key: 'comparison', description: 'the cohort group value of the pool to match from', default: 'comparison' },
  { flags: '--distance <d>', key: 'distance', description: 'match on logit (the linear predictor) or ps (the propensity score)', default: 'logit', choices: ['logit', 'ps'] },
  { flags: '--ratio <k>', key: 'ratio', description: 'comparison people per treated person (1:K)', default: 1, parse: num(1, 100, true) },
  {
    flags: '--caliper <sd>',
    key: 'caliper',
    description: "largest distance difference allowed, in SDs of the distance over everyone analysed; 'none' for no caliper",
    default: '0.2',
    parse: (v) => {
      if (v.trim() === 'none') return 'none';
      const x = Number(v);
      if (v.trim() === '' || !(x > 0 && x <= 100)) throw new RangeError(`expected a number of standard deviations above 0 (e.g. 0.2), or 'none', got '${v}'`);
      return x;
    },
  },
  { flags: '--replace', key: 'replace', description: 'a comparison person may be matched to several treated people (weights account for it)', default: false },
  { flags: '--exact <list>', key: 'exact', description: 'match only within equal values of these cohort columns, comma-separated (e.g. sex,area)', parse: list('column') },
  { flags: '--write-cohort <file>', key: 'writeCohort', description: 'write the matched people as a cohort CSV: every cohort column plus match_id, weight, propensity, distance', cliOnly: true },
];

/** match reads only the cohort: no --charges or --custody. */
const SPECS = registerSpecs([...DATASET.filter((s) => s.key !== 'charges' && s.key !== 'custody'), maxRejectedOpt('5%'), ...MATCH_OPTS, ...COMMON]);

const ADDED = ['match_id', 'weight', 'propensity', 'distance'];

interface MatchRun {
  design: Design;
  prop: Propensity;
  distance: Float64Array;
  width: number | null;
  m: MatchResult;
  rows: BalanceRow[];
  neither: number;
}

function analyse(people: People, o: Opts, file: string): MatchRun {
  if (o.covariates === undefined) throw usageError("--covariates is required: name the cohort columns to match on, e.g. --covariates age,sex,prior_offences");
  const covs = String(o.covariates).split(',');
  const exact = o.exact === undefined ? [] : String(o.exact).split(',');
  let pick;
  try {
    pick = pickGroups(people.groupNames, o.treated as string, o.comparison as string);
  } catch (e) {
    throw usageError((e as Error).message);
  }
  const groupOf = (p: number) => (people.group[p] === pick.treated ? 1 : people.group[p] === pick.comparison ? 0 : -1);
  let neither = 0;
  for (let p = 0; p < people.n; p++) if (groupOf(p) < 0) neither++;
  const design = buildDesign(people.covariates, covs, people.n, groupOf, file, exact);
  const nt = design.treat.reduce((a, t) => a + t, 0);
  const nc = design.treat.length - nt;
  const where = design.missing > 0 ? ' with every covariate present' : '';
  if (nt === 0) throw dataError(`no treated people (group '${o.treated}')${where}: nothing to match`, file);
  if (nc === 0) throw dataError(`no comparison people (group '${o.comparison}')${where}: nothing to match from`, file);
  const ratio = o.ratio as number;
  if (!o.replace && nc < ratio * nt) {
    throw dataError(
      `${plural(nc, 'comparison person', 'comparison people')} cannot give ${plural(nt, 'treated person', 'treated people')} ${ratio} match${ratio > 1 ? 'es' : ''} each without replacement (${(ratio * nt).toLocaleString('en-GB')} needed): use --replace, a smaller --ratio, or a larger pool`,
      file,
    );
  }
  const prop = fitPropensity(design, file);
  const distance = o.distance === 'ps' ? prop.ps : prop.logit;
  const width = o.caliper === 'none' ? null : Number(o.caliper) * sd(distance);
  const m = greedyMatch(distance, design.treat, { ratio, replace: Boolean(o.replace), caliper: width, strata: design.strata });
  const rows = balanceTable(design.balance.names, design.balance.binary, design.balance.columns, design.treat, m.weight);
  return { design, prop, distance, width, m, rows, neither };
}

/** Standard deviation with the n - 1 denominator. */
function sd(x: Float64Array): number {
  let mean = 0;
  for (const v of x) mean += v;
  mean /= x.length;
  let ss = 0;
  for (const v of x) ss += (v - mean) * (v - mean);
  return x.length > 1 ? Math.sqrt(ss / (x.length - 1)) : 0;
}

function summary(r: MatchRun, o: Opts) {
  const { design, m } = r;
  const nt = design.treat.reduce((a, t) => a + t, 0);
  let matchedControls = 0;
  m.weight.forEach((w, i) => {
    if (w > 0 && design.treat[i] === 0) matchedControls++;
  });
  return {
    n_treated: nt,
    n_comparison: design.treat.length - nt,
    n_matched_treated: m.sets.length,
    n_matched_comparison: matchedControls,
    n_unmatched_treated: nt - m.sets.length,
    n_neither_group: r.neither,
    n_missing_covariate: design.missing,
    missing_by_covariate: Object.fromEntries([...design.covariates.map((c) => [c.name, c.missing] as const), ...Object.entries(design.exactMissing)]) as Record<string, number>,
    caliper_width: r.width,
    caliper_sd: o.caliper === 'none' ? null : Number(o.caliper),
    distance: o.distance as string,
    ratio: o.ratio as number,
    replace: Boolean(o.replace),
    exact: o.exact === undefined ? [] : String(o.exact).split(','),
    estimand: 'ATT',
    coefficients: r.prop.coefficients,
    reference_levels: Object.fromEntries(design.covariates.filter((c) => c.kind === 'categorical').map((c) => [c.name, c.reference])),
    covariate_types: Object.fromEntries(design.covariates.map((c) => [c.name, c.kind])),
    iterations: r.prop.iterations,
  };
}

type Summary = ReturnType<typeof summary>;

const MATCHING_COUNTS = ['n_treated', 'n_comparison', 'n_matched_treated', 'n_matched_comparison', 'n_unmatched_treated', 'n_neither_group', 'n_missing_covariate'] as const;
const BEFORE = ['mean_treated_before', 'mean_comparison_before', 'smd_before', 'smd_pooled_before'] as const;
const AFTER = ['mean_treated_after', 'mean_comparison_after', 'smd_after', 'smd_pooled_after', 'variance_ratio_after', 'flag'] as const;

/**
 * --min-cell K: every count of people below K is suppressed (null, named in `suppressed`), and
 * so are the means of a group (before or after matching) holding fewer than K people, with the
 * differences derived from them.
 */
function disclose(s: Summary, rows: BalanceRow[], minCell: number): { matching: Record<string, unknown>; rows: Record<string, unknown>[] } {
  const matching: Record<string, unknown> = { ...s, missing_by_covariate: { ...s.missing_by_covariate } };
  const out = rows as unknown as Record<string, unknown>[];
  if (!(minCell > 0)) return { matching, rows: out };
  const hidden: string[] = [];
  for (const k of MATCHING_COUNTS) {
    if (s[k] > 0 && s[k] < minCell) {
      matching[k] = null;
      hidden.push(k);
    }
  }
  const miss = matching.missing_by_covariate as Record<string, number | null>;
  for (const [k, v] of Object.entries(miss)) {
    if (v !== null && v > 0 && v < minCell) {
      miss[k] = null;
      hidden.push(`missing_by_covariate.${k}`);
    }
  }
  if (hidden.length) matching.suppressed = hidden;
  const small = (n: number) => n < minCell;
  const hideBefore = small(s.n_treated) || small(s.n_comparison);
  const hideAfter = small(s.n_matched_treated) || small(s.n_matched_comparison);
  for (const row of out) {
    const keys = [...(hideBefore ? BEFORE : []), ...(hideAfter || hideBefore ? AFTER : [])];
    for (const k of keys) row[k] = null;
    if (keys.length) {
      row.suppressed = keys;
      row.reason = 'suppressed';
    }
  }
  return { matching, rows: out };
}

/** A table cell: percentages for 0/1 means, 2 decimals from 10 up, else `digits`. */
const fmt = (v: unknown, digits: number, pct = false) =>
  typeof v !== 'number' ? (v === null ? '–' : String(v)) : pct ? `${(v * 100).toFixed(1)}%` : v.toFixed(Math.abs(v) >= 10 ? 2 : digits);

function balanceHuman(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((r) => {
    const pct = r.binary === true;
    const suppressed = Array.isArray(r.suppressed) ? (r.suppressed as string[]) : [];
    const cell = (k: string, digits: number, asPct = false) => (suppressed.includes(k) ? 'suppressed' : fmt(r[k], digits, asPct));
    return {
      covariate: r.covariate,
      tb: cell('mean_treated_before', 3, pct),
      cb: cell('mean_comparison_before', 3, pct),
      sb: cell('smd_before', 3),
      ta: cell('mean_treated_after', 3, pct),
      ca: cell('mean_comparison_after', 3, pct),
      sa: cell('smd_after', 3),
      pa: cell('smd_pooled_after', 3),
      vr: cell('variance_ratio_after', 2),
      flag: r.flag === true ? 'imbalanced' : '',
    };
  });
}

const BALANCE_COLUMNS: Column[] = [
  { key: 'covariate', label: 'covariate', kind: 'text' },
  { key: 'tb', label: 'treated', kind: 'num' },
  { key: 'cb', label: 'pool', kind: 'num' },
  { key: 'sb', label: 'SMD before', kind: 'num' },
  { key: 'ta', label: 'matched treated', kind: 'num' },
  { key: 'ca', label: 'matched pool', kind: 'num' },
  { key: 'sa', label: 'SMD after', kind: 'num' },
  { key: 'pa', label: 'pooled SMD', kind: 'num' },
  { key: 'vr', label: 'var ratio', kind: 'num' },
  { key: 'flag', label: `|SMD| > ${SMD_THRESHOLD}`, kind: 'text' },
];

function notes(r: MatchRun, s: Summary, o: Opts): string[] {
  const n = (v: number) => v.toLocaleString('en-GB');
  const out: string[] = [];
  out.push(
    `Before = everyone analysed (${n(s.n_treated)} ${o.treated}, ${n(s.n_comparison)} ${o.comparison}); after = the matched people, weighted (${n(s.n_matched_treated)} ${o.treated}, ${n(s.n_matched_comparison)} ${o.comparison}). Means of 0/1 rows are percentages.`,
    `SMD = difference in means over the SD of the ${o.treated} group before matching (sqrt(p(1-p)) for 0/1 rows; the MatchIt/cobalt ATT convention); pooled SMD uses Austin's pooled SD within the matched sample. |SMD| > ${SMD_THRESHOLD} is flagged.`,
  );
  const refs = r.design.covariates.filter((c) => c.kind === 'categorical');
  if (refs.length) out.push(`Categorical covariates enter the model as indicators; reference level${refs.length > 1 ? 's' : ''}: ${refs.map((c) => `${c.name} = '${c.reference}'`).join(', ')}.`);
  const left: string[] = [];
  if (s.n_missing_covariate > 0) {
    const by = Object.entries(s.missing_by_covariate).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${n(v)}`);
    left.push(`${plural(s.n_missing_covariate, 'person', 'people')} with a missing covariate (${by.join(', ')})`);
  }
  if (s.n_neither_group > 0) left.push(`${plural(s.n_neither_group, 'person', 'people')} in neither group`);
  if (left.length) out.push(`Left out of the matching: ${left.join('; ')}.`);
  const caliper = s.caliper_width === null ? 'no caliper' : `caliper ${s.caliper_sd} SD = ${s.caliper_width.toFixed(4)} on the ${s.distance}`;
  out.push(
    `Greedy nearest neighbour on the ${s.distance === 'logit' ? 'logit of the propensity score' : 'propensity score'}, 1:${s.ratio}, ${s.replace ? 'with' : 'without'} replacement, ${caliper}${s.exact.length ? `, exact on ${s.exact.join(', ')}` : ''}; treated people taken from the highest distance down.`,
  );
  if (s.n_unmatched_treated > 0) {
    out.push(`${plural(s.n_unmatched_treated, `${o.treated} person has`, `${o.treated} people have`)} no comparison person within the caliper and ${s.n_unmatched_treated === 1 ? 'is' : 'are'} left out: the estimate applies to the matched ${o.treated} people only.`);
  }
  const flagged = r.rows.filter((x) => x.flag === true).map((x) => x.covariate);
  out.push(flagged.length ? `Still imbalanced after matching (|SMD| > ${SMD_THRESHOLD}): ${flagged.join(', ')}.` : `Every covariate is balanced after matching (|SMD| <= ${SMD_THRESHOLD}).`);
  if (s.replace || s.ratio > 1) out.push('Comparison people carry MatchIt ATT weights: use --weights-column weight in followup and compare on the written cohort.');
  if (!o.writeCohort) out.push('Write the matched cohort with --write-cohort FILE, then compare on it: desist compare DATASET --cohort FILE --weights-column weight.');
  return out;
}

/** The matched people as cohort rows: every cohort column plus match_id, weight, propensity, distance. */
function matchedCohort(people: People, r: MatchRun): Record<string, unknown>[] {
  const clash = ADDED.filter((c) => people.covariates.has(c));
  if (clash.length) throw usageError(`--write-cohort: the cohort already has column${clash.length > 1 ? 's' : ''} ${clash.map((c) => `'${c}'`).join(', ')}, which the matched cohort adds; rename ${clash.length > 1 ? 'them' : 'it'}`);
  const unitOf = new Int32Array(people.n).fill(-1);
  r.design.person.forEach((p, u) => (unitOf[p] = u));
  const out: Record<string, unknown>[] = [];
  for (let p = 0; p < people.n; p++) {
    const u = unitOf[p];
    if (u < 0 || !(r.m.weight[u] > 0)) continue;
    const row: Record<string, unknown> = {
      person_id: people.id(p),
      cohort_start: formatDay(people.cohortStart[p]),
      cohort_end: people.cohortEnd[p] === OPEN_END ? '' : formatDay(people.cohortEnd[p]),
      group: people.groupNames[people.group[p]],
    };
    for (const [name, values] of people.covariates) row[name] = values[p];
    row.match_id = r.m.setId[u];
    row.weight = r.m.weight[u];
    row.propensity = r.prop.ps[u];
    row.distance = r.distance[u];
    out.push(row);
  }
  return out;
}

function matchOutput({ o, loaded, meta }: DatasetRun, ctx: Ctx): Output {
  const people = loaded.dataset.people;
  const file = loaded.inputs[0].file;
  const r = analyse(people, o, file);
  const s = summary(r, o);
  if (o.writeCohort) writeOut(ctx, o.writeCohort as string, renderCsv(matchedCohort(people, r)));
  const { matching, rows } = disclose(s, r.rows, o.minCell as number);
  const count = (k: (typeof MATCHING_COUNTS)[number]) => (matching[k] === null ? `<${o.minCell}` : (matching[k] as number).toLocaleString('en-GB'));
  const human = [
    { quantity: `${o.treated} analysed`, value: count('n_treated') },
    { quantity: `${o.comparison} analysed (the pool)`, value: count('n_comparison') },
    { quantity: `${o.treated} matched`, value: count('n_matched_treated') },
    { quantity: `${o.comparison} matched`, value: count('n_matched_comparison') },
    { quantity: `${o.treated} unmatched`, value: count('n_unmatched_treated') },
    { quantity: 'caliper width', value: s.caliper_width === null ? 'none' : `${s.caliper_width.toFixed(4)} (${s.caliper_sd} SD of the ${s.distance})` },
  ];
  const coefs = Object.entries(s.coefficients).map(([term, b]) => ({ term, b: b.toFixed(4), or: term === '(Intercept)' ? '' : Math.exp(b).toFixed(3) }));
  const warnings = [...loaded.warnings];
  if (s.n_unmatched_treated > 0 && s.n_unmatched_treated >= 0.05 * s.n_treated) {
    warnings.push(`${s.n_unmatched_treated} of ${s.n_treated} ${o.treated} people (${((100 * s.n_unmatched_treated) / s.n_treated).toFixed(1)}%) found no match within the caliper`);
  }
  return {
    meta: { ...meta, method: 'propensity score matching: logistic regression (IRLS), greedy nearest neighbour, ATT', estimand: 'ATT' },
    warnings,
    top: { matching },
    rows,
    tables: [
      { title: `Balance before and after matching (${o.treated} vs the ${o.comparison} pool)`, columns: BALANCE_COLUMNS, rows: balanceHuman(rows) },
      { title: 'Matching', columns: [{ key: 'quantity', label: 'quantity', kind: 'text' }, { key: 'value', label: 'value', kind: 'num' }], rows: human },
      {
        title: 'Propensity model (logistic regression)',
        columns: [
          { key: 'term', label: 'term', kind: 'text' },
          { key: 'b', label: 'coefficient', kind: 'num' },
          { key: 'or', label: 'odds ratio', kind: 'num' },
        ],
        rows: coefs,
      },
    ],
    notes: notes(r, s, o),
    minCell: o.minCell as number,
  };
}

export function matchCommand(ctx: Ctx): Command {
  return datasetCommand(ctx, {
    name: 'match',
    description: 'a matched comparison group from a pool: propensity score, greedy nearest-neighbour matching, balance table, matched cohort CSV',
    specs: SPECS,
    cohortOnly: true,
    examples: [
      'desist match sample-data/ --covariates age,sex,prior_offences,risk_score',
      'desist match --cohort cohort.csv --covariates age,sex,prior_offences --ratio 2 --caliper 0.1 --write-cohort matched.csv',
      'desist match sample-data/ --covariates age,prior_offences,risk_score --exact sex --distance ps --caliper none --format json',
      'desist compare sample-data/ --cohort matched.csv --weights-column weight',
    ],
    run: (r) => matchOutput(r, ctx),
  });
}
