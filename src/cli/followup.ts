/**
 * `desist followup DATASET`: follow-up reoffending in the proven-reoffending shape
 * (MEASURES.md §5), per group, with the time-to-first-reoffence curve on request.
 */
import type { Command } from 'commander';
import { ANALYSIS_SPECS, FROM_COUNTS_OPT, countsInputMeta, countsSourceSentence, datasetCommand, type Ctx, type CountsRun } from './context.js';
import { ciMethodOpt, daysParser, durationParser, levelOpt, num, weightsColumnOpt, type OptSpec, type Opts } from './options.js';
import { cohortWeights } from './weights.js';
import { usageError } from '../core/errors.js';
import { FOLLOWUP_COUNT_FIELDS, followupFromPersons, followupPersons, followupRowFromCounts, type FollowupCounts, type FollowupOptions, type FollowupResult } from '../measures/followup.js';
import { BLANK_GROUP, groupOrder } from '../measures/groups.js';
import { checkAtMost, checkUnique, checkZeroWithout, readCountsFile, type CountsFile } from '../io/counts-file.js';
import { followupCurve, followupCurveAt } from '../measures/followup-curve.js';
import { formatDay } from '../core/days.js';
import { applyDisclosure, plural, smallCells, type CountRule } from '../report/disclosure.js';
import type { Column, HumanTable, Output } from '../report/output.js';
import { fmtInt } from '../report/numbers.js';
import type { Dataset } from '../model/dataset.js';

export const FOLLOWUP_OPTS: OptSpec[] = [
  { flags: '--index <mode>', key: 'index', description: 'start of follow-up: cohort start, or release (first liberty day on or after cohort start)', default: 'start', choices: ['start', 'release'] },
  { flags: '--follow-up <duration>', key: 'followUp', description: 'length of the follow-up window: 12m, 24m, 365d, ...', default: '12m', parse: durationParser },
  { flags: '--waiting <duration>', key: 'waiting', description: 'time after the window for an offence in it to be charged', default: '6m', parse: durationParser },
  {
    flags: '--clock <clock>',
    key: 'clock',
    description: 'calendar window; liberty (custody days extend the window: street time); gaps (calendar window, custody periods removed from the survival risk set)',
    default: 'calendar',
    choices: ['calendar', 'liberty', 'gaps'],
  },
  { flags: '--exclude-index-day', key: 'excludeIndexDay', description: 'leave out charges whose offence date (or charge date without one) is the index day: usually the offence that brought the person into the cohort', default: false },
  levelOpt,
  ciMethodOpt,
  { flags: '--pooled', key: 'pooled', description: "one row for the whole cohort, ignoring the cohort's group column", default: false },
  { flags: '--curve', key: 'curve', description: 'output the Kaplan-Meier curve of time to first reoffence per group instead of the summary', default: false },
  { flags: '--at <days>', key: 'at', description: 'with --curve: read the curve at these days only, e.g. 365,730 (survival, interval, at risk, cumulative events)', parse: daysParser },
  { flags: '--seed <n>', key: 'seed', description: 'random seed (recorded; followup itself draws no random numbers)', default: 1, parse: num(0, 2 ** 31 - 1, true) },
  weightsColumnOpt,
  FROM_COUNTS_OPT,
];

const SPECS = ANALYSIS_SPECS(FOLLOWUP_OPTS);

const MEDIAN = ['median_days_to_first', 'median_ci_low', 'median_ci_high'];
export const FOLLOWUP_RULES: CountRule[] = [
  { count: 'n', derived: ['rate', 'ci_low', 'ci_high', 'per_person', 'liberty_days', 'weighted_n'] },
  { count: 'not_mature', derived: [] },
  { count: 'no_index', total: 'not_mature', derived: [] },
  { count: 'reoffenders', total: 'n', derived: ['rate', 'ci_low', 'ci_high', 'per_reoffender'] },
  { count: 'reoffences', derived: ['per_person', 'per_reoffender'] },
  { count: 'survival_n', derived: MEDIAN },
  { count: 'survival_events', total: 'survival_n', derived: MEDIAN },
  { count: 'index_day_charges', derived: [] },
  { count: 'stood_in_charges', derived: [] },
  { count: 'charged_after_waiting', derived: [] },
];

export const CURVE_AT_RULES: CountRule[] = [
  { count: 'n_risk', derived: ['survival', 'ci_low', 'ci_high', 'std_err'] },
  { count: 'n_event', derived: ['survival', 'ci_low', 'ci_high', 'std_err'] },
];

export const CURVE_RULES: CountRule[] = [
  { count: 'n_risk', derived: ['survival', 'ci_low', 'ci_high'] },
  { count: 'n_event', derived: ['survival', 'ci_low', 'ci_high'] },
  { count: 'n_censor', derived: ['survival', 'ci_low', 'ci_high'] },
];

/** The per-person pass of follow-up (measures/followup.ts), or a source that reuses one. */
export type FollowupPass = (ds: Dataset, fo: FollowupOptions) => ReturnType<typeof followupPersons>;

/**
 * The follow-up measure from the command options (with case weights when given); RangeErrors
 * become usage errors. A batch hands in a `pass` that reuses one per-person pass.
 */
export function runFollowup(ds: Dataset, o: Opts, weights?: Float64Array, pass: FollowupPass = followupPersons): FollowupResult {
  try {
    const res = followupFromPersons(
      pass(ds, {
        index: o.index as 'start' | 'release',
        followUp: o.followUp as string,
        waiting: o.waiting as string,
        clock: o.clock as 'calendar' | 'liberty' | 'gaps',
        level: o.level as number,
        ciMethod: o.ciMethod as 'wilson',
        byGroup: !o.pooled,
        excludeIndexDay: Boolean(o.excludeIndexDay),
      }),
      weights,
    );
    // rows are computed on first read: with weights, read them here so that a weighting the
    // clock cannot take (the gaps clock) is a usage error like any other
    if (weights) void res.rows;
    return res;
  } catch (e) {
    if (e instanceof RangeError) throw usageError(e.message.replace(/^follow-?up\b:?/i, '--follow-up:').replace(/^waiting\b:?/, '--waiting:'));
    throw e;
  }
}

/** "days", or "liberty days" on the liberty clock: the unit of every time on that clock. */
export function clockDays(o: Opts): string {
  return o.clock === 'liberty' ? 'liberty days' : 'days';
}

/** How time to first reoffence is measured and censored, in words (every format says it). */
export function censoringRule(res: FollowupResult, o: Opts): string {
  const clock =
    o.clock === 'gaps'
      ? 'calendar days since the index with custody periods removed from the risk set (a person in custody at the index enters on release; an offence on the first day of a custody episode, or inside it, is dated at the last day at liberty before it)'
      : o.clock === 'liberty'
        ? 'liberty days since the index (custody days stop the clock)'
        : 'calendar days since the index';
  return `Time to first reoffence uses everyone with an index date, mature or not: ${clock}, censored at the earlier of the end of their window and the observation horizon ${formatDay(res.persons.survival.horizon)} (as-of minus the ${o.waiting} waiting period).`;
}

/** The sentence naming the index-day charges (every format: table note, and the rows' field). */
export function indexDaySentence(count: number, excluded: boolean, minCell: number): string {
  const shown = minCell > 0 && count < minCell ? `Fewer than ${minCell} charges fall` : `${plural(count, 'charge falls', 'charges fall')}`;
  return `${shown} on the index day (offence date, or charge date without one); they are usually the offence that brought the person into the cohort. ${excluded ? 'They are left out (--exclude-index-day).' : 'They are counted as reoffences: give --exclude-index-day when the cohort starts on the offence, arrest or charge date.'}`;
}

/** What a reoffence and a mature person are, for the options given (the first note of every summary). */
export function definitionSentence(o: Opts): string {
  return `This is a charge-based proxy of proven reoffending: a reoffence is a charge for an offence committed in the ${o.followUp} window from the ${o.index === 'release' ? 'release' : 'cohort start'} date (${o.clock} clock), charged within a further ${o.waiting}. People whose window and waiting period end after as-of are not yet mature and are not counted in the rate.${o.clock === 'liberty' ? ' On the liberty clock custody extends the window, except custody that begins on or after the first offence (so that maturity does not depend on the outcome).' : ''}`;
}

/**
 * The warning for people never released by as-of (release index): they have no index date. Under
 * --min-cell K a count below K is not given (the warning is in the JSON output too).
 */
export const noIndexWarning = (count: number, minCell: number): string =>
  `${minCell > 0 && count < minCell ? `Fewer than ${minCell} people were` : plural(count, 'person was', 'people were')} in custody at cohort start and not released by as-of: no index date (counted in not_mature)`;

export function followupNotes(res: FollowupResult, o: Opts): { notes: string[]; warnings: string[] } {
  const d = res.diagnostics;
  const minCell = (o.minCell as number) ?? 0;
  const notes = [
    definitionSentence(o),
    indexDaySentence(d.indexDayCharges, Boolean(o.excludeIndexDay), minCell),
    censoringRule(res, o),
  ];
  if (minCell === 0) {
    notes.push(
      `charge_date stood in for a missing offence_date on ${fmtInt(d.chargeDateStoodIn)} of ${plural(d.chargesConsidered, 'charge', 'charges')} considered (${fmtInt(d.chargeDateStoodInInWindow)} of them counted as reoffences); ${plural(d.duplicateReoffences, 'repeat charge', 'repeat charges')} for the same offence (person, date, code) ${d.duplicateReoffences === 1 ? 'was' : 'were'} counted once; ${plural(d.chargedAfterWaiting, 'offence', 'offences')} in a window ${d.chargedAfterWaiting === 1 ? 'was' : 'were'} charged after the waiting period and ${d.chargedAfterWaiting === 1 ? 'is' : 'are'} not counted.`,
    );
  } else notes.push('Charges that stood in for a missing offence date, or were charged after the waiting period, are counted per group in the rows (stood_in_charges, charged_after_waiting).');
  if (o.clock === 'gaps' && d.beforeEntry > 0 && minCell === 0) {
    notes.push(`${plural(d.beforeEntry, 'person', 'people')} reoffended while in custody at the index, before entering the risk set: not an event on the gaps clock (their first reoffence after release is).`);
  }
  const warnings: string[] = [];
  if (d.noIndex > 0) warnings.push(noIndexWarning(d.noIndex, minCell));
  if (d.openCustody > 0) warnings.push(`${plural(d.openCustody, 'person is', 'people are')} in custody at as-of before their liberty-clock window completed (counted in not_mature)`);
  if (!o.excludeIndexDay && d.indexDayCharges > 0) {
    let withIndex = 0;
    for (let p = 0; p < res.persons.n; p++) if (res.persons.indexDayCharges[p] > 0) withIndex++;
    const people = res.persons.n - d.noIndex;
    if (people > 0 && withIndex / people >= 0.05) {
      warnings.push(
        `${(100 * withIndex / people).toFixed(1)}% of people have a charge dated on their index day, counted as a reoffence: if the cohort starts on the offence, arrest or charge date, these are the index offence (not a reoffence under the proven-reoffending definition); give --exclude-index-day`,
      );
    }
  }
  return { notes, warnings };
}

/**
 * The --weights-column weights, or undefined without the option. `notes` says what is
 * weighted, and whether the cohort is a matched one (it has a match_id column).
 */
export function weightsFor(o: Opts, ds: Dataset, meta: Output['meta']): { weights?: Float64Array; allOne: boolean; notes: string[] } {
  if (o.weightsColumn === undefined) return { allOne: true, notes: [] };
  const file = meta.inputs.find((i) => i.role === 'cohort')?.file ?? 'the cohort';
  const { weights, allOne } = cohortWeights(ds.people, o.weightsColumn as string, file);
  const matched = ds.people.covariates.has('match_id') ? 'matched and weighted' : 'weighted';
  const what = allOne
    ? `Every weight in column '${o.weightsColumn}' is 1, so the figures are unweighted: a ${matched === 'matched and weighted' ? 'plain matched' : 'plain'} comparison.`
    : `The cohort is ${matched}: rates, per-person figures and the Kaplan-Meier median are weighted by column '${o.weightsColumn}' (robust Wald intervals for rates; R survfit(weights =) for the median); n, reoffenders and reoffences are counts of people.`;
  return { weights: allOne ? undefined : weights, allOne, notes: [what] };
}

/** The group column, when the rows are split by group. */
const groupCol = (rows: Record<string, unknown>[]): Column[] => (rows.some((r) => r.group !== null) ? [{ key: 'group', label: 'group', kind: 'text' }] : []);

export function followupOutput(o: Opts, ds: Dataset, meta: Output['meta'], warnings: string[], pass: FollowupPass = followupPersons): Output {
  const wt = weightsFor(o, ds, meta);
  const res = runFollowup(ds, o, wt.weights, pass);
  const { notes, warnings: w } = followupNotes(res, o);
  notes.push(...wt.notes);
  const lvl = `${Math.round((o.level as number) * 100)}% CI`;
  const unit = clockDays(o);
  const fullMeta = {
    ...meta,
    ci_method: o.ciMethod,
    level: o.level,
    seed: o.seed,
    measure: 'charge-based proxy of proven reoffending',
    survival: { clock: o.clock, time_unit: unit, observation_horizon: formatDay(res.persons.survival.horizon), censoring: censoringRule(res, o) },
  };
  if (o.at !== undefined && !o.curve) throw usageError('--at reads the curve at given days: give --curve too');
  if (o.curve && o.at !== undefined) {
    const rows = followupCurveAt(res.persons, o.at as number[], { level: o.level as number, byGroup: !o.pooled }) as unknown as Record<string, unknown>[];
    applyDisclosure(rows, CURVE_AT_RULES, { minCell: o.minCell as number, round: o.round as number });
    const columns: Column[] = [
      ...groupCol(rows),
      { key: 'day', label: unit, kind: 'int' },
      { key: 'survival', label: 'not reoffended', kind: 'prop' },
      { key: 'ci', label: lvl, kind: 'interval', lowKey: 'ci_low', highKey: 'ci_high' },
      { key: 'n_risk', label: 'at risk', kind: 'int' },
      { key: 'n_event', label: 'reoffended by then', kind: 'int' },
    ];
    return { meta: fullMeta, warnings: [...warnings, ...w], rows, tables: [{ title: `Time to first reoffence at given ${unit} (Kaplan-Meier)`, columns, rows }], notes, minCell: o.minCell as number };
  }
  if (o.curve) {
    if (wt.weights) throw usageError('--curve with --weights-column: the weighted curve is not drawn yet; the summary rows give the weighted median');
    const rows = followupCurve(res.persons, { level: o.level as number, byGroup: !o.pooled }) as unknown as Record<string, unknown>[];
    applyDisclosure(rows, CURVE_RULES, { minCell: o.minCell as number, round: o.round as number });
    const columns: Column[] = [
      ...groupCol(rows),
      { key: 'time', label: unit, kind: 'int' },
      { key: 'n_risk', label: 'at risk', kind: 'int' },
      { key: 'n_event', label: 'events', kind: 'int' },
      { key: 'n_censor', label: 'censored', kind: 'int' },
      { key: 'survival', label: 'not reoffended', kind: 'prop' },
      { key: 'ci', label: `${lvl} (%)`, kind: 'interval', lowKey: 'ci_low', highKey: 'ci_high' },
    ];
    return { meta: fullMeta, warnings: [...warnings, ...w], rows, tables: [{ title: 'Time to first reoffence (Kaplan-Meier)', columns, rows }], notes, minCell: o.minCell as number };
  }
  const rows = res.rows as unknown as Record<string, unknown>[];
  applyDisclosure(rows, FOLLOWUP_RULES, { minCell: o.minCell as number, round: o.round as number });
  if (!(o.minCell as number) && smallCells(rows, FOLLOWUP_RULES) > 0) notes.push(SMALL_CELLS_NOTE);
  notes.push('Also in --format json, csv and xlsx: reoffences per reoffender, liberty days, and the interval of the median.');
  return { meta: fullMeta, warnings: [...warnings, ...w], rows, tables: [summaryTable(rows, o, Boolean(wt.weights))], notes, minCell: o.minCell as number };
}

const SMALL_CELLS_NOTE = 'Small cells (counts of 1-9) are shown: use --min-cell 10 (or your publication rule) before publishing.';

/** The row fields a summary table shows only when they were computed from the extracts. */
const PERSON_LEVEL_COLUMNS = ['survival_n', 'median_days_to_first', 'index_day_charges'];

/** The human table of the summary rows; `fromCounts` leaves out the columns counts cannot give. */
function summaryTable(rows: Record<string, unknown>[], o: Opts, weighted: boolean, fromCounts = false): HumanTable {
  const lvl = `${Math.round((o.level as number) * 100)}% CI`;
  const columns: Column[] = [
    ...groupCol(rows),
    { key: 'n', label: 'people', kind: 'int' },
    ...(weighted ? [{ key: 'weighted_n', label: 'weighted people', kind: 'num', digits: 1 } as Column] : []),
    { key: 'not_mature', label: 'not yet mature', kind: 'int' },
    ...(o.index === 'release' ? [{ key: 'no_index', label: 'not yet released', kind: 'int' } as Column] : []),
    { key: 'reoffenders', label: 'reoffenders', kind: 'int' },
    { key: 'rate', label: '% reoffended', kind: 'prop' },
    { key: 'ci', label: `${lvl} (%)`, kind: 'interval', lowKey: 'ci_low', highKey: 'ci_high' },
    { key: 'reoffences', label: 'reoffences', kind: 'int' },
    { key: 'per_person', label: 'reoffences per person', kind: 'num' },
    { key: 'survival_n', label: 'in survival', kind: 'int' },
    { key: 'median_days_to_first', label: `median ${clockDays(o)} to first`, kind: 'int' },
    { key: 'index_day_charges', label: 'index-day charges', kind: 'int' },
  ];
  const title = `Follow-up reoffending (${o.followUp as string}, ${o.clock as string} clock)`;
  return fromCounts ? { title: `${title} (from counts)`, columns: columns.filter((c) => !PERSON_LEVEL_COLUMNS.includes(c.key)), rows } : { title, columns, rows };
}

export function followupCommand(ctx: Ctx): Command {
  return datasetCommand(ctx, {
    name: 'followup',
    description: 'follow-up reoffending (binary, frequency, time to first) per group, proven-reoffending style',
    specs: SPECS,
    examples: ['desist followup sample-data/', 'desist followup sample-data/ --follow-up 24m --index release', 'desist followup sample-data/ --clock liberty --curve --format csv -o curve.csv',
      'desist followup sample-data/ --clock gaps --curve --at 365,730',
    ],
    run: ({ o, loaded, meta }) => followupOutput(o, loaded.dataset, meta, loaded.warnings),
    fromCounts: (r) => followupFromCounts(r),
  });
}

/** Options that need each person's days and charges: refused with --from-counts, with the reason. */
const NEEDS_EXTRACTS: [key: string, message: string][] = [
  ['curve', "--curve: the Kaplan-Meier curve needs each person's time to first reoffence, not counts: run desist followup on the extracts"],
  ['at', "--at: reading the curve at given days needs each person's time to first reoffence, not counts: run desist followup on the extracts"],
  ['weightsColumn', '--weights-column: weights are per person, and counts are sums over people: run desist followup on the extracts'],
  ['excludeIndexDay', '--exclude-index-day: the counts cannot say which charges fell on the index day (desist sql followup refuses it too): run desist followup on the extracts'],
];

/** The checks of one row of follow-up counts: each part no larger than its whole, nothing without its people. */
function checkFollowupCounts(shown: string, line: number, v: Record<string, unknown>): void {
  checkAtMost(shown, line, v, 'no_index', 'not_mature');
  checkAtMost(shown, line, v, 'reoffenders', 'n');
  checkAtMost(shown, line, v, 'reoffenders', 'reoffences');
  checkZeroWithout(shown, line, v, 'reoffences', 'reoffenders');
  checkZeroWithout(shown, line, v, 'liberty_days', 'n');
}

/**
 * The counts of each row in the native command's group order (treated, comparison, the others by
 * name, "(blank)" last), or with --pooled one row of their sums (every follow-up count adds up
 * across groups).
 */
function countsByGroup(rows: CountsFile['rows'], pooled: boolean): { group: string | null; counts: FollowupCounts }[] {
  const each = rows.map(({ values: v }) => ({ group: v.group as string | null, counts: Object.fromEntries(FOLLOWUP_COUNT_FIELDS.map((c) => [c, v[c] as number])) as unknown as FollowupCounts }));
  if (!pooled) {
    const named = each.filter((r) => r.group !== null && r.group !== BLANK_GROUP);
    return [...groupOrder(named.map((r) => r.group as string)).map((i) => named[i]), ...each.filter((r) => r.group === null || r.group === BLANK_GROUP)];
  }
  const sum = Object.fromEntries(FOLLOWUP_COUNT_FIELDS.map((c) => [c, each.reduce((a, r) => a + r.counts[c], 0)])) as unknown as FollowupCounts;
  return [{ group: null, counts: sum }];
}

/**
 * `--from-counts FILE`: follow-up rows from counts computed elsewhere (the CSV result of
 * `desist sql followup` in a warehouse), with the native command's rates, intervals, reasons,
 * notes and disclosure control. What needs each person's days and charges (time to first
 * reoffence, the index-day and stood-in charges) is null in every row, and said so.
 */
export function followupFromCounts({ o, file, shown, meta }: CountsRun): Output {
  for (const [key, message] of NEEDS_EXTRACTS) if (o[key] !== undefined && o[key] !== false) throw usageError(message);
  if (o.clock === 'gaps') throw usageError('--clock gaps changes only the time to first reoffence, which counts cannot give (its rate is that of the calendar clock, and desist sql followup does not compile it): give --clock calendar');
  const input = readCountsFile(file, shown, { counts: FOLLOWUP_COUNT_FIELDS, text: ['group'] });
  for (const { line, values } of input.rows) checkFollowupCounts(shown, line, values);
  checkUnique(shown, input.rows, 'group');
  const options = { ciMethod: o.ciMethod as 'wilson', level: o.level as number };
  const rows = countsByGroup(input.rows, Boolean(o.pooled)).map(({ group, counts }) => followupRowFromCounts(options, group, counts) as unknown as Record<string, unknown>);
  const noIndex = rows.reduce((a, r) => a + (r.no_index as number), 0);
  applyDisclosure(rows, FOLLOWUP_RULES, { minCell: o.minCell as number, round: o.round as number });
  const notes = [
    definitionSentence(o),
    `${countsSourceSentence('followup', shown, o)} The index, follow-up, waiting period and clock above are the options given here: they must be those the query was compiled with (its header comment records them).`,
    "Not in the counts, so null in every row: survival_n, survival_events, the Kaplan-Meier median time to first reoffence and its interval, index_day_charges, stood_in_charges and charged_after_waiting; they need each person's days and charges (run desist followup on the extracts).",
  ];
  if (!(o.minCell as number) && smallCells(rows, FOLLOWUP_RULES) > 0) notes.push(SMALL_CELLS_NOTE);
  notes.push('Also in --format json, csv and xlsx: reoffences per reoffender and liberty days.');
  return {
    meta: {
      ...meta,
      ci_method: o.ciMethod,
      level: o.level,
      seed: o.seed,
      measure: 'charge-based proxy of proven reoffending',
      inputs: [countsInputMeta(shown, input)],
    },
    warnings: noIndex > 0 ? [noIndexWarning(noIndex, o.minCell as number)] : [],
    rows,
    tables: [summaryTable(rows, o, false, true)],
    notes,
    minCell: o.minCell as number,
  };
}
