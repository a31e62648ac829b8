/**
 * `desist quarterly` as one SQL query (MEASURES.md §4): the same rows, counts and rates as the
 * native engine, for every custody mode, basis, quarter style and range. Intervals are left to
 * desist (`desist quarterly --from-counts FILE` reads the query's result and adds them, with
 * the notes and disclosure control).
 *
 * The definition, as the query states it:
 * - quarters from `from` (default: the quarter of the earliest cohort_start) to `to` (default:
 *   the last complete quarter on as-of), one row per quarter and group (groups from the cohort's
 *   group column, people without one in a NULL group; `pooled` gives one NULL group);
 * - a person's window in quarter [qs, qe] is [max(qs, cohort_start), min(qe, cohort_end, as-of)];
 *   eligible when it holds a day;
 * - liberty days = window days - days covered by merged custody;
 *   at risk: `none` everyone eligible, `whole-quarter` >= 1 liberty day, `min-liberty` >= N;
 * - an event is a charge (charge_date <= as-of) whose charge_date (basis charge) or offence_date
 *   (basis offence; a charge without one cannot be placed) is in the window; `charges` counts
 *   events of at-risk people, `charged` people with an event;
 * - provisional: qe after as-of, or (offence basis) qe + lag after as-of.
 */
import type { Dialect } from './dialects.js';
import { chargesInWindows, dateLit, inputCtes, type SqlInputs } from './inputs.js';
import { formatDay } from '../core/days.js';
import { lastCompleteQuarterBefore, quarterStart, type Duration, type QuarterKind } from '../measures/periods.js';
import { isoDay } from '../core/days.js';

export interface SqlQuarterlyOptions {
  quarters: QuarterKind;
  /** Quarter indices (periods.ts); `from` undefined = the quarter of the earliest cohort_start. */
  from?: number;
  to?: number;
  basis: 'charge' | 'offence';
  custody: 'none' | 'whole-quarter' | 'min-liberty';
  minLibertyDays: number;
  lag: Duration;
}

/** The columns of the query's result, in order. */
export const SQL_QUARTERLY_COLUMNS = [
  'quarter',
  'quarter_start',
  'quarter_end',
  'group',
  'eligible',
  'in_custody_whole_quarter',
  'charged',
  'desistance_unadjusted',
  'at_risk',
  'charged_at_risk',
  'desistance',
  'liberty_days',
  'charges',
  'charges_per_1000_liberty_days',
  'provisional',
] as const;

function addDuration(d: Dialect, e: string, dur: Duration): string {
  return 'months' in dur ? d.addMonths(e, dur.months) : d.addDays(e, String(dur.days));
}

function label(d: Dialect, kind: QuarterKind): string {
  const y = 'year(qs)';
  const q = 'quarter(qs)';
  const str = (e: string) => `CAST(${e} AS ${d.text})`;
  if (kind === 'calendar') return `concat(${str(y)}, 'Q', ${str(q)})`;
  const fy = `(CASE WHEN ${q} = 1 THEN ${y} - 1 ELSE ${y} END)`;
  const fq = `(CASE WHEN ${q} = 1 THEN 4 ELSE ${q} - 1 END)`;
  return `concat(${str(fy)}, '/', lpad(${str(`(${fy} + 1) % 100`)}, 2, '0'), ' Q', ${str(fq)})`;
}

/** The query (a single SELECT with CTEs). */
export function quarterlySql(d: Dialect, inp: SqlInputs, o: SqlQuarterlyOptions): string {
  const asOf = dateLit(inp.asOf);
  const to = o.to ?? lastCompleteQuarterBefore(isoDay(inp.asOf));
  const fromExpr = o.from === undefined ? `(SELECT ${d.quarterStart('min(cs)')} FROM cohort)` : dateLit(formatDay(quarterStart(o.from)));
  const toExpr = dateLit(formatDay(quarterStart(to)));
  const event = o.basis === 'charge' ? 'desist_cd' : 'desist_od';
  const otherDate = o.basis === 'charge' ? 'desist_od' : 'desist_cd';
  const inWindow = `ch.${event} >= c.cs AND ch.${event} <= coalesce(c.ce, ${asOf})`;
  /** At risk with `days` days of liberty in the window. */
  const atRisk = (days: string) => (o.custody === 'none' ? 'TRUE' : o.custody === 'whole-quarter' ? `${days} >= 1` : `${days} >= ${o.minLibertyDays}`);
  const dbl = (e: string) => `CAST(${e} AS ${d.double})`;
  const provisional =
    o.basis === 'offence' ? `(qe > ${asOf} OR ${addDuration(d, 'qe', o.lag)} > ${asOf})` : `(qe > ${asOf})`;
  const ctes = [
    // A charge-basis event is a charge date inside a cohort window, so on or before as-of.
    // The offence date, which a charge-basis event does not need, is read after the join to the cohort.
    ...inputCtes(d, inp, 'covered', { chargesByAsOf: o.basis !== 'charge', offenceLater: o.basis === 'charge' }),
    `quarters AS (
  SELECT q AS qs, ${d.addDays(d.addMonths('q', 3), '-1')} AS qe FROM ${d.quarterSeries(fromExpr, toExpr)} AS series
)`,
    // The windows of everyone, as if all liberty and no event: people with the same start, end
    // and group have the same windows, so they are counted once with their number (a tenth of
    // the rows at 1M people).
    `windows AS (
  SELECT grp, qs, ws, we, k FROM (
    SELECT c.grp, q.qs, greatest(q.qs, c.cs) AS ws, least(q.qe, coalesce(c.ce, q.qe), ${asOf}) AS we, c.k
    FROM (SELECT grp, cs, ce, count(*) AS k FROM cohort GROUP BY grp, cs, ce) AS c
    JOIN quarters q ON c.cs <= q.qe AND (c.ce IS NULL OR c.ce >= q.qs)
  ) AS candidate WHERE ws <= we
)`,
    // Custody days and events are found from the custody and charge rows (each placed in its
    // quarter, an equality join) rather than by joining every window to them: a window with no
    // custody day and no event is all liberty and needs no look at the person. The pieces of
    // `covered` are inside the person's cohort window already (inputs.ts).
    `custody_pq AS (
  SELECT m.person_id, q.qs, sum(${d.daysBetween('greatest(q.qs, m.s)', 'least(q.qe, m.e)')} + 1) AS days
  FROM covered m JOIN quarters q ON m.s <= q.qe AND m.e >= q.qs
  GROUP BY m.person_id, q.qs
)`,
    // One row per event, exact duplicate charges counted once (ch's columns are the key,
    // inputs.ts). The DISTINCT runs over the charges in a window only (40% of them at 1M people).
    `events AS (
  SELECT desist_person_id AS person_id, ${d.quarterStart(event)} AS qs FROM (
    SELECT DISTINCT ${d.columnsBut('ev', [otherDate])}
    FROM (${o.basis === 'charge' ? chargesInWindows(d, inp, `FROM ch JOIN cohort c ON c.person_id = ch.desist_person_id
        WHERE ${inWindow}`, 'c.cs') : `SELECT ch.* FROM ch JOIN cohort c ON c.person_id = ch.desist_person_id WHERE ${inWindow}`}) AS ev
  ) AS event_rows
)`,
    `touched AS (
  SELECT person_id, qs, sum(days) AS days, sum(n) AS n FROM (
    SELECT person_id, qs, days, 0 AS n FROM custody_pq
    UNION ALL SELECT person_id, qs, 0 AS days, 1 AS n FROM events
  ) AS u GROUP BY person_id, qs
)`,
    `touched_windows AS (
  SELECT grp, qs, wdays, wdays - days AS liberty, n FROM (
    SELECT c.grp, t.qs, ${d.daysBetween('greatest(q.qs, c.cs)', `least(q.qe, coalesce(c.ce, q.qe), ${asOf})`)} + 1 AS wdays, t.days, t.n
    FROM touched t JOIN cohort c ON c.person_id = t.person_id JOIN quarters q ON q.qs = t.qs
  ) AS tw
)`,
    // The counts: every window taken as all liberty and no event, then corrected by the
    // windows that hold a custody day or an event.
    `counts AS (
  SELECT grp, qs, sum(eligible) AS eligible, sum(in_custody_whole_quarter) AS in_custody_whole_quarter, sum(charged) AS charged,
         sum(at_risk) AS at_risk, sum(charged_at_risk) AS charged_at_risk, sum(liberty_days) AS liberty_days, sum(charges) AS charges
  FROM (
    SELECT grp, qs, sum(k) AS eligible, 0 AS in_custody_whole_quarter, 0 AS charged,
           sum(CASE WHEN ${atRisk('wdays')} THEN k ELSE 0 END) AS at_risk, 0 AS charged_at_risk,
           sum(CASE WHEN ${atRisk('wdays')} THEN k * wdays ELSE 0 END) AS liberty_days, 0 AS charges
    FROM (SELECT grp, qs, k, ${d.daysBetween('ws', 'we')} + 1 AS wdays FROM windows) AS w GROUP BY grp, qs
    UNION ALL
    SELECT grp, qs, 0 AS eligible,
           sum(CASE WHEN liberty = 0 THEN 1 ELSE 0 END) AS in_custody_whole_quarter,
           sum(CASE WHEN n > 0 THEN 1 ELSE 0 END) AS charged,
           sum(CASE WHEN ${atRisk('liberty')} THEN 1 ELSE 0 END) - sum(CASE WHEN ${atRisk('wdays')} THEN 1 ELSE 0 END) AS at_risk,
           sum(CASE WHEN ${atRisk('liberty')} AND n > 0 THEN 1 ELSE 0 END) AS charged_at_risk,
           sum(CASE WHEN ${atRisk('liberty')} THEN liberty ELSE 0 END) - sum(CASE WHEN ${atRisk('wdays')} THEN wdays ELSE 0 END) AS liberty_days,
           sum(CASE WHEN ${atRisk('liberty')} THEN n ELSE 0 END) AS charges
    FROM touched_windows GROUP BY grp, qs
  ) AS parts GROUP BY grp, qs
)`,
    `grid AS (
  SELECT q.qs, q.qe, g.grp FROM quarters q CROSS JOIN (SELECT DISTINCT grp FROM cohort) AS g
)`,
    `rows_out AS (
  SELECT grid.qs, grid.qe, grid.grp,
         coalesce(c.eligible, 0) AS eligible, coalesce(c.in_custody_whole_quarter, 0) AS in_custody_whole_quarter,
         coalesce(c.charged, 0) AS charged, coalesce(c.at_risk, 0) AS at_risk, coalesce(c.charged_at_risk, 0) AS charged_at_risk,
         coalesce(c.liberty_days, 0) AS liberty_days, coalesce(c.charges, 0) AS charges
  FROM grid LEFT JOIN counts c ON c.qs = grid.qs AND (c.grp = grid.grp OR (c.grp IS NULL AND grid.grp IS NULL))
)`,
  ];
  return `WITH
${ctes.join(',\n')}
SELECT ${label(d, o.quarters)} AS quarter, qs AS quarter_start, qe AS quarter_end, CASE WHEN grp IS NULL AND EXISTS (SELECT 1 FROM cohort WHERE grp IS NOT NULL) THEN '(blank)' ELSE grp END AS ${d.ident('group')},
       eligible, in_custody_whole_quarter, charged,
       CASE WHEN eligible > 0 THEN 1 - ${dbl('charged')} / eligible END AS desistance_unadjusted,
       at_risk, charged_at_risk,
       CASE WHEN at_risk > 0 THEN 1 - ${dbl('charged_at_risk')} / at_risk END AS desistance,
       liberty_days, charges,
       CASE WHEN liberty_days > 0 THEN ${dbl('charges')} / liberty_days * 1000 END AS charges_per_1000_liberty_days,
       ${provisional} AS provisional
FROM rows_out
ORDER BY qs, grp IS NULL, grp`;
}
