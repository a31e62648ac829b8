/**
 * `desist compare DATASET`: treated vs comparison with effect sizes, intervals and tests
 * (MEASURES.md §6), on the follow-up or the quarterly measure.
 */
import type { Command } from 'commander';
import { ANALYSIS_SPECS, datasetCommand, type Ctx } from './context.js';
import { ciMethodOpt, diffMethodOpt, levelOpt, num, orMethodOpt, TWO_COHORT_OPTS, type OptSpec, type Opts } from './options.js';
import { usageError } from '../core/errors.js';
import { FOLLOWUP_OPTS, censoringRule, clockDays, followupNotes, runFollowup, weightsFor } from './followup.js';
import { FOLLOWUP_STATUS, type FollowupResult } from '../measures/followup.js';
import { formatDay } from '../core/days.js';
import { adjustedHazardRatio, covariateDesign, type AdjustedHazardRatio } from '../compare/adjusted.js';
import { QUARTERLY_OPTS } from './quarterly.js';
import { EFFECT_COLUMNS, effectTable } from './ci.js';
import { betweenOutput } from './compare-between.js';
import { compareFollowup, compareFollowupWeighted, compareQuarterly, jdlCompare, jdlCompareWeighted, neitherGroup, pickGroups, treatedValues, twoGroupSurvival, type CompareOptions, type GroupPick } from '../compare/compare.js';
import { computeQuarterly } from '../measures/quarterly.js';
import { parseDuration, parseQuarterLabel, quarterLabel, type QuarterKind } from '../measures/periods.js';
import { applyDisclosure, isSuppressed, plural, type CountRule } from '../report/disclosure.js';
import { footnoteMark, type Column, type HumanTable, type Output } from '../report/output.js';
import { fmtInt, fmtInterval, fmtNum, fmtP, fmtPct, fmtPoints, fmtRatio, MISSING } from '../report/numbers.js';
import { disagreement } from '../report/agreement.js';
import type { Dataset } from '../model/dataset.js';
import type { Loaded } from '../io/load.js';

const shared = (keys: string[], specs: OptSpec[]) => specs.filter((s) => keys.includes(s.key));

export const COMPARE_OPTS: OptSpec[] = [
  { flags: '--measure <measure>', key: 'measure', description: 'compare follow-up reoffending, or quarterly desistance quarter by quarter', default: 'followup', choices: ['followup', 'quarterly'] },
  { flags: '--treated <value>', key: 'treated', description: "the cohort group value of the treated group; several separated by commas, or 'all' (every value but the comparison one): one row each, against the comparison group", default: 'treated' },
  { flags: '--comparison <value>', key: 'comparison', description: "the cohort group value of the comparison group", default: 'comparison' },
  { flags: '--style <style>', key: 'style', description: "standard, or jdl: the Justice Data Lab convention (Welch t, guards, 'for 100 typical people')", default: 'standard', choices: ['standard', 'jdl'] },
  levelOpt,
  ciMethodOpt,
  diffMethodOpt,
  orMethodOpt,
  { flags: '--rr-method <method>', key: 'rrMethod', description: 'rate ratio of reoffences per liberty day: exact (conditional binomial) or wald (log scale)', default: 'exact', choices: ['exact', 'wald'] },
  { flags: '--mean-method <method>', key: 'meanMethod', description: 'difference in mean reoffences per person: bootstrap (person-level, percentile) or welch', default: 'bootstrap', choices: ['bootstrap', 'welch'] },
  { flags: '--bootstrap <n>', key: 'bootstrap', description: 'bootstrap replicates', default: 2000, parse: num(100, 1e6, true) },
  { flags: '--seed <n>', key: 'seed', description: 'random seed of the bootstrap (recorded in the output)', default: 1, parse: num(0, 2 ** 32 - 1, true) },
  ...shared(['index', 'followUp', 'waiting', 'clock', 'excludeIndexDay', 'at', 'weightsColumn'], FOLLOWUP_OPTS),
  {
    flags: '--adjust <columns>',
    key: 'adjust',
    description: "add a Cox hazard ratio adjusted for these cohort columns, e.g. age,sex,priors (numeric, or categorical with the first level by name as the reference), with Wald CIs and Harrell's concordance",
    parse: (v) => {
      const cols = String(v).split(',').map((c) => c.trim());
      if (cols.some((c) => c === '')) throw new RangeError(`expected cohort column names separated by commas, e.g. age,sex,priors, got '${v}'`);
      return cols;
    },
  },
  ...shared(['quarters', 'from', 'to', 'basis', 'custodyMode', 'minLibertyDays', 'lag'], QUARTERLY_OPTS),
  { flags: '--between <q1,q2>', key: 'between', description: 'with --measure quarterly: the change in desistance between two quarters, paired over the people at risk in both (McNemar, bootstrap), e.g. 2023Q4,2024Q4' },
  ...TWO_COHORT_OPTS,
];

/** compare's whole option table (dataset, compare's own, common): also the batch manifest's keys. */
export const COMPARE_SPECS = ANALYSIS_SPECS(COMPARE_OPTS);
const SPECS = COMPARE_SPECS;

const EFFECTS = ['difference', 'risk_ratio', 'odds_ratio'].flatMap((e) => ['estimate', 'ci_low', 'ci_high'].map((k) => `${e}.${k}`));
const SIDE = (g: string) => [`${g}.proportion`, `${g}.ci_low`, `${g}.ci_high`, `${g}.mean`, `${g}.weighted_n`, `${g}.weighted_x`];
const TEST = ['test.statistic', 'test.df', 'test.p_value', 'significant', 'sentence', 'guard'];
const FREQUENCY = [
  ...['treated', 'comparison'].flatMap((g) => [`frequency.${g}.per_person`, `frequency.${g}.per_1000_liberty_days`]),
  ...['rate_ratio', 'mean_difference'].flatMap((e) => ['estimate', 'ci_low', 'ci_high', 'p_value'].map((k) => `frequency.${e}.${k}`)),
];
const SURVIVAL = [
  'survival.treated_median_days',
  'survival.comparison_median_days',
  'survival.log_rank.statistic',
  'survival.log_rank.p_value',
  ...['estimate', 'ci_low', 'ci_high', 'p_value'].map((k) => `survival.hazard_ratio.${k}`),
];
/** The survival-at-day fields of one day key (`survival.at.day_365`). */
const atFields = (day: string) => [
  ...['treated', 'comparison'].flatMap((g) => ['survival', 'ci_low', 'ci_high'].map((k) => `survival.at.${day}.${g}.${k}`)),
  ...['estimate', 'ci_low', 'ci_high'].map((k) => `survival.at.${day}.difference.${k}`),
];
/** Counts of what each side left out: suppressed like every count, nothing derived from them. */
const LEFT_OUT = ['not_mature', 'no_index', 'index_day_charges', 'stood_in_charges', 'charged_after_waiting'];
/**
 * A group smaller than K hides everything about the comparison; a small count of reoffenders
 * (or of non-reoffenders) hides the proportions, effects and test derived from it.
 */
export const COMPARE_RULES: CountRule[] = [
  { count: 'treated.n', derived: [...SIDE('treated'), ...SIDE('comparison'), ...EFFECTS, ...TEST, ...FREQUENCY, ...SURVIVAL] },
  { count: 'comparison.n', derived: [...SIDE('treated'), ...SIDE('comparison'), ...EFFECTS, ...TEST, ...FREQUENCY, ...SURVIVAL] },
  { count: 'treated.x', total: 'treated.n', derived: [...SIDE('treated'), ...EFFECTS, ...TEST, ...SURVIVAL] },
  { count: 'comparison.x', total: 'comparison.n', derived: [...SIDE('comparison'), ...EFFECTS, ...TEST, ...SURVIVAL] },
  { count: 'frequency.treated.reoffences', derived: FREQUENCY },
  { count: 'frequency.comparison.reoffences', derived: FREQUENCY },
  { count: 'frequency.treated.n', derived: [] },
  { count: 'frequency.comparison.n', derived: [] },
  { count: 'neither_group', derived: [] },
  ...['treated', 'comparison'].flatMap((g) => LEFT_OUT.map((k) => ({ count: `${g}.${k}`, derived: [] as string[] }))),
  { count: 'survival.treated_n', derived: SURVIVAL },
  { count: 'survival.comparison_n', derived: SURVIVAL },
  { count: 'survival.treated_events', total: 'survival.treated_n', derived: SURVIVAL },
  { count: 'survival.comparison_events', total: 'survival.comparison_n', derived: SURVIVAL },
];

/** The adjusted model's fields derived from the groups' counts (the terms are added per row). */
const ADJUSTED = [...['estimate', 'ci_low', 'ci_high', 'p_value'].map((k) => `adjusted.hazard_ratio.${k}`), 'adjusted.concordance'];

/** Disclosure rules of the adjusted model: its people and events, and every term derived from them. */
function adjustedRules(rows: Record<string, unknown>[]): CountRule[] {
  const terms = new Set<string>();
  for (const r of rows) {
    const t = (r.adjusted as AdjustedHazardRatio | undefined)?.terms ?? {};
    for (const k of Object.keys(t)) for (const f of ['estimate', 'ci_low', 'ci_high', 'coef', 'se', 'p_value']) terms.add(`adjusted.terms.${k}.${f}`);
  }
  if (terms.size === 0 && !rows.some((r) => r.adjusted)) return [];
  const derived = [...ADJUSTED, ...terms];
  return [
    { count: 'treated.n', derived },
    { count: 'comparison.n', derived },
    { count: 'treated.x', total: 'treated.n', derived },
    { count: 'comparison.x', total: 'comparison.n', derived },
    { count: 'adjusted.n', derived },
    { count: 'adjusted.events', total: 'adjusted.n', derived },
    { count: 'adjusted.excluded_missing', derived: [] },
  ];
}

/**
 * The adjusted hazard ratio of one comparison: the design of the `--adjust` columns over the
 * people of the two groups (levels and reference from them), fitted on their survival rows.
 */
function adjustedFor(res: FollowupResult, ds: Dataset, pick: GroupPick, o: Opts): AdjustedHazardRatio {
  const cols = o.adjust as string[];
  const cov = ds.people.covariates;
  for (const c of cols) {
    if (!cov.has(c)) {
      const have = [...cov.keys()];
      throw usageError(`--adjust: '${c}' is not a column of the cohort extract (other columns: ${have.length ? have.join(', ') : 'none'})`);
    }
  }
  const [sT, sC] = twoGroupSurvival(res, pick);
  const local = new Map<number, number>();
  const values: string[][] = [];
  const person = Int32Array.from([...sT.person, ...sC.person], (p) => {
    let i = local.get(p);
    if (i === undefined) {
      i = values.push(cols.map((c) => (cov.get(c) as string[])[p])) - 1;
      local.set(p, i);
    }
    return i;
  });
  const cat = (a: Float64Array, b: Float64Array) => Float64Array.from([...a, ...b]);
  return adjustedHazardRatio(
    {
      ...(sT.entry && sC.entry ? { entry: cat(sT.entry, sC.entry) } : {}),
      stop: cat(sT.stop, sC.stop),
      event: Uint8Array.from([...sT.event, ...sC.event]),
      treated: Uint8Array.from([...sT.event.map(() => 1), ...sC.event.map(() => 0)]),
      person,
    },
    covariateDesign(values, cols),
    cols,
    o.level as number,
  );
}

/** Disclosure rules of the survival-at-day fields (risk sets and cumulative events per day). */
function atRules(days: number[]): CountRule[] {
  return days.flatMap((d) => {
    const k = `day_${d}`;
    return ['treated', 'comparison'].flatMap((g) => [
      { count: `survival.at.${k}.${g}.n_risk`, derived: atFields(k) },
      { count: `survival.at.${k}.${g}.n_event`, derived: atFields(k) },
    ]);
  });
}

function methods(o: Opts): CompareOptions {
  return {
    level: o.level as number,
    ciMethod: o.ciMethod as 'wilson',
    diffMethod: o.diffMethod as 'newcombe',
    orMethod: o.orMethod as 'woolf',
    meanMethod: o.meanMethod as 'bootstrap',
    rrMethod: o.rrMethod as 'exact' | 'wald',
    bootstrap: o.bootstrap as number,
    seed: o.seed as number,
    ...(o.at ? { at: o.at as number[] } : {}),
  };
}

/** What compare says about groups that were not matched: and how to match them. */
const UNMATCHED_ADVICE =
  'Groups are compared as they are: unless they were randomised or matched, a difference is not an effect of the intervention. To build a matched comparison group: desist match DATASET --covariates age,sex,prior_offences --write-cohort matched.csv, then desist compare DATASET --cohort matched.csv --weights-column weight.';
const MATCHED_CAVEAT = 'Matching balances only the covariates matched on (check the balance table of desist match); people who differ in what was not measured can still differ in outcome.';

/**
 * Where compare gets its measures from. `desist compare` computes them from the dataset; a
 * batch hands in a source that reuses one per-person pass across its comparisons.
 */
export interface CompareMeasures {
  followup: (ds: Dataset, o: Opts, weights?: Float64Array) => FollowupResult;
}

const DIRECT: CompareMeasures = { followup: (ds, o, weights) => runFollowup(ds, o, weights) };

/** meta fields of a comparison on a weighted (matched) cohort. */
function weightingMeta(o: Opts, ds: Dataset, allOne: boolean): Record<string, unknown> {
  if (o.weightsColumn === undefined) return {};
  return { weights_column: o.weightsColumn, matched: ds.people.covariates.has('match_id'), weighted: !allOne };
}

/** ', matched and weighted' (or the parts that apply) for table titles. */
function weightingTitle(o: Opts, ds: Dataset, allOne: boolean): string {
  if (o.weightsColumn === undefined) return '';
  const matched = ds.people.covariates.has('match_id');
  return allOne ? (matched ? ', matched' : '') : matched ? ', matched and weighted' : ', weighted';
}

/** The treated/comparison picks of `--treated` (one or many) against `--comparison`. */
function picksOf(o: Opts, ds: Dataset): { picks: GroupPick[]; names: string[] } {
  try {
    const names = treatedValues(ds.people.groupNames, o.treated as string, o.comparison as string);
    if (names.length === 0) throw new RangeError(`--treated all: the group column has no value other than the comparison '${o.comparison as string}'`);
    return { picks: names.map((t) => pickGroups(ds.people.groupNames, t, o.comparison as string)), names };
  } catch (e) {
    throw usageError((e as Error).message);
  }
}

/** What each side of a comparison left out, added to its `treated` / `comparison` object. */
function leftOut(res: FollowupResult, g: number): Record<string, number> {
  const P = res.persons;
  const c = { not_mature: 0, no_index: 0, index_day_charges: 0, stood_in_charges: 0, charged_after_waiting: 0 };
  for (let p = 0; p < P.n; p++) {
    if (P.group[p] !== g) continue;
    c.index_day_charges += P.indexDayCharges[p];
    if (P.included[p] === 0) {
      c.not_mature++;
      if (P.status[p] === FOLLOWUP_STATUS.NO_INDEX) c.no_index++;
    } else {
      c.stood_in_charges += P.stoodIn[p];
      c.charged_after_waiting += P.chargedAfterWaiting[p];
    }
  }
  return c;
}

function followupCompare(o: Opts, ds: Dataset, meta: Output['meta'], warnings: string[], measures: CompareMeasures): Output {
  const wt = weightsFor(o, ds, meta);
  if (wt.weights && o.adjust) throw usageError('--adjust fits an unweighted Cox model: it cannot be combined with a --weights-column whose weights are not all 1');
  if (wt.weights && o.at) throw usageError('--at reads unweighted Kaplan-Meier curves: it cannot be combined with a --weights-column whose weights are not all 1');
  if (wt.weights && o.clock === 'gaps') throw usageError('--weights-column works on the calendar and liberty clocks; the gaps clock (counting-process rows) takes no weights yet');
  const res = measures.followup(ds, { ...o, pooled: false }, wt.weights);
  const { picks, names } = picksOf(o, ds);
  const neither = neitherGroup(ds.people.group, picks);
  const lvl = `${Math.round((o.level as number) * 100)}%`;
  const unit = clockDays(o);
  const fullMeta = {
    ...meta,
    level: o.level,
    ci_method: o.ciMethod,
    seed: o.seed,
    bootstrap: o.bootstrap,
    measure: 'followup (charge-based proxy of proven reoffending)',
    survival: { clock: o.clock, time_unit: unit, observation_horizon: formatDay(res.persons.survival.horizon), censoring: censoringRule(res, o) },
  };
  const { notes: fNotes, warnings: fWarnings } = followupNotes(res, { ...o, minCell: o.minCell });
  const neitherNote = `${fmtInt(neither)} cohort ${neither === 1 ? 'person is' : 'people are'} in neither group (group value other than ${[...names, o.comparison as string].map((v) => `'${v}'`).join(', ')}, or blank) and left out of the comparison.`;
  if (o.style === 'jdl') {
    const rows = picks.flatMap((pick, i) =>
      (wt.weights ? jdlCompareWeighted(res, pick, wt.weights, methods(o)) : jdlCompare(res, pick, methods(o))).map((r) => ({ comparison_of: `${names[i]} vs ${o.comparison as string}`, treated_group: names[i], comparison_group: o.comparison, neither_group: neither, ...r })),
    ) as unknown as Record<string, unknown>[];
    applyDisclosure(rows, COMPARE_RULES, { minCell: o.minCell as number, round: o.round as number });
    type Side = { mean: number | null };
    type Eff = { estimate: number | null; ci_low: number | null; ci_high: number | null };
    const human = rows.map((r) => {
      const d = r.difference as Eff;
      const isRate = String(r.outcome).includes('rate');
      const f = (v: number) => (isRate ? fmtPoints(v) : fmtNum(v, 3));
      const mean = (s: Side) => (s.mean === null ? MISSING : isRate ? fmtPct(s.mean) : fmtNum(s.mean, 3));
      return {
        outcome: picks.length > 1 ? `${r.treated_group as string}: ${String(r.outcome).replace(/^frequency: /, '')}` : String(r.outcome).replace(/^frequency: /, ''),
        treated: mean(r.treated as Side),
        comparison: mean(r.comparison as Side),
        difference: d.estimate === null ? MISSING : `${f(d.estimate)}${isRate ? ' pts' : ''}`,
        interval: fmtInterval(d.ci_low, d.ci_high, f),
        p: fmtP((r.test as { p_value: number | null }).p_value).replace(/^p (= )?/, ''),
        significant: r.significant === null ? MISSING : r.significant ? 'yes' : 'no',
      };
    });
    const cols: Column[] = ['outcome', 'treated', 'comparison', 'difference', 'interval', 'p', 'significant'].map((k) => ({ key: k, label: k === 'interval' ? `${lvl} CI` : k, kind: 'text', right: !['outcome', 'significant'].includes(k) }));
    return {
      meta: { ...fullMeta, style: 'jdl', ...weightingMeta(o, ds, wt.allOne) },
      warnings: [...warnings, ...fWarnings],
      rows,
      tables: [{ title: `Justice Data Lab style: ${names.join(', ')} vs ${o.comparison as string}${weightingTitle(o, ds, wt.allOne)}`, columns: cols, rows: human }],
      notes: [
        ...rows.map((r) => (r.sentence === null ? `${r.outcome as string}: suppressed (counts below --min-cell).` : String(r.sentence))),
        wt.weights
          ? 'Weighted comparison: the reoffending rates are weighted proportions, compared by a Wald z-test with robust (sandwich) variance in place of the Welch t-test; significant where p <= 0.05 and the guards are met.'
          : 'Welch two-sample t-tests on the 0/1 reoffending indicator and on reoffences per person; significant where p <= 0.05 and the guards are met.',
        ...wt.notes,
        neitherNote,
      ],
      minCell: o.minCell as number,
    };
  }
  const rows: Record<string, unknown>[] = picks.map((pick, i) => {
    const computed = wt.weights ? compareFollowupWeighted(res, pick, wt.weights, methods(o)) : compareFollowup(res, pick, methods(o));
    const row = {
      comparison_of: `${names[i]} vs ${o.comparison as string}`,
      treated_group: names[i],
      comparison_group: o.comparison,
      neither_group: neither,
      ...computed,
      treated: { ...computed.treated, ...leftOut(res, pick.treated) },
      comparison: { ...computed.comparison, ...leftOut(res, pick.comparison) },
      ...(o.adjust ? { adjusted: adjustedFor(res, ds, pick, o) } : {}),
    };
    return row as unknown as Record<string, unknown>;
  });
  applyDisclosure(rows, [...COMPARE_RULES, ...atRules((o.at as number[] | undefined) ?? []), ...adjustedRules(rows)], { minCell: o.minCell as number, round: o.round as number });
  const tables: HumanTable[] = rows.flatMap((row) => comparisonTables(row, o, unit, weightingTitle(o, ds, wt.allOne), Boolean(wt.weights)));
  const notes: string[] = [];
  for (const row of rows) {
    const r = row as unknown as ReturnType<typeof compareFollowup>;
    if (r.difference.estimate !== null) {
      notes.push(
        `Reoffending (charge-based proxy of proven reoffending): ${row.treated_group as string} ${fmtPct(r.treated.proportion)} vs ${o.comparison as string} ${fmtPct(r.comparison.proportion)}, a difference of ${fmtPoints(r.difference.estimate)} percentage points (${lvl} CI ${fmtInterval(r.difference.ci_low, r.difference.ci_high, fmtPoints)}; ${r.test.name} ${fmtP(r.test.p_value)}).`,
      );
    }
  }
  notes.push(...fNotes.filter((n) => !n.startsWith('Small cells')), neitherNote);
  if (o.adjust) {
    notes.push(
      `Adjusted hazard ratio: Cox proportional hazards (Efron ties) of time to first reoffence on the group and ${(o.adjust as string[]).join(', ')}, on the same rows as the unadjusted one; Wald intervals and p-values; a categorical covariate is compared with its reference level (the first by name); people with a missing covariate are left out of that model only; concordance is Harrell's C of the model's linear predictor.`,
    );
  }
  if (o.at) notes.push(`Survival at a day: Kaplan-Meier with the log-log interval per group; the difference (treated - comparison) has the normal interval from the two Greenwood standard errors.`);
  notes.push(...wt.notes, o.weightsColumn === undefined ? UNMATCHED_ADVICE : MATCHED_CAVEAT);
  return { meta: { ...fullMeta, ...weightingMeta(o, ds, wt.allOne) }, warnings: [...warnings, ...fWarnings], rows, tables, notes, minCell: o.minCell as number };
}

/** An effect table whose two group rows are named by their group values. */
function sideNames(t: HumanTable, treated: string, comparison: string): HumanTable {
  t.rows[0].quantity = treated;
  t.rows[1].quantity = comparison;
  return t;
}

/** The human tables of one comparison row (read after disclosure control). */
function comparisonTables(row: Record<string, unknown>, o: Opts, unit: string, weighting = '', weighted = false): HumanTable[] {
  const r = row as unknown as ReturnType<typeof compareFollowup> & { treated_group: string; neither_group: number | null };
  const fr = r.frequency;
  const sv = r.survival;
  const t = r.treated_group;
  const c = o.comparison as string;
  const lvl = `${Math.round((o.level as number) * 100)}% CI`;
  const hidden = (v: unknown, reason?: string) => (v === null ? (reason && reason !== 'suppressed' ? `${MISSING} (${reason})` : 'suppressed') : undefined);
  const suppressed = (path: string) => isSuppressed(row) && (row.suppressed as string[]).includes(path);
  const cell = (v: unknown) => (v === null || v === undefined ? `<${o.minCell as number}` : fmtInt(Number(v)));
  const perSide = (g: 'treated' | 'comparison') => ({
    group: g === 'treated' ? t : c,
    reoffences: fr[g].reoffences,
    per_person: fr[g].per_person,
    per_1000_liberty_days: fr[g].per_1000_liberty_days,
    suppressed: isSuppressed(row) ? (row.suppressed as string[]).filter((k) => k.startsWith(`frequency.${g}.`)).map((k) => k.slice(`frequency.${g}.`.length)) : [],
  });
  const frequency: HumanTable = {
    title: `Frequency of reoffences (${t} vs ${c})`,
    columns: [
      { key: 'group', label: 'group', kind: 'text' },
      { key: 'reoffences', label: 'reoffences', kind: 'int' },
      { key: 'per_person', label: 'per person', kind: 'rate', digits: 3 },
      { key: 'per_1000_liberty_days', label: 'per 1,000 liberty days', kind: 'rate', digits: 2 },
    ],
    rows: [perSide('treated'), perSide('comparison')],
  };
  const effects: HumanTable = { title: `Frequency: ${t} vs ${c}`, columns: EFFECT_COLUMNS, rows: [] };
  const rrNote = disagreement({ what: 'rate ratio', ci_low: fr.rate_ratio.ci_low, ci_high: fr.rate_ratio.ci_high, nullValue: 1, intervalMethod: fr.rate_ratio.method, p_value: fr.rate_ratio.p_value, testName: `${fr.rate_ratio.method} test`, level: o.level as number });
  const rrInterval = fmtInterval(fr.rate_ratio.ci_low, fr.rate_ratio.ci_high, fmtRatio);
  effects.rows = [
    { quantity: 'rate ratio per liberty day', estimate: hidden(fr.rate_ratio.estimate, fr.rate_ratio.reason) ?? fmtRatio(fr.rate_ratio.estimate), interval: rrNote ? `${rrInterval} ${footnoteMark(effects, rrNote)}` : rrInterval, method: fr.rate_ratio.method },
    { quantity: 'test of equal rates', estimate: fmtP(fr.rate_ratio.p_value), interval: '', method: fr.rate_ratio.method },
    {
      quantity: 'mean difference per person',
      estimate: hidden(fr.mean_difference.estimate, fr.mean_difference.reason) ?? fmtNum(fr.mean_difference.estimate, 3),
      interval: fmtInterval(fr.mean_difference.ci_low, fr.mean_difference.ci_high, (v) => fmtNum(v, 3)),
      method: weighted ? 'none' : o.meanMethod === 'bootstrap' ? `bootstrap ${footnoteMark(effects, `Person-level bootstrap, percentile interval: ${fmtInt(o.bootstrap as number)} replicates, seed ${o.seed}.`)}` : 'Welch t',
    },
  ];
  const median = (g: 'treated' | 'comparison') => {
    if (suppressed(`survival.${g}_median_days`)) return 'suppressed';
    const days = sv[`${g}_median_days`];
    return days === null ? `${MISSING} (${sv[`${g}_median_reason`] ?? 'not reached'})` : `${fmtInt(days)} ${unit}`;
  };
  const tables: HumanTable[] = [
    sideNames(effectTable(r, o.level as number, `Reoffended within ${o.followUp} (${t} vs ${c}${weighting}; charge-based proxy of proven reoffending)`), t, c),
    frequency,
    effects,
    {
      title: `Time to first reoffence (${o.clock} clock, ${unit})`,
      columns: EFFECT_COLUMNS,
      rows: [
        { quantity: `median, ${t}`, estimate: median('treated'), interval: `${cell(sv.treated_n)} people`, method: weighted ? 'weighted Kaplan-Meier' : 'Kaplan-Meier' },
        { quantity: `median, ${c}`, estimate: median('comparison'), interval: `${cell(sv.comparison_n)} people`, method: weighted ? 'weighted Kaplan-Meier' : 'Kaplan-Meier' },
        { quantity: 'log-rank test', estimate: fmtP(sv.log_rank.p_value), interval: sv.log_rank.statistic === null ? '' : `chi-square ${fmtNum(sv.log_rank.statistic, 3)}, df ${sv.log_rank.df}`, method: 'log-rank' },
        { quantity: 'hazard ratio', estimate: hidden(sv.hazard_ratio.estimate, sv.hazard_ratio.reason) ?? fmtRatio(sv.hazard_ratio.estimate), interval: fmtInterval(sv.hazard_ratio.ci_low, sv.hazard_ratio.ci_high, fmtRatio), method: `Cox (Efron ties), Wald; ${fmtP(sv.hazard_ratio.p_value)}` },
      ],
    },
  ];
  if (sv.at) {
    const pctS = (v: number | null) => (v === null ? MISSING : fmtPct(v));
    tables.push({
      title: `Not reoffended by day (${t} vs ${c})`,
      columns: [
        { key: 'day', label: unit, kind: 'text', right: true },
        { key: 'treated', label: t, kind: 'text', right: true },
        { key: 'comparison', label: c, kind: 'text', right: true },
        { key: 'difference', label: 'difference (points)', kind: 'text', right: true },
        { key: 'interval', label: lvl, kind: 'text', right: true },
      ],
      rows: Object.entries(sv.at).map(([k, a]) => ({
        day: fmtInt(Number(k.replace('day_', ''))),
        treated: `${pctS(a.treated.survival)} (${cell(a.treated.n_risk)} at risk)`,
        comparison: `${pctS(a.comparison.survival)} (${cell(a.comparison.n_risk)} at risk)`,
        difference: a.difference.estimate === null ? `${MISSING} (${a.difference.reason ?? 'suppressed'})` : fmtPoints(a.difference.estimate),
        interval: fmtInterval(a.difference.ci_low, a.difference.ci_high, fmtPoints),
      })),
    });
  }
  const adj = (row as { adjusted?: AdjustedHazardRatio }).adjusted;
  if (adj) {
    const hr = (e: { estimate: number | null; ci_low: number | null; ci_high: number | null; reason?: string; p_value: number | null }, quantity: string) => ({
      quantity,
      estimate: hidden(e.estimate, e.reason) ?? fmtRatio(e.estimate),
      interval: fmtInterval(e.ci_low, e.ci_high, fmtRatio),
      method: `Wald; ${fmtP(e.p_value)}`,
    });
    tables.push({
      title: `Adjusted hazard ratio (${t} vs ${c}; Cox, Efron ties; adjusted for ${adj.covariates})`,
      columns: EFFECT_COLUMNS,
      rows: [
        hr(adj.hazard_ratio, `${t} (adjusted)`),
        ...Object.entries(adj.terms).map(([k, e]) => hr(e, k)),
        { quantity: 'concordance', estimate: adj.concordance === null ? 'suppressed' : fmtNum(adj.concordance, 3), interval: '', method: "Harrell's C" },
        { quantity: 'reference levels', estimate: adj.reference_levels || 'none (every covariate numeric)', interval: '', method: '' },
        { quantity: 'in the model', estimate: `${cell(adj.n)} people, ${cell(adj.events)} events`, interval: `${cell(adj.excluded_missing)} left out (missing covariate)`, method: '' },
      ],
    });
  }
  const side = (x: Record<string, unknown>) => ({
    not_mature: cell(x.not_mature),
    no_index: cell(x.no_index),
    index_day: cell(x.index_day_charges),
    stood_in: cell(x.stood_in_charges),
    late: cell(x.charged_after_waiting),
  });
  tables.push({
    title: `Left out (${t} vs ${c}; ${cell(r.neither_group)} people in neither group)`,
    columns: [
      { key: 'group', label: 'group', kind: 'text' },
      { key: 'not_mature', label: 'not mature', kind: 'text', right: true },
      { key: 'no_index', label: 'not yet released', kind: 'text', right: true },
      { key: 'index_day', label: 'index-day charges', kind: 'text', right: true },
      { key: 'stood_in', label: 'charge date stood in', kind: 'text', right: true },
      { key: 'late', label: 'charged after waiting', kind: 'text', right: true },
    ],
    rows: [
      { group: t, ...side(r.treated as unknown as Record<string, unknown>) },
      { group: c, ...side(r.comparison as unknown as Record<string, unknown>) },
    ],
  });
  return tables;
}

function quarterlyCompare(o: Opts, ds: Dataset, meta: Output['meta'], warnings: string[]): Output {
  if (o.weightsColumn !== undefined) throw usageError('--weights-column applies to --measure followup; quarterly desistance is not weighted yet');
  const kind = o.quarters as QuarterKind;
  const q = (v: unknown, flag: string) => {
    if (v === undefined) return undefined;
    try {
      return parseQuarterLabel(String(v), kind);
    } catch (e) {
      throw usageError(`${flag}: ${(e as Error).message}`);
    }
  };
  const { picks, names } = picksOf(o, ds);
  const neither = neitherGroup(ds.people.group, picks);
  let res;
  try {
    res = computeQuarterly(ds, {
      quarters: kind,
      from: q(o.from, '--from'),
      to: q(o.to, '--to'),
      basis: o.basis as 'charge',
      custody: o.custodyMode as 'whole-quarter',
      minLibertyDays: o.minLibertyDays as number,
      lag: parseDuration(o.lag as string),
      level: o.level as number,
      ciMethod: o.ciMethod as 'wilson',
      byGroup: true,
      cumulative: false,
      excludeIndexDay: Boolean(o.excludeIndexDay),
    });
  } catch (e) {
    if (e instanceof RangeError) throw usageError(e.message);
    throw e;
  }
  const rows = names.flatMap((t) =>
    compareQuarterly(res.rows, t, o.comparison as string, methods(o)).map((r) => ({ comparison_of: `${t} vs ${o.comparison as string}`, treated_group: t, comparison_group: o.comparison, neither_group: neither, ...r })),
  ) as unknown as Record<string, unknown>[];
  applyDisclosure(rows, COMPARE_RULES, { minCell: o.minCell as number, round: o.round as number });
  const lvl = `${Math.round((o.level as number) * 100)}% CI`;
  type Side = { x: number | null; n: number | null; proportion: number | null };
  type Eff = { estimate: number | null; ci_low: number | null; ci_high: number | null; method: string };
  type Test = { name: string; p_value: number | null };
  // the usual test is named in the notes; a quarter tested otherwise carries a footnote
  const counts = new Map<string, number>();
  for (const r of rows) counts.set((r.test as Test).name, (counts.get((r.test as Test).name) ?? 0) + 1);
  const usual = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  const cols: Column[] = [
    { key: 'quarter', label: 'quarter', kind: 'text' },
    ...(names.length > 1 ? [{ key: 'group', label: 'treated group', kind: 'text' } as Column] : []),
    { key: 'tn', label: `${names.length > 1 ? 'treated' : (o.treated as string)} at risk`, kind: 'int' },
    { key: 'tp', label: `${names.length > 1 ? 'treated' : (o.treated as string)} desistance`, kind: 'text', right: true },
    { key: 'cn', label: `${o.comparison} at risk`, kind: 'int' },
    { key: 'cp', label: `${o.comparison} desistance`, kind: 'text', right: true },
    { key: 'd', label: 'difference (points)', kind: 'text', right: true },
    { key: 'dci', label: lvl, kind: 'text', right: true },
    { key: 'p', label: 'p', kind: 'text', right: true },
    ...(rows.some((r) => r.provisional) ? [{ key: 'prov', label: 'provisional', kind: 'text' } as Column] : []),
  ];
  const table: HumanTable = { title: `Quarterly desistance (not charged, among people at risk): ${names.join(', ')} vs ${o.comparison as string}`, columns: cols, rows: [] };
  const share = (s: Side) => (s.n === null ? 'suppressed' : fmtPct(s.proportion));
  table.rows = rows.map((r) => {
    const d = r.difference as Eff;
    const t = r.test as Test;
    const note = disagreement({ what: 'difference', ci_low: d.ci_low, ci_high: d.ci_high, nullValue: 0, intervalMethod: d.method, p_value: t.p_value, testName: t.name, level: o.level as number });
    return {
      quarter: r.quarter,
      group: r.treated_group,
      tn: (r.treated as Side).n,
      tp: share(r.treated as Side),
      cn: (r.comparison as Side).n,
      cp: share(r.comparison as Side),
      d: fmtPoints(d.estimate),
      dci: fmtInterval(d.ci_low, d.ci_high, fmtPoints),
      p: `${fmtP(t.p_value).replace(/^p (= )?/, '')}${t.name !== usual ? ` ${footnoteMark(table, `p from ${t.name} (${t.name === 'fisher-exact' ? 'an expected count below 5' : 'every expected count 5 or more'}).`)}` : ''}${note ? ` ${footnoteMark(table, note)}` : ''}`,
      test: t.name,
      prov: r.provisional ? 'yes' : '',
      suppressed: (r.suppressed as string[] | undefined ?? []).map((k) => ({ 'treated.n': 'tn', 'comparison.n': 'cn' })[k] ?? k),
    };
  });
  return {
    meta: {
      ...meta,
      options: { ...meta.options, from: quarterLabel(res.options.from, kind), to: quarterLabel(res.options.to, kind) },
      quarter_range: { from: quarterLabel(res.options.from, kind), to: quarterLabel(res.options.to, kind) },
      level: o.level,
      ci_method: o.ciMethod,
      diff_method: o.diffMethod,
      or_method: o.orMethod,
      seed: o.seed,
      measure: 'quarterly desistance among people at risk',
    },
    warnings: [...warnings, ...res.diagnostics.warnings],
    rows,
    tables: [table],
    notes: [
      `Each quarter compares the share of at-risk people not charged (p: ${usual}; risk and odds ratios are in --format json, csv and xlsx). Quarters are not independent (the same people recur), so do not combine the per-quarter tests.`,
      `${fmtInt(neither)} cohort ${neither === 1 ? 'person is' : 'people are'} in neither group (group value other than ${[...names, o.comparison as string].map((v) => `'${v}'`).join(', ')}, or blank) and left out of the comparison.`,
      UNMATCHED_ADVICE,
    ],
    minCell: o.minCell as number,
  };
}

/**
 * compare's whole computation over a loaded dataset, from the options to the Output (rows
 * after disclosure control, tables, notes): `desist compare`, every comparison of `desist
 * batch` and `desist report` run exactly this. Pure: no I/O.
 */
export function compareOutput(o: Opts, ds: Dataset, meta: Output['meta'], warnings: string[], measures: CompareMeasures = DIRECT): Output {
  return o.measure === 'quarterly' ? quarterlyCompare(o, ds, meta, warnings) : followupCompare(o, ds, meta, warnings, measures);
}

/**
 * Two cohort files as groups under `--overlap drop`: the people removed from the comparison
 * group are counted in every row (`overlap_dropped`) and in a note.
 */
export function overlapDropped(loaded: Loaded): number | null {
  const c = loaded.inputs.find((i) => i.overlapDropped !== undefined);
  return c ? c.overlapDropped! : null;
}

export function reportOverlap(out: Output, loaded: Loaded, o: Opts): Output {
  const dropped = overlapDropped(loaded);
  if (dropped === null) return out;
  // a count of people like any other: suppressed below --min-cell, rounded with --round
  const shown: Record<string, unknown> = { overlap_dropped: dropped };
  applyDisclosure([shown], [{ count: 'overlap_dropped', derived: [] }], { minCell: o.minCell as number, round: o.round as number });
  for (const r of out.rows) {
    r.overlap_dropped = shown.overlap_dropped;
    if (shown.overlap_dropped === null) r.suppressed = [...((r.suppressed as string[] | undefined) ?? []), 'overlap_dropped'];
  }
  if (shown.overlap_dropped === null) {
    out.notes.push(`Fewer than ${o.minCell} people in both cohort files were removed from the comparison group (--overlap drop).`);
    return out;
  }
  const cohort = loaded.inputs.filter((i) => i.cohortGroup !== undefined);
  out.notes.push(
    `${plural(shown.overlap_dropped as number, 'person', 'people')} in both cohort files (${cohort.map((c) => c.file).join(' and ')}) ${shown.overlap_dropped === 1 ? 'was' : 'were'} removed from the comparison group (--overlap drop).`,
  );
  return out;
}

export function compareCommand(ctx: Ctx): Command {
  return datasetCommand(ctx, {
    name: 'compare',
    description: 'treated vs comparison: effect sizes, intervals, tests and survival, on follow-up or quarterly desistance',
    specs: SPECS,
    examples: [
      'desist compare sample-data/ --treated treated --comparison comparison',
      'desist compare sample-data/ --follow-up 24m --or-method exact --format json',
      'desist compare sample-data/ --measure quarterly --from 2024Q1',
      'desist compare sample-data/ --style jdl',
      'desist compare sample-data/ --treated all --at 365,730 --adjust age,sex',
      'desist compare sample-data/ --measure quarterly --between 2023Q4,2024Q4',
      'desist compare sample-data/ --treated-cohort t.csv --comparison-cohort c.csv',
    ],
    run: ({ o, loaded, meta }) => {
      if (o.between !== undefined && o.measure !== 'quarterly') throw usageError('--between needs --measure quarterly');
      if (o.between !== undefined) return reportOverlap(betweenOutput(o, loaded.dataset, meta, loaded.warnings), loaded, o);
      return reportOverlap(compareOutput(o, loaded.dataset, meta, loaded.warnings), loaded, o);
    },
  });
}
