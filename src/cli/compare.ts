/**
 * `desist compare DATASET`: treated vs comparison with effect sizes, intervals and tests
 * (MEASURES.md §6), on the follow-up or the quarterly measure.
 */
import type { Command } from 'commander';
import { ANALYSIS_SPECS, datasetCommand, type Ctx } from './context.js';
import { ciMethodOpt, diffMethodOpt, levelOpt, num, orMethodOpt, type OptSpec, type Opts } from './options.js';
import { usageError } from '../core/errors.js';
import { FOLLOWUP_OPTS, censoringRule, clockDays, followupNotes, runFollowup } from './followup.js';
import { FOLLOWUP_STATUS, type FollowupResult } from '../measures/followup.js';
import { formatDay } from '../core/days.js';
import { adjustedHazardRatio, covariateDesign, type AdjustedHazardRatio } from '../compare/adjusted.js';
import { QUARTERLY_OPTS } from './quarterly.js';
import { EFFECT_COLUMNS, effectRows } from './ci.js';
import { betweenOutput } from './compare-between.js';
import { compareFollowup, compareQuarterly, jdlCompare, neitherGroup, pickGroups, treatedValues, twoGroupSurvival, type CompareOptions, type GroupPick } from '../compare/compare.js';
import { computeQuarterly } from '../measures/quarterly.js';
import { parseDuration, parseQuarterLabel, quarterLabel, type QuarterKind } from '../measures/periods.js';
import { applyDisclosure, isSuppressed, type CountRule } from '../report/disclosure.js';
import type { Column, HumanTable, Output } from '../report/output.js';
import type { Dataset } from '../model/dataset.js';

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
  ...shared(['index', 'followUp', 'waiting', 'clock', 'excludeIndexDay', 'at'], FOLLOWUP_OPTS),
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

const p4 = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v < 0.0001 ? v.toExponential(2) : v.toFixed(4));
const f3 = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toFixed(3));
const ci = (lo: number | null | undefined, hi: number | null | undefined, f: (v: number) => string) =>
  lo === null || hi === null || lo === undefined || hi === undefined ? '–' : `${f(lo)} to ${f(hi)}`;

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

function followupCompare(o: Opts, ds: Dataset, meta: Output['meta'], warnings: string[]): Output {
  const res = runFollowup(ds, { ...o, pooled: false });
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
  const neitherNote = `${neither.toLocaleString('en-GB')} cohort ${neither === 1 ? 'person is' : 'people are'} in neither group (group value other than ${[...names, o.comparison as string].map((v) => `'${v}'`).join(', ')}, or blank) and left out of the comparison.`;
  if (o.style === 'jdl') {
    const rows = picks.flatMap((pick, i) =>
      jdlCompare(res, pick, methods(o)).map((r) => ({ comparison_of: `${names[i]} vs ${o.comparison as string}`, treated_group: names[i], comparison_group: o.comparison, neither_group: neither, ...r })),
    ) as unknown as Record<string, unknown>[];
    applyDisclosure(rows, COMPARE_RULES, { minCell: o.minCell as number, round: o.round as number });
    type Side = { mean: number | null };
    type Eff = { estimate: number | null; ci_low: number | null; ci_high: number | null };
    const human = rows.map((r) => {
      const d = r.difference as Eff;
      const isRate = String(r.outcome).includes('rate');
      const f = (v: number) => (isRate ? `${(v * 100).toFixed(1)} pts` : v.toFixed(3));
      const mean = (s: Side) => (s.mean === null ? '–' : isRate ? `${(s.mean * 100).toFixed(1)}%` : f3(s.mean));
      return {
        outcome: picks.length > 1 ? `${r.treated_group as string}: ${r.outcome as string}` : r.outcome,
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
      warnings: [...warnings, ...fWarnings],
      rows,
      tables: [{ title: `Justice Data Lab style: ${names.join(', ')} vs ${o.comparison as string}`, columns: cols, rows: human }],
      notes: [
        ...rows.map((r) => (r.sentence === null ? `${r.outcome as string}: suppressed (counts below --min-cell).` : String(r.sentence))),
        'Welch two-sample t-tests on the 0/1 reoffending indicator and on reoffences per person; significant where p <= 0.05 and the guards are met.',
        neitherNote,
      ],
      minCell: o.minCell as number,
    };
  }
  const rows: Record<string, unknown>[] = picks.map((pick, i) => {
    const computed = compareFollowup(res, pick, methods(o));
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
  const tables: HumanTable[] = rows.flatMap((row) => comparisonTables(row, o, unit));
  const notes: string[] = [];
  for (const row of rows) {
    const r = row as unknown as ReturnType<typeof compareFollowup>;
    if (r.difference.estimate !== null) {
      notes.push(
        `Reoffending (charge-based proxy of proven reoffending): ${row.treated_group as string} ${((r.treated.proportion ?? 0) * 100).toFixed(1)}% vs ${o.comparison as string} ${((r.comparison.proportion ?? 0) * 100).toFixed(1)}%, a difference of ${(r.difference.estimate * 100).toFixed(1)} percentage points (${lvl} CI ${((r.difference.ci_low ?? 0) * 100).toFixed(1)} to ${((r.difference.ci_high ?? 0) * 100).toFixed(1)}; ${r.test.name} p = ${p4(r.test.p_value)}).`,
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
  notes.push('Groups are compared as they are: unless they were randomised or matched (desist match), a difference is not an effect of the intervention.');
  return { meta: fullMeta, warnings: [...warnings, ...fWarnings], rows, tables, notes, minCell: o.minCell as number };
}

/** The human tables of one comparison row (read after disclosure control). */
function comparisonTables(row: Record<string, unknown>, o: Opts, unit: string): HumanTable[] {
  const r = row as unknown as ReturnType<typeof compareFollowup> & { treated_group: string; neither_group: number | null };
  const fr = r.frequency;
  const sv = r.survival;
  const t = r.treated_group;
  const c = o.comparison as string;
  const hidden = (v: unknown, reason?: string) => (v === null ? (reason ? `– (${reason})` : 'suppressed') : undefined);
  const cell = (v: unknown) => (v === null || v === undefined ? `<${o.minCell as number}` : Number(v).toLocaleString('en-GB'));
  const tables: HumanTable[] = [
    { title: `Reoffended within ${o.followUp} (${t} vs ${c}; charge-based proxy of proven reoffending)`, columns: EFFECT_COLUMNS, rows: effectRows(r, 'points') },
    {
      title: 'Frequency',
      columns: EFFECT_COLUMNS,
      rows: [
        { quantity: t, estimate: `${fr.treated.reoffences ?? `<${o.minCell}`} reoffences, ${f3(fr.treated.per_person)} per person`, interval: `${f3(fr.treated.per_1000_liberty_days)} per 1,000 liberty days`, method: '' },
        { quantity: c, estimate: `${fr.comparison.reoffences ?? `<${o.minCell}`} reoffences, ${f3(fr.comparison.per_person)} per person`, interval: `${f3(fr.comparison.per_1000_liberty_days)} per 1,000 liberty days`, method: '' },
        { quantity: 'rate ratio (liberty days)', estimate: hidden(fr.rate_ratio.estimate, fr.rate_ratio.reason) ?? f3(fr.rate_ratio.estimate), interval: ci(fr.rate_ratio.ci_low, fr.rate_ratio.ci_high, (v) => v.toFixed(3)), method: `${fr.rate_ratio.method}, p = ${p4(fr.rate_ratio.p_value)}` },
        { quantity: 'difference in mean per person', estimate: hidden(fr.mean_difference.estimate, fr.mean_difference.reason) ?? f3(fr.mean_difference.estimate), interval: ci(fr.mean_difference.ci_low, fr.mean_difference.ci_high, (v) => v.toFixed(3)), method: o.meanMethod === 'bootstrap' ? `person-level bootstrap, percentile (${o.bootstrap} replicates, seed ${o.seed})` : 'Welch t' },
      ],
    },
    {
      title: `Time to first reoffence (${o.clock} clock, ${unit})`,
      columns: EFFECT_COLUMNS,
      rows: [
        { quantity: `median ${unit} (${t} / ${c})`, estimate: `${sv.treated_median_days ?? sv.treated_median_reason ?? 'not reached'} / ${sv.comparison_median_days ?? sv.comparison_median_reason ?? 'not reached'}`, interval: `${cell(sv.treated_n)} / ${cell(sv.comparison_n)} people`, method: 'Kaplan-Meier' },
        { quantity: 'log-rank', estimate: `p = ${p4(sv.log_rank.p_value)}`, interval: sv.log_rank.statistic === null ? '' : `chi-square ${sv.log_rank.statistic.toFixed(3)}, df ${sv.log_rank.df}`, method: 'log-rank' },
        { quantity: 'hazard ratio', estimate: hidden(sv.hazard_ratio.estimate, sv.hazard_ratio.reason) ?? f3(sv.hazard_ratio.estimate), interval: ci(sv.hazard_ratio.ci_low, sv.hazard_ratio.ci_high, (v) => v.toFixed(3)), method: `Cox (Efron ties); p (Wald test) = ${p4(sv.hazard_ratio.p_value)}` },
      ],
    },
  ];
  if (isSuppressed(row)) {
    const medianHidden = (row.suppressed as string[]).some((k) => k.startsWith('survival.'));
    if (medianHidden) tables[2].rows[0].estimate = 'suppressed';
  }
  if (sv.at) {
    const pctS = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
    tables.push({
      title: `Not reoffended by day (${t} vs ${c})`,
      columns: [
        { key: 'day', label: unit, kind: 'text' },
        { key: 'treated', label: t, kind: 'text' },
        { key: 'comparison', label: c, kind: 'text' },
        { key: 'difference', label: 'difference (pts)', kind: 'text' },
        { key: 'interval', label: `${Math.round((o.level as number) * 100)}% CI`, kind: 'text' },
      ],
      rows: Object.entries(sv.at).map(([k, a]) => ({
        day: k.replace('day_', ''),
        treated: `${pctS(a.treated.survival)} (${cell(a.treated.n_risk)} at risk)`,
        comparison: `${pctS(a.comparison.survival)} (${cell(a.comparison.n_risk)} at risk)`,
        difference: a.difference.estimate === null ? `– (${a.difference.reason ?? 'suppressed'})` : (a.difference.estimate * 100).toFixed(1),
        interval: ci(a.difference.ci_low, a.difference.ci_high, (v) => (v * 100).toFixed(1)),
      })),
    });
  }
  const adj = (row as { adjusted?: AdjustedHazardRatio }).adjusted;
  if (adj) {
    const hr = (e: { estimate: number | null; ci_low: number | null; ci_high: number | null; reason?: string; p_value: number | null }, quantity: string) => ({
      quantity,
      estimate: hidden(e.estimate, e.reason) ?? f3(e.estimate),
      interval: ci(e.ci_low, e.ci_high, (v) => v.toFixed(3)),
      method: `p (Wald test) = ${p4(e.p_value)}`,
    });
    tables.push({
      title: `Adjusted hazard ratio (${t} vs ${c}; Cox, Efron ties; adjusted for ${adj.covariates})`,
      columns: EFFECT_COLUMNS,
      rows: [
        hr(adj.hazard_ratio, `${t} (adjusted)`),
        ...Object.entries(adj.terms).map(([k, e]) => hr(e, k)),
        { quantity: 'concordance', estimate: adj.concordance === null ? 'suppressed' : f3(adj.concordance), interval: '', method: "Harrell's C" },
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
      { key: 'not_mature', label: 'not mature', kind: 'text' },
      { key: 'no_index', label: 'not yet released', kind: 'text' },
      { key: 'index_day', label: 'index-day charges', kind: 'text' },
      { key: 'stood_in', label: 'charge date stood in', kind: 'text' },
      { key: 'late', label: 'charged after waiting', kind: 'text' },
    ],
    rows: [
      { group: t, ...side(r.treated as unknown as Record<string, unknown>) },
      { group: c, ...side(r.comparison as unknown as Record<string, unknown>) },
    ],
  });
  return tables;
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
  const cols: Column[] = [
    { key: 'quarter', label: 'quarter', kind: 'text' },
    ...(names.length > 1 ? [{ key: 'group', label: 'treated group', kind: 'text' } as Column] : []),
    { key: 't', label: names.length > 1 ? 'treated' : `${o.treated}`, kind: 'text' },
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
      group: r.treated_group,
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
    tables: [{ title: `Quarterly desistance (not charged, at risk): ${names.join(', ')} vs ${o.comparison as string}`, columns: cols, rows: human }],
    notes: [
      'Each quarter compares the share of at-risk people not charged. Quarters are not independent (the same people recur), so do not combine the per-quarter tests.',
      `${neither.toLocaleString('en-GB')} cohort ${neither === 1 ? 'person is' : 'people are'} in neither group (group value other than ${[...names, o.comparison as string].map((v) => `'${v}'`).join(', ')}, or blank) and left out of the comparison.`,
      'Groups are compared as they are: unless they were randomised or matched, a difference is not an effect of the intervention.',
    ],
    minCell: o.minCell as number,
  };
}

/**
 * The compare command's Output (rows, human tables, notes) for a loaded dataset: the measure
 * option picks the follow-up or the quarterly comparison. Pure: no I/O. `desist report` calls
 * it on the dataset it loaded once.
 */
export function compareOutput(o: Opts, ds: Dataset, meta: Output['meta'], warnings: string[]): Output {
  return o.measure === 'quarterly' ? quarterlyCompare(o, ds, meta, warnings) : followupCompare(o, ds, meta, warnings);
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
      'desist compare sample-data/ --treated all --clock gaps --at 365,730 --adjust age,sex',
      'desist compare sample-data/ --measure quarterly --between 2023Q4,2024Q4',
    ],
    run: ({ o, loaded, meta }) => {
      if (o.between !== undefined && o.measure !== 'quarterly') throw usageError('--between needs --measure quarterly');
      if (o.between !== undefined) return betweenOutput(o, loaded.dataset, meta, loaded.warnings);
      return compareOutput(o, loaded.dataset, meta, loaded.warnings);
    },
  });
}
