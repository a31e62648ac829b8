/**
 * `desist compare DATASET`: treated vs comparison with effect sizes, intervals and tests
 * (MEASURES.md §6), on the follow-up or the quarterly measure.
 */
import type { Command } from 'commander';
import { ANALYSIS_SPECS, datasetCommand, type Ctx } from './context.js';
import { ciMethodOpt, diffMethodOpt, levelOpt, num, orMethodOpt, TWO_COHORT_OPTS, type OptSpec, type Opts } from './options.js';
import { usageError } from '../core/errors.js';
import { FOLLOWUP_OPTS, runFollowup } from './followup.js';
import { QUARTERLY_OPTS } from './quarterly.js';
import { EFFECT_COLUMNS, effectRows } from './ci.js';
import { compareFollowup, compareQuarterly, jdlCompare, pickGroups, type CompareOptions } from '../compare/compare.js';
import { computeQuarterly } from '../measures/quarterly.js';
import { parseDuration, parseQuarterLabel, quarterLabel, type QuarterKind } from '../measures/periods.js';
import { applyDisclosure, isSuppressed, plural, type CountRule } from '../report/disclosure.js';
import type { Column, HumanTable, Output } from '../report/output.js';
import type { Dataset } from '../model/dataset.js';
import type { FollowupResult } from '../measures/followup.js';
import type { Loaded } from '../io/load.js';

const shared = (keys: string[], specs: OptSpec[]) => specs.filter((s) => keys.includes(s.key));

export const COMPARE_OPTS: OptSpec[] = [
  { flags: '--measure <measure>', key: 'measure', description: 'compare follow-up reoffending, or quarterly desistance quarter by quarter', default: 'followup', choices: ['followup', 'quarterly'] },
  { flags: '--treated <value>', key: 'treated', description: "the cohort group value of the treated group", default: 'treated' },
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
  ...shared(['index', 'followUp', 'waiting', 'clock'], FOLLOWUP_OPTS),
  ...shared(['quarters', 'from', 'to', 'basis', 'custodyMode', 'minLibertyDays', 'lag'], QUARTERLY_OPTS),
  ...TWO_COHORT_OPTS,
];

/** compare's whole option table (dataset, compare's own, common): also the batch manifest's keys. */
export const COMPARE_SPECS = ANALYSIS_SPECS(COMPARE_OPTS);
const SPECS = COMPARE_SPECS;

const EFFECTS = ['difference', 'risk_ratio', 'odds_ratio'].flatMap((e) => ['estimate', 'ci_low', 'ci_high'].map((k) => `${e}.${k}`));
const SIDE = (g: string) => [`${g}.proportion`, `${g}.ci_low`, `${g}.ci_high`, `${g}.mean`];
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
];

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
  };
}

const p4 = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v < 0.0001 ? v.toExponential(2) : v.toFixed(4));
const f3 = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toFixed(3));
const ci = (lo: number | null | undefined, hi: number | null | undefined, f: (v: number) => string) =>
  lo === null || hi === null || lo === undefined || hi === undefined ? '–' : `${f(lo)} to ${f(hi)}`;

/**
 * Where compare gets its measures from. `desist compare` computes them from the dataset; a
 * batch hands in a source that reuses one per-person pass across its comparisons.
 */
export interface CompareMeasures {
  followup: (ds: Dataset, o: Opts) => FollowupResult;
}

const DIRECT: CompareMeasures = { followup: runFollowup };

function followupCompare(o: Opts, ds: Dataset, meta: Output['meta'], warnings: string[], measures: CompareMeasures): Output {
  const res = measures.followup(ds, { ...o, pooled: false });
  let pick;
  try {
    pick = pickGroups(ds.people.groupNames, o.treated as string, o.comparison as string);
  } catch (e) {
    throw usageError((e as Error).message);
  }
  const lvl = `${Math.round((o.level as number) * 100)}%`;
  const fullMeta = { ...meta, level: o.level, ci_method: o.ciMethod, seed: o.seed, bootstrap: o.bootstrap, measure: 'followup (charge-based proxy of proven reoffending)' };
  if (o.style === 'jdl') {
    const rows = jdlCompare(res, pick, methods(o)) as unknown as Record<string, unknown>[];
    applyDisclosure(rows, COMPARE_RULES, { minCell: o.minCell as number, round: o.round as number });
    type Side = { mean: number | null };
    type Eff = { estimate: number | null; ci_low: number | null; ci_high: number | null };
    const human = rows.map((r) => {
      const d = r.difference as Eff;
      const isRate = String(r.outcome).includes('rate');
      const f = (v: number) => (isRate ? `${(v * 100).toFixed(1)} pts` : v.toFixed(3));
      const mean = (s: Side) => (s.mean === null ? '–' : isRate ? `${(s.mean * 100).toFixed(1)}%` : f3(s.mean));
      return {
        outcome: r.outcome,
        treated: mean(r.treated as Side),
        comparison: mean(r.comparison as Side),
        difference: d.estimate === null ? '–' : f(d.estimate),
        interval: ci(d.ci_low, d.ci_high, f),
        p: p4((r.test as { p_value: number | null }).p_value),
        significant: r.significant === null ? '–' : r.significant ? 'yes' : 'no',
      };
    });
    const cols: Column[] = ['outcome', 'treated', 'comparison', 'difference', 'interval', 'p', 'significant'].map((k) => ({ key: k, label: k === 'interval' ? `${lvl} CI` : k, kind: 'text' }));
    return {
      meta: { ...fullMeta, style: 'jdl' },
      warnings,
      rows,
      tables: [{ title: `Justice Data Lab style: ${o.treated} vs ${o.comparison}`, columns: cols, rows: human }],
      notes: [
        ...rows.map((r) => (r.sentence === null ? `${r.outcome as string}: suppressed (counts below --min-cell).` : String(r.sentence))),
        'Welch two-sample t-tests on the 0/1 reoffending indicator and on reoffences per person; significant where p <= 0.05 and the guards are met.',
      ],
      minCell: o.minCell as number,
    };
  }
  const computed = compareFollowup(res, pick, methods(o));
  const row = { comparison_of: `${o.treated} vs ${o.comparison}`, ...computed } as unknown as Record<string, unknown>;
  applyDisclosure([row], COMPARE_RULES, { minCell: o.minCell as number, round: o.round as number });
  // Everything shown below is read from the row after disclosure control.
  const r = row as unknown as typeof computed;
  const fr = r.frequency;
  const sv = r.survival;
  const hidden = (v: unknown, reason?: string) => (v === null ? (reason ? `– (${reason})` : 'suppressed') : undefined);
  const tables: HumanTable[] = [
    { title: `Reoffended within ${o.followUp} (${o.treated} vs ${o.comparison})`, columns: EFFECT_COLUMNS, rows: effectRows(r, 'points') },
    {
      title: 'Frequency',
      columns: EFFECT_COLUMNS,
      rows: [
        { quantity: 'treated', estimate: `${fr.treated.reoffences ?? `<${o.minCell}`} reoffences, ${f3(fr.treated.per_person)} per person`, interval: `${f3(fr.treated.per_1000_liberty_days)} per 1,000 liberty days`, method: '' },
        { quantity: 'comparison', estimate: `${fr.comparison.reoffences ?? `<${o.minCell}`} reoffences, ${f3(fr.comparison.per_person)} per person`, interval: `${f3(fr.comparison.per_1000_liberty_days)} per 1,000 liberty days`, method: '' },
        { quantity: 'rate ratio (liberty days)', estimate: hidden(fr.rate_ratio.estimate, fr.rate_ratio.reason) ?? f3(fr.rate_ratio.estimate), interval: ci(fr.rate_ratio.ci_low, fr.rate_ratio.ci_high, (v) => v.toFixed(3)), method: `${fr.rate_ratio.method}, p = ${p4(fr.rate_ratio.p_value)}` },
        { quantity: 'difference in mean per person', estimate: hidden(fr.mean_difference.estimate, fr.mean_difference.reason) ?? f3(fr.mean_difference.estimate), interval: ci(fr.mean_difference.ci_low, fr.mean_difference.ci_high, (v) => v.toFixed(3)), method: o.meanMethod === 'bootstrap' ? `person-level bootstrap, percentile (${o.bootstrap} replicates, seed ${o.seed})` : 'Welch t' },
      ],
    },
    {
      title: 'Time to first reoffence',
      columns: EFFECT_COLUMNS,
      rows: [
        { quantity: 'median days (treated / comparison)', estimate: `${sv.treated_median_days ?? sv.treated_median_reason ?? 'not reached'} / ${sv.comparison_median_days ?? sv.comparison_median_reason ?? 'not reached'}`, interval: '', method: 'Kaplan-Meier' },
        { quantity: 'log-rank', estimate: `p = ${p4(sv.log_rank.p_value)}`, interval: sv.log_rank.statistic === null ? '' : `chi-square ${sv.log_rank.statistic.toFixed(3)}, df ${sv.log_rank.df}`, method: 'log-rank' },
        { quantity: 'hazard ratio', estimate: hidden(sv.hazard_ratio.estimate, sv.hazard_ratio.reason) ?? f3(sv.hazard_ratio.estimate), interval: ci(sv.hazard_ratio.ci_low, sv.hazard_ratio.ci_high, (v) => v.toFixed(3)), method: `Cox (Efron ties), Wald; p = ${p4(sv.hazard_ratio.p_value)}` },
      ],
    },
  ];
  if (isSuppressed(row)) {
    const medianHidden = (row.suppressed as string[]).some((k) => k.startsWith('survival.'));
    if (medianHidden) tables[2].rows[0].estimate = 'suppressed';
  }
  const notes: string[] = [];
  if (r.difference.estimate !== null) {
    notes.push(
      `Reoffending: ${o.treated} ${((r.treated.proportion ?? 0) * 100).toFixed(1)}% vs ${o.comparison} ${((r.comparison.proportion ?? 0) * 100).toFixed(1)}%, a difference of ${(r.difference.estimate * 100).toFixed(1)} percentage points (${lvl} CI ${((r.difference.ci_low ?? 0) * 100).toFixed(1)} to ${((r.difference.ci_high ?? 0) * 100).toFixed(1)}; ${r.test.name} p = ${p4(r.test.p_value)}).`,
    );
  }
  notes.push('Groups are compared as they are: unless they were randomised or matched (desist match), a difference is not an effect of the intervention.');
  return { meta: fullMeta, warnings, rows: [row], tables, notes, minCell: o.minCell as number };
}

function quarterlyCompare(o: Opts, ds: Dataset, meta: Output['meta'], warnings: string[]): Output {
  const kind = o.quarters as QuarterKind;
  const q = (v: unknown, flag: string) => {
    if (v === undefined) return undefined;
    try {
      return parseQuarterLabel(String(v), kind);
    } catch (e) {
      throw usageError(`${flag}: ${(e as Error).message}`);
    }
  };
  try {
    pickGroups(ds.people.groupNames, o.treated as string, o.comparison as string);
  } catch (e) {
    throw usageError((e as Error).message);
  }
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
    });
  } catch (e) {
    if (e instanceof RangeError) throw usageError(e.message);
    throw e;
  }
  const rows = compareQuarterly(res.rows, o.treated as string, o.comparison as string, methods(o)) as unknown as Record<string, unknown>[];
  applyDisclosure(rows, COMPARE_RULES, { minCell: o.minCell as number, round: o.round as number });
  const lvl = `${Math.round((o.level as number) * 100)}% CI`;
  const cols: Column[] = [
    { key: 'quarter', label: 'quarter', kind: 'text' },
    { key: 't', label: `${o.treated}`, kind: 'text' },
    { key: 'c', label: `${o.comparison}`, kind: 'text' },
    { key: 'd', label: 'difference (pts)', kind: 'text' },
    { key: 'dci', label: lvl, kind: 'text' },
    { key: 'rr', label: 'risk ratio', kind: 'text' },
    { key: 'or', label: 'odds ratio', kind: 'text' },
    { key: 'p', label: 'p', kind: 'text' },
    { key: 'test', label: 'test', kind: 'text' },
    { key: 'prov', label: 'provisional', kind: 'text' },
  ];
  type Side = { x: number | null; n: number | null; proportion: number | null };
  type Eff = { estimate: number | null; ci_low: number | null; ci_high: number | null };
  const pc = (s: Side) => (s.proportion === null || s.x === null || s.n === null ? (s.n === null ? `<${o.minCell}` : '–') : `${s.x}/${s.n} ${(s.proportion * 100).toFixed(1)}%`);
  const human = rows.map((r) => {
    const d = r.difference as Eff;
    return {
      quarter: r.quarter,
      t: pc(r.treated as Side),
      c: pc(r.comparison as Side),
      d: d.estimate === null ? '–' : (d.estimate * 100).toFixed(1),
      dci: ci(d.ci_low, d.ci_high, (v) => (v * 100).toFixed(1)),
      rr: f3((r.risk_ratio as Eff).estimate),
      or: f3((r.odds_ratio as Eff).estimate),
      p: p4((r.test as { p_value: number | null }).p_value),
      test: (r.test as { name: string }).name,
      prov: r.provisional ? 'yes' : '',
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
    tables: [{ title: `Quarterly desistance (not charged, at risk): ${o.treated} vs ${o.comparison}`, columns: cols, rows: human }],
    notes: [
      'Each quarter compares the share of at-risk people not charged. Quarters are not independent (the same people recur), so do not combine the per-quarter tests.',
      'Groups are compared as they are: unless they were randomised or matched, a difference is not an effect of the intervention.',
    ],
    minCell: o.minCell as number,
  };
}

/**
 * compare's whole computation over a loaded dataset, from the options to the Output (rows
 * after disclosure control, tables, notes): `desist compare` and every comparison of
 * `desist batch` run exactly this.
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
      'desist compare sample-data/ --treated-cohort scheme.csv --comparison-cohort pool.csv --overlap drop',
    ],
    run: ({ o, loaded, meta }) => reportOverlap(compareOutput(o, loaded.dataset, meta, loaded.warnings), loaded, o),
  });
}
