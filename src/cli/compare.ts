/**
 * `desist compare DATASET`: treated vs comparison with effect sizes, intervals and tests
 * (MEASURES.md §6), on the follow-up or the quarterly measure.
 */
import type { Command } from 'commander';
import { ANALYSIS_SPECS, datasetCommand, type Ctx } from './context.js';
import { ciMethodOpt, diffMethodOpt, levelOpt, num, orMethodOpt, type OptSpec, type Opts } from './options.js';
import { usageError } from '../core/errors.js';
import { FOLLOWUP_OPTS, runFollowup } from './followup.js';
import { QUARTERLY_OPTS } from './quarterly.js';
import { EFFECT_COLUMNS, effectTable } from './ci.js';
import { compareFollowup, compareQuarterly, jdlCompare, pickGroups, type CompareOptions } from '../compare/compare.js';
import { computeQuarterly } from '../measures/quarterly.js';
import { parseDuration, parseQuarterLabel, quarterLabel, type QuarterKind } from '../measures/periods.js';
import { applyDisclosure, isSuppressed, type CountRule } from '../report/disclosure.js';
import { footnoteMark, type Column, type HumanTable, type Output } from '../report/output.js';
import { fmtInt, fmtInterval, fmtNum, fmtP, fmtPct, fmtPoints, fmtRatio, MISSING } from '../report/numbers.js';
import { disagreement } from '../report/agreement.js';
import type { Dataset } from '../model/dataset.js';

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
];

const SPECS = ANALYSIS_SPECS(COMPARE_OPTS);

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

function followupCompare(o: Opts, ds: Dataset, meta: Output['meta'], warnings: string[]): Output {
  const res = runFollowup(ds, { ...o, pooled: false });
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
      const f = (v: number) => (isRate ? fmtPoints(v) : fmtNum(v, 3));
      const mean = (s: Side) => (s.mean === null ? MISSING : isRate ? fmtPct(s.mean) : fmtNum(s.mean, 3));
      return {
        outcome: String(r.outcome).replace(/^frequency: /, ''),
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
  const hidden = (v: unknown, reason?: string) => (v === null ? (reason && reason !== 'suppressed' ? `${MISSING} (${reason})` : 'suppressed') : undefined);
  const suppressed = (path: string) => isSuppressed(row) && (row.suppressed as string[]).includes(path);
  const perSide = (g: 'treated' | 'comparison') => ({
    group: g,
    reoffences: fr[g].reoffences,
    per_person: fr[g].per_person,
    per_1000_liberty_days: fr[g].per_1000_liberty_days,
    suppressed: isSuppressed(row) ? (row.suppressed as string[]).filter((k) => k.startsWith(`frequency.${g}.`)).map((k) => k.slice(`frequency.${g}.`.length)) : [],
  });
  const frequency: HumanTable = {
    title: 'Frequency of reoffences',
    columns: [
      { key: 'group', label: '', kind: 'text' },
      { key: 'reoffences', label: 'reoffences', kind: 'int' },
      { key: 'per_person', label: 'per person', kind: 'rate', digits: 3 },
      { key: 'per_1000_liberty_days', label: 'per 1,000 liberty days', kind: 'rate', digits: 2 },
    ],
    rows: [perSide('treated'), perSide('comparison')],
  };
  const effects: HumanTable = { title: `Frequency: ${o.treated} vs ${o.comparison}`, columns: EFFECT_COLUMNS, rows: [] };
  const rrNote = disagreement({ what: 'rate ratio', ci_low: fr.rate_ratio.ci_low, ci_high: fr.rate_ratio.ci_high, nullValue: 1, intervalMethod: fr.rate_ratio.method, p_value: fr.rate_ratio.p_value, testName: `${fr.rate_ratio.method} test`, level: o.level as number });
  const rrInterval = fmtInterval(fr.rate_ratio.ci_low, fr.rate_ratio.ci_high, fmtRatio);
  effects.rows = [
    { quantity: 'rate ratio per liberty day', estimate: hidden(fr.rate_ratio.estimate, fr.rate_ratio.reason) ?? fmtRatio(fr.rate_ratio.estimate), interval: rrNote ? `${rrInterval} ${footnoteMark(effects, rrNote)}` : rrInterval, method: fr.rate_ratio.method },
    { quantity: 'test of equal rates', estimate: fmtP(fr.rate_ratio.p_value), interval: '', method: fr.rate_ratio.method },
    {
      quantity: 'mean difference per person',
      estimate: hidden(fr.mean_difference.estimate, fr.mean_difference.reason) ?? fmtNum(fr.mean_difference.estimate, 3),
      interval: fmtInterval(fr.mean_difference.ci_low, fr.mean_difference.ci_high, (v) => fmtNum(v, 3)),
      method: o.meanMethod === 'bootstrap' ? `bootstrap ${footnoteMark(effects, `Person-level bootstrap, percentile interval: ${fmtInt(o.bootstrap as number)} replicates, seed ${o.seed}.`)}` : 'Welch t',
    },
  ];
  const median = (g: 'treated' | 'comparison') => {
    if (suppressed(`survival.${g}_median_days`)) return 'suppressed';
    const days = sv[`${g}_median_days`];
    return days === null ? `${MISSING} (${sv[`${g}_median_reason`] ?? 'not reached'})` : `${fmtInt(days)} days`;
  };
  const tables: HumanTable[] = [
    effectTable(r, o.level as number, `Reoffended within ${o.followUp} (${o.treated} vs ${o.comparison})`),
    frequency,
    effects,
    {
      title: 'Time to first reoffence',
      columns: EFFECT_COLUMNS,
      rows: [
        { quantity: 'median, treated', estimate: median('treated'), interval: '', method: 'Kaplan-Meier' },
        { quantity: 'median, comparison', estimate: median('comparison'), interval: '', method: 'Kaplan-Meier' },
        { quantity: 'log-rank test', estimate: fmtP(sv.log_rank.p_value), interval: sv.log_rank.statistic === null ? '' : `chi-square ${fmtNum(sv.log_rank.statistic, 3)}, df ${sv.log_rank.df}`, method: 'log-rank' },
        { quantity: 'hazard ratio', estimate: hidden(sv.hazard_ratio.estimate, sv.hazard_ratio.reason) ?? fmtRatio(sv.hazard_ratio.estimate), interval: fmtInterval(sv.hazard_ratio.ci_low, sv.hazard_ratio.ci_high, fmtRatio), method: `Cox (Efron ties), Wald; ${fmtP(sv.hazard_ratio.p_value)}` },
      ],
    },
  ];
  const notes: string[] = [];
  if (r.difference.estimate !== null) {
    notes.push(
      `Reoffending: ${o.treated} ${fmtPct(r.treated.proportion)} vs ${o.comparison} ${fmtPct(r.comparison.proportion)}, a difference of ${fmtPoints(r.difference.estimate)} percentage points (${lvl} CI ${fmtInterval(r.difference.ci_low, r.difference.ci_high, fmtPoints)}; ${r.test.name} ${fmtP(r.test.p_value)}).`,
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
  type Side = { x: number | null; n: number | null; proportion: number | null };
  type Eff = { estimate: number | null; ci_low: number | null; ci_high: number | null; method: string };
  type Test = { name: string; p_value: number | null };
  // the usual test is named in the notes; a quarter tested otherwise carries a footnote
  const counts = new Map<string, number>();
  for (const r of rows) counts.set((r.test as Test).name, (counts.get((r.test as Test).name) ?? 0) + 1);
  const usual = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  const cols: Column[] = [
    { key: 'quarter', label: 'quarter', kind: 'text' },
    { key: 'tn', label: `${o.treated} at risk`, kind: 'int' },
    { key: 'tp', label: `${o.treated} desistance`, kind: 'text', right: true },
    { key: 'cn', label: `${o.comparison} at risk`, kind: 'int' },
    { key: 'cp', label: `${o.comparison} desistance`, kind: 'text', right: true },
    { key: 'd', label: 'difference (points)', kind: 'text', right: true },
    { key: 'dci', label: lvl, kind: 'text', right: true },
    { key: 'p', label: 'p', kind: 'text', right: true },
    ...(rows.some((r) => r.provisional) ? [{ key: 'prov', label: 'provisional', kind: 'text' } as Column] : []),
  ];
  const table: HumanTable = { title: `Quarterly desistance (not charged, among people at risk): ${o.treated} vs ${o.comparison}`, columns: cols, rows: [] };
  const share = (s: Side) => (s.n === null ? 'suppressed' : fmtPct(s.proportion));
  table.rows = rows.map((r) => {
    const d = r.difference as Eff;
    const t = r.test as Test;
    const note = disagreement({ what: 'difference', ci_low: d.ci_low, ci_high: d.ci_high, nullValue: 0, intervalMethod: d.method, p_value: t.p_value, testName: t.name, level: o.level as number });
    return {
      quarter: r.quarter,
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
      'Groups are compared as they are: unless they were randomised or matched, a difference is not an effect of the intervention.',
    ],
    minCell: o.minCell as number,
  };
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
    ],
    run: ({ o, loaded, meta }) => (o.measure === 'quarterly' ? quarterlyCompare(o, loaded.dataset, meta, loaded.warnings) : followupCompare(o, loaded.dataset, meta, loaded.warnings)),
  });
}
