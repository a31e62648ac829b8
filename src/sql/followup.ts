/**
 * `desist followup` as one SQL query (MEASURES.md §5): per group, the counts and rates of the
 * proven-reoffending-style measure, equal to the native engine's for both index modes and the
 * calendar and liberty clocks. Time to first reoffence (a Kaplan-Meier median) and intervals are
 * left to desist.
 *
 * The definition, as the query states it:
 * - index: `start` = cohort_start; `release` = the day after the merged custody episode that
 *   covers cohort_start, and no index at all when that episode runs to as-of;
 * - L = the calendar length of the follow-up from the index; calendar window
 *   [index, index + follow-up - 1 day]; liberty window: extended by every merged custody episode
 *   that starts before the person has spent L liberty days, and not complete (counted as not
 *   mature) when such an episode runs to as-of;
 * - mature when window end + waiting <= as-of; everyone else is `not_mature`;
 * - a reoffence: a charge with charge_date <= window end + waiting whose offence date (or, when
 *   missing, its charge date) is in the window; de-duplicated on (person, that date, code);
 * - liberty_days: the counted people's liberty days in their windows.
 * - Liberty clock: custody that begins on or after the person's first offence in the window (any
 *   charge by as-of) does not extend the window (docs/survival.md: maturity must not depend on
 *   the outcome).
 */
import type { Dialect } from './dialects.js';
import { dateLit, inputCtes, type SqlInputs } from './inputs.js';
import type { Duration } from '../measures/periods.js';

export interface SqlFollowupOptions {
  index: 'start' | 'release';
  followUp: Duration;
  waiting: Duration;
  clock: 'calendar' | 'liberty';
}

export const SQL_FOLLOWUP_COLUMNS = ['group', 'n', 'not_mature', 'no_index', 'reoffenders', 'rate', 'reoffences', 'per_person', 'per_reoffender', 'liberty_days'] as const;

function addDuration(d: Dialect, e: string, dur: Duration): string {
  return 'months' in dur ? d.addMonths(e, dur.months) : d.addDays(e, String(dur.days));
}

export function followupSql(d: Dialect, inp: SqlInputs, o: SqlFollowupOptions): string {
  const asOf = dateLit(inp.asOf);
  const dbl = (e: string) => `CAST(${e} AS ${d.double})`;
  const indexCte =
    o.index === 'start'
      ? `indexed AS (
  SELECT person_id, grp, cs AS idx FROM cohort
)`
      : `indexed AS (
  SELECT c.person_id, c.grp,
         CASE WHEN m.person_id IS NULL THEN c.cs WHEN m.e >= ${asOf} THEN NULL ELSE ${d.addDays('m.e', '1')} END AS idx
  FROM cohort c LEFT JOIN merged m ON m.person_id = c.person_id AND m.s <= c.cs AND m.e >= c.cs
)`;
  const sized = `sized AS (
  SELECT person_id, grp, idx, ${d.daysBetween('idx', addDuration(d, 'idx', o.followUp))} AS len FROM indexed WHERE idx IS NOT NULL
)`;
  /** The liberty walk over merged episodes (those `episodes` lets through), from `from` windows. */
  const libertyWalk = (name: string, from: string, filter: string) => [
    `${name}_walk AS (
  SELECT z.person_id, z.idx, z.len, m.e,
         ${d.daysBetween('greatest(m.s, z.idx)', 'm.e')} + 1 AS days,
         ${d.daysBetween('z.idx', 'greatest(m.s, z.idx)')} AS offset_days,
         coalesce(sum(${d.daysBetween('greatest(m.s, z.idx)', 'm.e')} + 1)
           OVER (PARTITION BY z.person_id ORDER BY m.s ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before_days
  FROM ${from} z JOIN merged m ON m.person_id = z.person_id AND m.e >= z.idx${filter}
)`,
    `${name}_stretch AS (
  SELECT person_id, sum(days) AS days, max(CASE WHEN e >= ${asOf} THEN 1 ELSE 0 END) AS open_custody
  FROM ${name}_walk WHERE offset_days - before_days < len GROUP BY person_id
)`,
    `${name} AS (
  SELECT z.person_id, z.grp, z.idx, z.len, ${d.addDays('z.idx', 'z.len - 1 + coalesce(st.days, 0)')} AS wend,
         coalesce(st.open_custody, 0) = 1 AS open_custody
  FROM sized z LEFT JOIN ${name}_stretch st ON st.person_id = z.person_id
)`,
  ];
  // Liberty clock: custody that begins on or after the first offence in the window (any charge
  // by as-of) does not stretch the window, so that maturity does not depend on the outcome.
  const windowCtes =
    o.clock === 'calendar'
      ? [
          `windows AS (
  SELECT person_id, grp, idx, len, ${d.addDays(addDuration(d, 'idx', o.followUp), '-1')} AS wend, FALSE AS open_custody FROM sized
)`,
        ]
      : [
          ...libertyWalk('full_windows', 'sized', ''),
          `first_offence AS (
  SELECT w.person_id, min(coalesce(ch.desist_od, ch.desist_cd)) AS f
  FROM full_windows w JOIN ch ON ch.desist_person_id = w.person_id
  WHERE ch.desist_cd <= ${asOf} AND coalesce(ch.desist_od, ch.desist_cd) >= w.idx AND (w.open_custody OR coalesce(ch.desist_od, ch.desist_cd) <= w.wend)
  GROUP BY w.person_id
)`,
          `cut_sized AS (
  SELECT z.person_id, z.grp, z.idx, z.len, f.f FROM sized z LEFT JOIN first_offence f ON f.person_id = z.person_id
)`,
          ...libertyWalk('windows', 'cut_sized', ' AND (z.f IS NULL OR m.s < z.f)'),
        ];
  const libertyDays = `custody_in_window AS (
  SELECT w.person_id, sum(${d.daysBetween('greatest(w.idx, m.s)', 'least(w.wend, m.e)')} + 1) AS days
  FROM windows w JOIN merged m ON m.person_id = w.person_id AND m.s <= w.wend AND m.e >= w.idx
  GROUP BY w.person_id
)`;
  const countedCalendar = `counted AS (
  SELECT w.person_id, w.grp, w.idx, w.wend, ${d.daysBetween('w.idx', 'w.wend')} + 1 - coalesce(c.days, 0) AS liberty
  FROM windows w LEFT JOIN custody_in_window c ON c.person_id = w.person_id
  WHERE NOT w.open_custody AND ${addDuration(d, 'w.wend', o.waiting)} <= ${asOf}
)`;
  const ctes = [
    ...inputCtes(d, inp, 'merged'),
    indexCte,
    sized,
    ...windowCtes,
    libertyDays,
    countedCalendar,
    `reoffences AS (
  SELECT person_id, count(*) AS n FROM (
    SELECT DISTINCT k.person_id, coalesce(ch.desist_od, ch.desist_cd) AS day, ch.desist_code
    FROM counted k JOIN ch ON ch.desist_person_id = k.person_id
    WHERE ch.desist_cd <= ${addDuration(d, 'k.wend', o.waiting)} AND coalesce(ch.desist_od, ch.desist_cd) >= k.idx AND coalesce(ch.desist_od, ch.desist_cd) <= k.wend
  ) AS distinct_reoffences GROUP BY person_id
)`,
    `per_group AS (
  SELECT k.grp, count(*) AS n, sum(CASE WHEN r.n > 0 THEN 1 ELSE 0 END) AS reoffenders,
         coalesce(sum(r.n), 0) AS reoffences, sum(k.liberty) AS liberty_days
  FROM counted k LEFT JOIN reoffences r ON r.person_id = k.person_id GROUP BY k.grp
)`,
    `cohort_sizes AS (
  SELECT c.grp, count(*) AS people, sum(CASE WHEN i.idx IS NULL THEN 1 ELSE 0 END) AS no_index
  FROM cohort c JOIN indexed i ON i.person_id = c.person_id GROUP BY c.grp
)`,
    // A cohort with nobody left in it (every row rejected) gives one row of zeros, as desist does.
    `rows_out AS (
  SELECT s.grp, coalesce(g.n, 0) AS n, s.people - coalesce(g.n, 0) AS not_mature, s.no_index,
         coalesce(g.reoffenders, 0) AS reoffenders, coalesce(g.reoffences, 0) AS reoffences, coalesce(g.liberty_days, 0) AS liberty_days
  FROM cohort_sizes s LEFT JOIN per_group g ON g.grp = s.grp OR (g.grp IS NULL AND s.grp IS NULL)
  UNION ALL
  SELECT CAST(NULL AS ${d.text}) AS grp, 0 AS n, 0 AS not_mature, 0 AS no_index, 0 AS reoffenders, 0 AS reoffences, 0 AS liberty_days
  FROM (SELECT count(*) AS people FROM cohort) AS everyone WHERE people = 0
)`,
  ];
  return `WITH
${ctes.join(',\n')}
SELECT CASE WHEN grp IS NULL AND EXISTS (SELECT 1 FROM cohort WHERE grp IS NOT NULL) THEN '(blank)' ELSE grp END AS ${d.ident('group')}, n, not_mature, no_index, reoffenders,
       CASE WHEN n > 0 THEN ${dbl('reoffenders')} / n END AS rate,
       reoffences,
       CASE WHEN n > 0 THEN ${dbl('reoffences')} / n END AS per_person,
       CASE WHEN reoffenders > 0 THEN ${dbl('reoffences')} / reoffenders END AS per_reoffender,
       liberty_days
FROM rows_out
ORDER BY grp IS NULL, grp`;
}
