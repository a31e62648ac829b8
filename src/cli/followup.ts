/**
 * `desist followup DATASET`: follow-up reoffending in the proven-reoffending shape
 * (MEASURES.md §5), per group, with the time-to-first-reoffence curve on request.
 */
import type { Command } from 'commander';
import { ANALYSIS_SPECS, datasetCommand, type Ctx } from './context.js';
import { ciMethodOpt, durationParser, levelOpt, num, type OptSpec, type Opts } from './options.js';
import { usageError } from '../core/errors.js';
import { followupFromPersons, followupPersons, type FollowupOptions, type FollowupResult } from '../measures/followup.js';
import { followupCurve } from '../measures/followup-curve.js';
import { applyDisclosure, plural, smallCells, type CountRule } from '../report/disclosure.js';
import type { Column, Output } from '../report/output.js';
import type { Dataset } from '../model/dataset.js';

export const FOLLOWUP_OPTS: OptSpec[] = [
  { flags: '--index <mode>', key: 'index', description: 'start of follow-up: cohort start, or release (first liberty day on or after cohort start)', default: 'start', choices: ['start', 'release'] },
  { flags: '--follow-up <duration>', key: 'followUp', description: 'length of the follow-up window: 12m, 24m, 365d, ...', default: '12m', parse: durationParser },
  { flags: '--waiting <duration>', key: 'waiting', description: 'time after the window for an offence in it to be charged', default: '6m', parse: durationParser },
  { flags: '--clock <clock>', key: 'clock', description: 'calendar window, or liberty (custody days extend the window: street time)', default: 'calendar', choices: ['calendar', 'liberty'] },
  levelOpt,
  ciMethodOpt,
  { flags: '--pooled', key: 'pooled', description: "one row for the whole cohort, ignoring the cohort's group column", default: false },
  { flags: '--curve', key: 'curve', description: 'output the Kaplan-Meier curve of time to first reoffence per group instead of the summary', default: false },
  { flags: '--seed <n>', key: 'seed', description: 'random seed (recorded; followup itself draws no random numbers)', default: 1, parse: num(0, 2 ** 31 - 1, true) },
];

const SPECS = ANALYSIS_SPECS(FOLLOWUP_OPTS);

export const FOLLOWUP_RULES: CountRule[] = [
  { count: 'n', derived: ['rate', 'ci_low', 'ci_high', 'per_person', 'liberty_days', 'median_days_to_first', 'median_ci_low', 'median_ci_high'] },
  { count: 'not_mature', derived: [] },
  { count: 'no_index', derived: [] },
  { count: 'reoffenders', total: 'n', derived: ['rate', 'ci_low', 'ci_high', 'per_reoffender', 'median_days_to_first', 'median_ci_low', 'median_ci_high'] },
  { count: 'reoffences', derived: ['per_person', 'per_reoffender'] },
];

export const CURVE_RULES: CountRule[] = [
  { count: 'n_risk', derived: ['survival', 'ci_low', 'ci_high'] },
  { count: 'n_event', derived: ['survival', 'ci_low', 'ci_high'] },
  { count: 'n_censor', derived: ['survival', 'ci_low', 'ci_high'] },
];

/** The per-person pass of follow-up (measures/followup.ts), or a source that reuses one. */
export type FollowupPass = (ds: Dataset, fo: FollowupOptions) => ReturnType<typeof followupPersons>;

/** The follow-up measure from the command options; RangeErrors become usage errors. */
export function runFollowup(ds: Dataset, o: Opts, pass: FollowupPass = followupPersons): FollowupResult {
  try {
    return followupFromPersons(
      pass(ds, {
        index: o.index as 'start' | 'release',
        followUp: o.followUp as string,
        waiting: o.waiting as string,
        clock: o.clock as 'calendar' | 'liberty',
        level: o.level as number,
        ciMethod: o.ciMethod as 'wilson',
        byGroup: !o.pooled,
      }),
    );
  } catch (e) {
    if (e instanceof RangeError) throw usageError(e.message.replace(/^follow-?up\b:?/i, '--follow-up:').replace(/^waiting\b:?/, '--waiting:'));
    throw e;
  }
}

export function followupNotes(res: FollowupResult, o: Opts): { notes: string[]; warnings: string[] } {
  const d = res.diagnostics;
  const notes = [
    `This is a charge-based proxy of proven reoffending: a reoffence is a charge for an offence committed in the ${o.followUp} window from the ${o.index === 'release' ? 'release' : 'cohort start'} date (${o.clock} clock), charged within a further ${o.waiting}. People whose window and waiting period end after as-of are not yet mature and are not counted.`,
    `charge_date stood in for a missing offence_date on ${d.chargeDateStoodIn.toLocaleString('en-GB')} of ${plural(d.chargesConsidered, 'charge', 'charges')} considered (${d.chargeDateStoodInInWindow.toLocaleString('en-GB')} of them counted as reoffences); ${plural(d.duplicateReoffences, 'repeat charge', 'repeat charges')} for the same offence (person, date, code) ${d.duplicateReoffences === 1 ? 'was' : 'were'} counted once; ${plural(d.chargedAfterWaiting, 'offence', 'offences')} in a window ${d.chargedAfterWaiting === 1 ? 'was' : 'were'} charged after the waiting period and ${d.chargedAfterWaiting === 1 ? 'is' : 'are'} not counted.`,
  ];
  const warnings: string[] = [];
  if (d.noIndex > 0) warnings.push(`${plural(d.noIndex, 'person was', 'people were')} in custody at cohort start and not released by as-of: no index date (counted in not_mature)`);
  if (d.openCustody > 0) warnings.push(`${plural(d.openCustody, 'person is', 'people are')} in custody at as-of before their liberty-clock window completed (counted in not_mature)`);
  return { notes, warnings };
}

export function followupOutput(o: Opts, ds: Dataset, meta: Output['meta'], warnings: string[]): Output {
  const res = runFollowup(ds, o);
  const { notes, warnings: w } = followupNotes(res, o);
  const lvl = `${Math.round((o.level as number) * 100)}% CI`;
  const fullMeta = { ...meta, ci_method: o.ciMethod, level: o.level, seed: o.seed, measure: 'charge-based proxy of proven reoffending' };
  if (o.curve) {
    const rows = followupCurve(res.persons, { level: o.level as number, byGroup: !o.pooled }) as unknown as Record<string, unknown>[];
    applyDisclosure(rows, CURVE_RULES, { minCell: o.minCell as number, round: o.round as number });
    const columns: Column[] = [
      ...(rows.some((r) => r.group !== null) ? [{ key: 'group', label: 'group', kind: 'text' } as Column] : []),
      { key: 'time', label: `${o.clock} days`, kind: 'int' },
      { key: 'n_risk', label: 'at risk', kind: 'int' },
      { key: 'n_event', label: 'events', kind: 'int' },
      { key: 'n_censor', label: 'censored', kind: 'int' },
      { key: 'survival', label: 'not reoffended', kind: 'prop' },
      { key: 'ci', label: lvl, kind: 'interval', lowKey: 'ci_low', highKey: 'ci_high' },
    ];
    return { meta: fullMeta, warnings: [...warnings, ...w], rows, tables: [{ title: 'Time to first reoffence (Kaplan-Meier)', columns, rows }], notes, minCell: o.minCell as number };
  }
  const rows = res.rows as unknown as Record<string, unknown>[];
  applyDisclosure(rows, FOLLOWUP_RULES, { minCell: o.minCell as number, round: o.round as number });
  if (!(o.minCell as number) && smallCells(rows, FOLLOWUP_RULES) > 0) {
    notes.push('Small cells (counts of 1-9) are shown: use --min-cell 10 (or your publication rule) before publishing.');
  }
  const columns: Column[] = [
    ...(rows.some((r) => r.group !== null) ? [{ key: 'group', label: 'group', kind: 'text' } as Column] : []),
    { key: 'n', label: 'n', kind: 'int' },
    { key: 'not_mature', label: 'not mature', kind: 'int' },
    { key: 'reoffenders', label: 'reoffenders', kind: 'int' },
    { key: 'rate', label: 'rate', kind: 'prop' },
    { key: 'ci', label: lvl, kind: 'interval', lowKey: 'ci_low', highKey: 'ci_high' },
    { key: 'reoffences', label: 'reoffences', kind: 'int' },
    { key: 'per_person', label: 'per person', kind: 'num' },
    { key: 'per_reoffender', label: 'per reoffender', kind: 'num' },
    { key: 'median_days_to_first', label: 'median days to 1st', kind: 'num', digits: 0 },
  ];
  return { meta: fullMeta, warnings: [...warnings, ...w], rows, tables: [{ title: `Follow-up reoffending (${o.followUp}, ${o.clock} clock)`, columns, rows }], notes, minCell: o.minCell as number };
}

export function followupCommand(ctx: Ctx): Command {
  return datasetCommand(ctx, {
    name: 'followup',
    description: 'follow-up reoffending (binary, frequency, time to first) per group, proven-reoffending style',
    specs: SPECS,
    examples: ['desist followup sample-data/', 'desist followup sample-data/ --follow-up 24m --index release', 'desist followup sample-data/ --clock liberty --curve --format csv -o curve.csv'],
    run: ({ o, loaded, meta }) => followupOutput(o, loaded.dataset, meta, loaded.warnings),
  });
}
