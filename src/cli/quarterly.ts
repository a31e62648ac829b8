/**
 * `desist quarterly DATASET`: quarterly fixed-cohort desistance, unadjusted and
 * custody-adjusted, per group (MEASURES.md §3-4).
 */
import type { Command } from 'commander';
import { ANALYSIS_SPECS, FROM_COUNTS_OPT, datasetCommand, type Ctx, type CountsRun } from './context.js';
import { CUSTODY_MODES, ciMethodOpt, durationParser, levelOpt, num, type OptSpec, type Opts } from './options.js';
import { usageError } from '../core/errors.js';
import { readWeights } from './weights.js';
import { computeQuarterly, quarterRowFromCounts, type QuarterCounts, type QuarterlyRow } from '../measures/quarterly.js';
import { checkAtMost, readCountsFile } from '../io/counts-file.js';
import { formatDay } from '../core/days.js';
export type { QuarterlyRow };
import { parseDuration, parseQuarterLabel, quarter, quarterLabel, type QuarterKind } from '../measures/periods.js';
import { applyDisclosure, isSuppressed, plural, smallCells, type CountRule } from '../report/disclosure.js';
import type { Column, Output } from '../report/output.js';
import type { Dataset } from '../model/dataset.js';

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
  { flags: '--cumulative', key: 'cumulative', description: 'add Kaplan-Meier cumulative desistance since cohort start on a liberty-day clock', default: false },
  { flags: '--weights <file>', key: 'weights', description: 'CSV offence_code,weight (a harm index you supply): adds harm per person and per 1,000 liberty days' },
  { flags: '--seed <n>', key: 'seed', description: 'random seed (recorded; quarterly itself draws no random numbers)', default: 1, parse: num(0, 2 ** 31 - 1, true) },
  FROM_COUNTS_OPT,
];

const SPECS = ANALYSIS_SPECS(QUARTERLY_OPTS);

const CUMULATIVE = ['cumulative_desistance', 'cumulative_ci_low', 'cumulative_ci_high', 'cumulative_liberty_days'];
export const QUARTERLY_RULES: CountRule[] = [
  { count: 'eligible', derived: ['desistance_unadjusted', 'ci_low_unadjusted', 'ci_high_unadjusted', ...CUMULATIVE] },
  { count: 'charged', total: 'eligible', derived: ['desistance_unadjusted', 'ci_low_unadjusted', 'ci_high_unadjusted'] },
  { count: 'in_custody_whole_quarter', derived: [] },
  { count: 'at_risk', derived: ['desistance', 'ci_low', 'ci_high', 'harm_per_person', 'liberty_days', 'charges_per_1000_liberty_days', 'rate_ci_low', 'rate_ci_high', 'harm_per_1000_liberty_days'] },
  { count: 'charged_at_risk', total: 'at_risk', derived: ['desistance', 'ci_low', 'ci_high'] },
  { count: 'charges', derived: ['charges_per_1000_liberty_days', 'rate_ci_low', 'rate_ci_high', 'harm', 'harm_per_person', 'harm_per_1000_liberty_days'] },
  { count: 'unweighted_charges', derived: [] },
];

function quarterOpt(v: unknown, kind: QuarterKind, flag: string): number | undefined {
  if (v === undefined) return undefined;
  try {
    return parseQuarterLabel(String(v), kind);
  } catch (e) {
    throw usageError(`${flag}: ${(e as Error).message}`);
  }
}

const pct = (x: number | null) => (x === null ? 'not available' : `${(x * 100).toFixed(1)}%`);

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
      const people = `${k.toLocaleString('en-GB')} of ${plural(eligible, 'person', 'people')}${who}`;
      const was = k === 1 ? 'was' : 'were';
      if (custody === 'none') {
        return `${people} ${was} in custody for all of ${last} and ${k === 1 ? 'is' : 'are'} counted as desisting (--custody none): ${pct(r.desistance_unadjusted as number | null)}.`;
      }
      return `${people} ${was} in custody for all of ${last}; counting them as desisting gives ${pct(r.desistance_unadjusted as number | null)}, excluding those not at risk gives ${pct(r.desistance as number | null)}.`;
    });
}

function humanColumns(rows: Pick<QuarterlyRow, 'group'>[], o: Opts): Column[] {
  const lvl = `${Math.round((o.level as number) * 100)}% CI`;
  const cols: Column[] = [
    { key: 'quarter', label: 'quarter', kind: 'text' },
    ...(rows.some((r) => r.group !== null) ? [{ key: 'group', label: 'group', kind: 'text' } as Column] : []),
    { key: 'eligible', label: 'eligible', kind: 'int' },
    { key: 'in_custody_whole_quarter', label: 'in custody all qtr', kind: 'int' },
    { key: 'charged', label: 'charged', kind: 'int' },
    { key: 'desistance_unadjusted', label: 'desist (unadj)', kind: 'prop' },
    { key: 'at_risk', label: 'at risk', kind: 'int' },
    { key: 'charged_at_risk', label: 'charged', kind: 'int' },
    { key: 'desistance', label: 'desistance', kind: 'prop' },
    { key: 'ci', label: lvl, kind: 'interval', lowKey: 'ci_low', highKey: 'ci_high' },
    { key: 'charges_per_1000_liberty_days', label: 'charges/1000 lib. days', kind: 'rate' },
  ];
  if (o.weights) cols.push({ key: 'harm_per_1000_liberty_days', label: 'harm/1000 lib. days', kind: 'rate' });
  if (o.cumulative) cols.push({ key: 'cumulative_desistance', label: 'cumulative', kind: 'prop' });
  cols.push({ key: 'provisional', label: 'provisional', kind: 'bool' });
  return cols;
}

export function quarterlyOutput(ctx: Ctx, o: Opts, ds: Dataset, meta: Output['meta'], warnings: string[]): Output {
  const kind = o.quarters as QuarterKind;
  const weightsFile = o.weights ? readWeights(ctx.io.cwd, o.weights as string) : undefined;
  const weights = weightsFile?.weights;
  let res;
  try {
    res = computeQuarterly(ds, {
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
    });
  } catch (e) {
    if (e instanceof RangeError) throw usageError(e.message);
    throw e;
  }
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
  if (rows.some((r) => r.provisional)) notes.push('Provisional quarters can still change: charges arrive after the offence (see --lag).');
  const atRisk =
    o.custodyMode === 'none'
      ? 'adjusted figures equal the unadjusted ones (--custody none: everyone eligible is at risk, including people in custody all quarter)'
      : `adjusted figures count only people with ${o.custodyMode === 'min-liberty' ? `at least ${plural(o.minLibertyDays as number, 'day', 'days')}` : 'a day or more'} at liberty in the quarter (--custody ${o.custodyMode})`;
  notes.push(`Desistance = share of people not charged in the quarter (${o.basis} date basis); ${atRisk}. Intervals: ${o.ciMethod}, ${Math.round((o.level as number) * 100)}%.`);
  // echo the quarter range actually used, defaults resolved
  const range = { from: quarterLabel(res.options.from, kind), to: quarterLabel(res.options.to, kind) };
  const configFiles = [...((meta.config_files as unknown[]) ?? []), ...(weightsFile ? [{ role: 'weights', file: o.weights, sha256: weightsFile.sha256 }] : [])];
  return {
    meta: { ...meta, options: { ...meta.options, ...range }, config_files: configFiles, ci_method: o.ciMethod, level: o.level, seed: o.seed, quarter_range: range },
    warnings: w,
    rows,
    tables: [{ title: `Quarterly desistance${o.pooled ? '' : ''}`, columns: humanColumns(res.rows, o), rows }],
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
      'desist quarterly sample-data/ --quarters fiscal --from "2023/24 Q1" --format csv -o q.csv',
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
    `Counts from ${shown} (computed outside desist, e.g. by \`desist sql quarterly\`); intervals: ${o.ciMethod as string}, ${Math.round((o.level as number) * 100)}%. The custody mode, basis and quarters are those the counts were computed with: check the query's header comment.`,
  ];
  if (!(o.minCell as number) && smallCells(rows, QUARTERLY_RULES) > 0) notes.push('Small cells (counts of 1-9) are shown: use --min-cell 10 (or your publication rule) before publishing.');
  return {
    meta: { ...meta, ci_method: o.ciMethod, level: o.level, inputs: [{ role: 'counts', file: shown, sha256: counts.sha256, read: counts.read, accepted: counts.read, rejected: 0, deduplicated: 0 }] },
    warnings: [],
    rows,
    tables: [{ title: 'Quarterly desistance (from counts)', columns: humanColumns(rows as Pick<QuarterlyRow, 'group'>[], o).filter((c) => !c.key.startsWith('cumulative') && !c.key.startsWith('harm')), rows }],
    notes,
    minCell: o.minCell as number,
  };
}
