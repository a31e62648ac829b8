/**
 * `desist quarterly DATASET`: quarterly fixed-cohort desistance, unadjusted and
 * custody-adjusted, per group (MEASURES.md §3-4).
 */
import type { Command } from 'commander';
import { ANALYSIS_SPECS, FROM_COUNTS_OPT, countsInputMeta, countsSourceSentence, datasetCommand, type Ctx, type CountsRun } from './context.js';
import { CUSTODY_MODES, ciMethodOpt, durationParser, levelOpt, num, type OptSpec, type Opts } from './options.js';
import { usageError } from '../core/errors.js';
import { readWeights } from './weights.js';
import { computeQuarterly, quarterRowFromCounts, type QuarterCounts, type QuarterlyResult, type QuarterlyRow } from '../measures/quarterly.js';
import type { QuarterlyOptions } from '../measures/quarterly-options.js';
import { planNowcast, type NowcastMethod, type NowcastResult } from '../measures/nowcast.js';
import { mapPlanned, ready, runPlanned, type Planned } from '../measures/planned.js';
import { checkAtMost, readCountsFile } from '../io/counts-file.js';
import { formatDay } from '../core/days.js';
export type { QuarterlyRow };
import { addDuration, parseDuration, parseQuarterLabel, quarter, quarterLabel, type QuarterKind } from '../measures/periods.js';
import { applyDisclosure, isSuppressed, plural, smallCells, type CountRule } from '../report/disclosure.js';
import type { Column, HumanTable, Output } from '../report/output.js';
import { fmtInt, fmtPct } from '../report/numbers.js';
import type { Dataset } from '../model/dataset.js';
import { indexDaySentence } from './followup.js';

export const QUARTERLY_OPTS: OptSpec[] = [
  { flags: '--quarters <kind>', key: 'quarters', description: 'calendar quarters (2023Q1 = Jan-Mar) or UK fiscal (2023/24 Q1 = Apr-Jun 2023)', default: 'calendar', choices: ['calendar', 'fiscal'] },
  { flags: '--from <quarter>', key: 'from', description: 'first quarter, e.g. 2023Q1 or 2023/24 Q1 (default: quarter of the earliest cohort_start)' },
  { flags: '--to <quarter>', key: 'to', description: 'last quarter (default: the last complete quarter before as-of)' },
  { flags: '--basis <basis>', key: 'basis', description: "which date places an event in a quarter: 'charge' date or 'offence' date", default: 'charge', choices: ['charge', 'offence'] },
  {
    flags: '--custody-mode <mode>',
    key: 'custodyMode',
    description: 'who is at risk: none (everyone eligible), whole-quarter (>= 1 liberty day), min-liberty (>= --min-liberty-days); also --custody MODE',
    default: 'whole-quarter',
    choices: CUSTODY_MODES,
  },
  { flags: '--min-liberty-days <n>', key: 'minLibertyDays', description: 'liberty days needed to be at risk with --custody min-liberty', default: 1, parse: num(1, 92, true) },
  { flags: '--lag <duration>', key: 'lag', description: 'offence basis: a quarter is provisional while its end + lag is after as-of', default: '6m', parse: durationParser },
  levelOpt,
  ciMethodOpt,
  { flags: '--pooled', key: 'pooled', description: "one row per quarter for the whole cohort, ignoring the cohort's group column", default: false },
  { flags: '--exclude-index-day', key: 'excludeIndexDay', description: 'leave out charges whose offence date (or charge date without one) is the cohort start day: usually the offence that brought the person into the cohort', default: false },
  { flags: '--cumulative', key: 'cumulative', description: 'add Kaplan-Meier cumulative desistance since cohort start on a liberty-day clock', default: false },
  { flags: '--weights <file>', key: 'weights', description: 'CSV offence_code,weight (a harm index you supply): adds harm per person and per 1,000 liberty days' },
  { flags: '--nowcast', key: 'nowcast', description: 'offence basis: nowcast provisional quarters (expected desistance once late charges arrive, with a prediction interval)', default: false },
  { flags: '--nowcast-method <method>', key: 'nowcastMethod', description: 'delay distribution: reverse-hazard (Lawless, right-truncation corrected, every quarter of the window) or complete-quarters (only quarters old enough to show every delay)', default: 'reverse-hazard', choices: ['reverse-hazard', 'complete-quarters'] },
  { flags: '--nowcast-window <quarters>', key: 'nowcastWindow', description: 'quarters of offence-to-charge delays used to estimate the delay distribution, ending at the last reported quarter', default: 12, parse: num(1, 200, true) },
  { flags: '--nowcast-max-delay <duration>', key: 'nowcastMaxDelay', description: 'longest delay from a quarter start to a charge for an offence in it (later charges count at this delay)', default: '24m', parse: durationParser },
  { flags: '--nowcast-draws <n>', key: 'nowcastDraws', description: 'simulation draws for the nowcast prediction interval', default: 2000, parse: num(100, 1e6, true) },
  { flags: '--seed <n>', key: 'seed', description: 'random seed of the nowcast simulation (recorded; quarterly otherwise draws no random numbers)', default: 1, parse: num(0, 2 ** 31 - 1, true) },
  FROM_COUNTS_OPT,
];

const SPECS = ANALYSIS_SPECS(QUARTERLY_OPTS);

const NOWCAST = ['desistance_nowcast', 'nowcast_ci_low', 'nowcast_ci_high', 'nowcast_expected_late'];
const CUMULATIVE = ['cumulative_desistance', 'cumulative_ci_low', 'cumulative_ci_high', 'cumulative_liberty_days'];
export const QUARTERLY_RULES: CountRule[] = [
  { count: 'eligible', derived: ['desistance_unadjusted', 'ci_low_unadjusted', 'ci_high_unadjusted', ...CUMULATIVE] },
  { count: 'charged', total: 'eligible', derived: ['desistance_unadjusted', 'ci_low_unadjusted', 'ci_high_unadjusted'] },
  { count: 'in_custody_whole_quarter', derived: [] },
  { count: 'at_risk', derived: [...NOWCAST, 'desistance', 'ci_low', 'ci_high', 'harm_per_person', 'liberty_days', 'charges_per_1000_liberty_days', 'rate_ci_low', 'rate_ci_high', 'harm_per_1000_liberty_days'] },
  { count: 'charged_at_risk', total: 'at_risk', derived: [...NOWCAST, 'desistance', 'ci_low', 'ci_high'] },
  { count: 'charges', derived: ['charges_per_1000_liberty_days', 'rate_ci_low', 'rate_ci_high', 'harm', 'harm_per_person', 'harm_per_1000_liberty_days'] },
  { count: 'unweighted_charges', derived: [] },
  { count: 'index_day_charges', derived: [] },
];

function quarterOpt(v: unknown, kind: QuarterKind, flag: string): number | undefined {
  if (v === undefined) return undefined;
  try {
    return parseQuarterLabel(String(v), kind);
  } catch (e) {
    throw usageError(`${flag}: ${(e as Error).message}`);
  }
}

const pct = (x: number | null) => (x === null ? 'not available' : fmtPct(x));

/**
 * The sentence under the table: what the custody adjustment did in the latest final quarter.
 * Built from the rows after disclosure control, so a suppressed count never reappears here.
 */
export function adjustmentSentence(rows: Record<string, unknown>[], custody: string): string[] {
  const final = rows.filter((r) => !r.provisional);
  if (final.length === 0) return ['No quarter in the range is final yet.'];
  const last = final[final.length - 1].quarter as string;
  return final
    .filter((r) => r.quarter === last)
    .map((r) => {
      const who = r.group === null ? '' : ` (${r.group as string})`;
      const k = r.in_custody_whole_quarter as number | null;
      const eligible = r.eligible as number | null;
      if (k === null || eligible === null || (isSuppressed(r) && custody !== 'none' && (r.desistance === null || r.desistance_unadjusted === null))) {
        return `${last}${who}: counts below the --min-cell threshold are suppressed.`;
      }
      if (eligible === 0) return `Nobody${who} was eligible in ${last}.`;
      const people = `${fmtInt(k)} of ${plural(eligible, 'person', 'people')}${who}`;
      const was = k === 1 ? 'was' : 'were';
      if (custody === 'none') {
        return `${people} ${was} in custody for all of ${last} and ${k === 1 ? 'is' : 'are'} counted as desisting (--custody none): ${pct(r.desistance_unadjusted as number | null)}.`;
      }
      return `${people} ${was} in custody for all of ${last}; counting them as desisting gives ${pct(r.desistance_unadjusted as number | null)}, excluding those not at risk gives ${pct(r.desistance as number | null)}.`;
    });
}

/**
 * The note on the nowcast: for each provisional row, the observed and nowcast figures and the
 * expected late charges, read from the rows after disclosure control.
 */
export function nowcastSentence(rows: Record<string, unknown>[], o: Opts): string {
  const parts = rows
    .filter((r) => r.provisional)
    .map((r) => {
      const who = `${r.quarter as string}${r.group === null ? '' : ` ${r.group as string}`}`;
      if (r.desistance_nowcast === null || r.desistance_nowcast === undefined) return `${who}: no nowcast (${r.nowcast_status === undefined || isSuppressed(r) ? 'suppressed' : String(r.nowcast_status)})`;
      const late = r.nowcast_expected_late as number;
      return `${who}: ${pct(r.desistance as number | null)} so far, nowcast ${pct(r.desistance_nowcast as number)} (${Math.round((o.level as number) * 100)}% PI ${pct(r.nowcast_ci_low as number | null)} to ${pct(r.nowcast_ci_high as number | null)}; about ${late.toFixed(1)} more ${late >= 0.95 && late < 1.05 ? 'person' : 'people'} expected to be charged for an offence in the quarter)`;
    });
  return `Nowcast of provisional quarters (late charges, ${o.nowcastMethod as string} delay distribution over ${o.nowcastWindow as number} quarters, seed ${o.seed as number}): ${parts.join('; ')}. Complete quarters show their observed value.`;
}

/**
 * Two human tables, one per population, so no two headers read alike: everyone eligible
 * (people in custody all quarter count as not charged) and the people at risk.
 */
function humanTables(rows: Record<string, unknown>[], o: Opts): HumanTable[] {
  const keys: Column[] = [
    { key: 'quarter', label: 'quarter', kind: 'text' },
    ...(rows.some((r) => r.group !== null) ? [{ key: 'group', label: 'group', kind: 'text' } as Column] : []),
  ];
  const provisional: Column[] = rows.some((r) => r.provisional) ? [{ key: 'provisional', label: 'provisional', kind: 'bool' }] : [];
  const atRiskWho =
    o.custodyMode === 'none'
      ? 'everyone eligible (--custody none)'
      : o.custodyMode === 'min-liberty'
        ? `at liberty ${plural(o.minLibertyDays as number, 'day', 'days')} or more in the quarter`
        : 'at liberty a day or more in the quarter';
  const atRisk: Column[] = [
    ...keys,
    { key: 'at_risk', label: 'at risk', kind: 'int' },
    { key: 'charged_at_risk', label: 'charged (at risk)', kind: 'int' },
    { key: 'desistance', label: 'desistance (at risk)', kind: 'prop' },
    { key: 'ci', label: `${Math.round((o.level as number) * 100)}% CI (%)`, kind: 'interval', lowKey: 'ci_low', highKey: 'ci_high' },
    { key: 'charges_per_1000_liberty_days', label: 'charges per 1,000 liberty days', kind: 'rate', digits: 2 },
  ];
  if (o.weights) atRisk.push({ key: 'harm_per_1000_liberty_days', label: 'harm per 1,000 liberty days', kind: 'rate', digits: 2 });
  if (o.cumulative) atRisk.push({ key: 'cumulative_desistance', label: 'cumulative desistance', kind: 'prop' });
  if (o.nowcast) {
    atRisk.push({ key: 'desistance_nowcast', label: 'nowcast desistance (at risk)', kind: 'prop' });
    atRisk.push({ key: 'nowcast_ci', label: `${Math.round((o.level as number) * 100)}% PI (%)`, kind: 'interval', lowKey: 'nowcast_ci_low', highKey: 'nowcast_ci_high' });
  }
  return [
    {
      title: `Quarterly desistance among people at risk (${atRiskWho})`,
      columns: [...atRisk, ...provisional],
      rows,
    },
    {
      title: 'Quarterly desistance of everyone eligible (people in custody all quarter included)',
      columns: [
        ...keys,
        { key: 'eligible', label: 'eligible', kind: 'int' },
        { key: 'in_custody_whole_quarter', label: 'in custody all quarter', kind: 'int' },
        { key: 'charged', label: 'charged (all eligible)', kind: 'int' },
        { key: 'desistance_unadjusted', label: 'desistance (all eligible)', kind: 'prop' },
        { key: 'index_day_charges', label: 'charges on the cohort start day', kind: 'int' },
        ...provisional,
      ],
      rows,
    },
  ];
}

/** The quarterly options of the CLI's parsed flags. */
export function quarterlyOptionsOf(o: Opts, weights?: Map<string, number>): Partial<QuarterlyOptions> {
  const kind = o.quarters as QuarterKind;
  return {
    quarters: kind,
    from: quarterOpt(o.from, kind, '--from'),
    to: quarterOpt(o.to, kind, '--to'),
    basis: o.basis as 'charge' | 'offence',
    custody: o.custodyMode as 'none' | 'whole-quarter' | 'min-liberty',
    minLibertyDays: o.minLibertyDays as number,
    lag: parseDuration(o.lag as string),
    level: o.level as number,
    ciMethod: o.ciMethod as 'wilson',
    byGroup: !o.pooled,
    weights,
    cumulative: Boolean(o.cumulative),
    excludeIndexDay: Boolean(o.excludeIndexDay),
  };
}

/**
 * Quarterly rows for the CLI's options, with the nowcast fields when `--nowcast` (offence basis
 * only). Bad option values become usage errors. Shared by `quarterly` and `explain`.
 */
export function runQuarterly(ds: Dataset, o: Opts, weights?: Map<string, number>): { res: QuarterlyResult; nowcast: NowcastResult | null } {
  return runPlanned(planQuarterly(ds, o, weights));
}

/**
 * runQuarterly with the nowcast's simulation left to the caller (planNowcast, planned.ts).
 */
export function planQuarterly(
  ds: Dataset,
  o: Opts,
  weights?: Map<string, number>,
): Planned<{ res: QuarterlyResult; nowcast: NowcastResult | null }> {
  if (o.nowcast && o.basis !== 'offence') throw usageError('--nowcast needs --basis offence: on the charge basis a complete quarter is already final');
  let res: QuarterlyResult;
  try {
    res = computeQuarterly(ds, quarterlyOptionsOf(o, weights));
  } catch (e) {
    if (e instanceof RangeError) throw usageError(e.message);
    throw e;
  }
  if (!o.nowcast) return ready({ res, nowcast: null });
  const plan = planNowcast(ds, res.options, res.rows, res.options, {
    method: o.nowcastMethod as NowcastMethod,
    windowQuarters: o.nowcastWindow as number,
    maxDelayDays: addDuration(ds.asOf, parseDuration(o.nowcastMaxDelay as string)) - ds.asOf,
    draws: o.nowcastDraws as number,
    seed: o.seed as number,
    level: o.level as number,
  });
  return mapPlanned(plan, (nowcast) => {
    res.rows.forEach((r, i) => Object.assign(r, nowcast.cells[i]));
    return { res, nowcast };
  });
}

export function quarterlyOutput(ctx: Ctx, o: Opts, ds: Dataset, meta: Output['meta'], warnings: string[]): Output {
  const kind = o.quarters as QuarterKind;
  const weightsFile = o.weights ? readWeights(ctx.io.cwd, o.weights as string) : undefined;
  const weights = weightsFile?.weights;
  const { res, nowcast } = runQuarterly(ds, o, weights);
  const rows = res.rows as unknown as Record<string, unknown>[];
  const w = [...warnings, ...res.diagnostics.warnings];
  if (res.diagnostics.excluded_missing_offence_date > 0) {
    w.push(`${res.diagnostics.excluded_missing_offence_date} charges have no offence_date and cannot be placed on the offence basis; they are left out`);
  }
  if (weights && res.diagnostics.unweighted_codes.length > 0) {
    w.push(`offence codes with no weight (counted with harm 0): ${res.diagnostics.unweighted_codes.slice(0, 10).join(', ')}${res.diagnostics.unweighted_codes.length > 10 ? ', …' : ''}`);
  }
  applyDisclosure(rows, QUARTERLY_RULES, { minCell: o.minCell as number, round: o.round as number });
  const notes = adjustmentSentence(rows, o.custodyMode as string);
  if (!(o.minCell as number) && smallCells(rows, QUARTERLY_RULES) > 0 && ['md', 'table'].includes(String(o.format ?? 'table'))) {
    notes.push('Small cells (counts of 1-9) are shown: use --min-cell 10 (or your publication rule) before publishing.');
  }
  if (rows.some((r) => r.provisional)) notes.push(nowcast ? nowcastSentence(rows, o) : 'Provisional quarters can still change: charges arrive after the offence (see --lag, and --nowcast).');
  const atRisk =
    o.custodyMode === 'none'
      ? 'adjusted figures equal the unadjusted ones (--custody none: everyone eligible is at risk, including people in custody all quarter)'
      : `adjusted figures count only people with ${o.custodyMode === 'min-liberty' ? `at least ${plural(o.minLibertyDays as number, 'day', 'days')}` : 'a day or more'} at liberty in the quarter (--custody ${o.custodyMode})`;
  const indexDay = res.rows.reduce((a, r) => a + (r.index_day_charges ?? 0), 0);
  notes.push(indexDaySentence(indexDay, Boolean(o.excludeIndexDay), o.minCell as number).replace('on the index day', 'on the cohort start day'));
  notes.push(`Desistance = share of people not charged in the quarter (${o.basis} date basis); ${atRisk}. Intervals: ${o.ciMethod}, ${Math.round((o.level as number) * 100)}%.`);
  // echo the quarter range actually used, defaults resolved
  const range = { from: quarterLabel(res.options.from, kind), to: quarterLabel(res.options.to, kind) };
  const configFiles = [...((meta.config_files as unknown[]) ?? []), ...(weightsFile ? [{ role: 'weights', file: o.weights, sha256: weightsFile.sha256 }] : [])];
  return {
    meta: {
      ...meta,
      options: { ...meta.options, ...range },
      config_files: configFiles,
      ci_method: o.ciMethod,
      level: o.level,
      seed: o.seed,
      quarter_range: range,
      ...(nowcast ? { nowcast: { ...nowcast.meta, window: { from: quarterLabel(nowcast.meta.window.from, kind), to: quarterLabel(nowcast.meta.window.to, kind) } } } : {}),
    },
    warnings: w,
    rows,
    tables: humanTables(rows, o),
    notes,
    minCell: o.minCell as number,
  };
}

export function quarterlyCommand(ctx: Ctx): Command {
  return datasetCommand(ctx, {
    name: 'quarterly',
    description: 'quarterly fixed-cohort desistance, unadjusted and custody-adjusted, per group',
    specs: SPECS,
    examples: [
      'desist quarterly sample-data/',
      'desist quarterly sample-data/ --custody none            # the figure that counts prisoners as desisting',
      'desist quarterly sample-data/ --basis offence --lag 6m  # offence dates, recent quarters provisional',
      'desist quarterly sample-data/ --quarters fiscal --from "2023/24 Q1" -o q.csv',
    ],
    run: ({ o, loaded, meta }) => quarterlyOutput(ctx, o, loaded.dataset, meta, loaded.warnings),
    fromCounts: (r) => quarterlyFromCounts(r),
  });
}

const QUARTER_COUNTS = ['eligible', 'in_custody_whole_quarter', 'charged', 'at_risk', 'charged_at_risk', 'liberty_days', 'charges'] as const;

/**
 * `--from-counts FILE`: the rows of counts computed elsewhere (`desist sql quarterly` in a
 * warehouse), with the intervals, reasons, notes and disclosure control of the native command.
 */
export function quarterlyFromCounts({ o, file, shown, meta }: CountsRun): Output {
  if (o.nowcast) throw usageError('--nowcast needs the extracts themselves (the offence-to-charge delays), not --from-counts');
  const kind = o.quarters as QuarterKind;
  const counts = readCountsFile(file, shown, { counts: QUARTER_COUNTS, text: ['quarter', 'group'], flags: ['provisional'] });
  const rows = counts.rows.map(({ line, values: v }) => {
    for (const [part, whole] of [['in_custody_whole_quarter', 'eligible'], ['charged', 'eligible'], ['at_risk', 'eligible'], ['charged_at_risk', 'at_risk']]) checkAtMost(shown, line, v, part, whole);
    const index = quarterOpt(v.quarter, kind, `${shown}:${line}: quarter`);
    if (index === undefined) throw usageError(`${shown}:${line}: quarter: missing`);
    const q = quarter(index, kind);
    return quarterRowFromCounts(
      { ciMethod: o.ciMethod as 'wilson', level: o.level as number, custody: o.custodyMode as 'none', minLibertyDays: o.minLibertyDays as number },
      { quarter: q.label, quarter_start: formatDay(q.start), quarter_end: formatDay(q.end), group: v.group as string | null, provisional: Boolean(v.provisional) },
      Object.fromEntries(QUARTER_COUNTS.map((c) => [c, v[c] as number])) as unknown as QuarterCounts,
    ) as unknown as Record<string, unknown>;
  });
  applyDisclosure(rows, QUARTERLY_RULES, { minCell: o.minCell as number, round: o.round as number });
  const notes = [
    ...adjustmentSentence(rows, o.custodyMode as string),
    `${countsSourceSentence('quarterly', shown, o)} The custody mode, basis and quarters are those the counts were computed with: check the query's header comment.`,
  ];
  if (!(o.minCell as number) && smallCells(rows, QUARTERLY_RULES) > 0) notes.push('Small cells (counts of 1-9) are shown: use --min-cell 10 (or your publication rule) before publishing.');
  return {
    meta: { ...meta, ci_method: o.ciMethod, level: o.level, inputs: [countsInputMeta(shown, counts)] },
    warnings: [],
    rows,
    tables: humanTables(rows, o).map((t) => ({ ...t, title: `${t.title} (from counts)`, columns: t.columns.filter((c) => !c.key.startsWith('cumulative') && !c.key.startsWith('harm')) })),
    notes,
    minCell: o.minCell as number,
  };
}
