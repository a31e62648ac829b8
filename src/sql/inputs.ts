/**
 * The input half of every generated query: the three extracts read with desist's row rules,
 * as common table expressions that the measures build on.
 *
 * - `cohort(person_id, cs, ce, grp)`: ids trimmed; a row without an id or a start, a start after
 *   as-of, or an end before the start is left out (desist rejects it); an end after as-of has not
 *   happened yet and is open (NULL).
 * - `merged(person_id, s, e)`: each cohort member's custody episodes, closed intervals, an empty
 *   end or one after as-of running to as-of, merged when they overlap or touch (end + 1 = next
 *   start), so no day is counted twice. Rows with no start, a start after as-of or an end before
 *   the start are left out.
 * - `ch(person_id, cd, od, code)`: charges of cohort members, exact duplicate rows (equal in every
 *   column) counted once, charge_date on or before as-of, a charge dated before its offence left
 *   out; `od` is NULL where the offence date is missing.
 *
 * Dates are read from DATE columns or ISO text (`yyyy-mm-dd`, a time of day after it is cut
 * off): a warehouse table holds typed dates; other text formats are not read here.
 */
import type { Dialect } from './dialects.js';

export type SqlRole = 'cohort' | 'charges' | 'custody';

export interface SqlInputs {
  /** Table expressions: a table name, or (DuckDB) read_csv(...). */
  tables: Record<SqlRole, string>;
  /** Canonical column -> the column's name in the table (identity by default; null = absent). */
  columns: Record<SqlRole, Record<string, string | null>>;
  /** ISO as-of date. */
  asOf: string;
  /** Ignore the cohort's group column (one row for everyone). */
  pooled: boolean;
}

export const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;
export const dateLit = (iso: string) => `DATE ${sqlString(iso)}`;

/** The common table expressions for the three inputs (without the leading WITH). */
export function inputCtes(d: Dialect, inp: SqlInputs): string[] {
  const col = (role: SqlRole, name: string) => d.ident(inp.columns[role][name] ?? name);
  const absent = (role: SqlRole, name: string) => inp.columns[role][name] === null;
  const text = (e: string) => `trim(CAST(${e} AS ${d.text}))`;
  const day = (e: string) => `CAST(NULLIF(substr(${text(e)}, 1, 10), '') AS DATE)`;
  const asOf = dateLit(inp.asOf);
  const group = inp.pooled || absent('cohort', 'group') ? `CAST(NULL AS ${d.text})` : `NULLIF(${text(col('cohort', 'group'))}, '')`;
  return [
    `cohort_read AS (
  SELECT ${text(col('cohort', 'person_id'))} AS person_id, ${day(col('cohort', 'cohort_start'))} AS cs,
         ${day(col('cohort', 'cohort_end'))} AS ce_raw, ${group} AS grp
  FROM ${inp.tables.cohort}
)`,
    `cohort AS (
  SELECT person_id, cs, CASE WHEN ce_raw IS NULL OR ce_raw > ${asOf} THEN NULL ELSE ce_raw END AS ce, grp
  FROM cohort_read
  WHERE person_id IS NOT NULL AND person_id <> '' AND cs IS NOT NULL AND cs <= ${asOf} AND (ce_raw IS NULL OR ce_raw >= cs)
)`,
    `custody_read AS (
  SELECT ${text(col('custody', 'person_id'))} AS person_id, ${day(col('custody', 'custody_start'))} AS s,
         ${day(col('custody', 'custody_end'))} AS e_raw
  FROM ${inp.tables.custody}
)`,
    `episodes AS (
  SELECT person_id, s, CASE WHEN e_raw IS NULL OR e_raw > ${asOf} THEN ${asOf} ELSE e_raw END AS e
  FROM custody_read
  WHERE s IS NOT NULL AND s <= ${asOf} AND (e_raw IS NULL OR e_raw >= s) AND person_id IN (SELECT person_id FROM cohort)
)`,
    `episodes_ordered AS (
  SELECT person_id, s, e,
         max(e) OVER (PARTITION BY person_id ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
  FROM episodes
)`,
    `episodes_numbered AS (
  SELECT person_id, s, e,
         sum(CASE WHEN prev_end IS NULL OR s > ${d.addDays('prev_end', '1')} THEN 1 ELSE 0 END)
           OVER (PARTITION BY person_id ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS island
  FROM episodes_ordered
)`,
    `merged AS (
  SELECT person_id, min(s) AS s, max(e) AS e FROM episodes_numbered GROUP BY person_id, island
)`,
    `charges_distinct AS (
  SELECT DISTINCT * FROM ${inp.tables.charges}
)`,
    `charges_read AS (
  SELECT ${text(col('charges', 'person_id'))} AS person_id, ${day(col('charges', 'charge_date'))} AS cd,
         ${absent('charges', 'offence_date') ? 'CAST(NULL AS DATE)' : day(col('charges', 'offence_date'))} AS od,
         ${absent('charges', 'offence_code') ? `CAST(NULL AS ${d.text})` : `NULLIF(${text(col('charges', 'offence_code'))}, '')`} AS code
  FROM charges_distinct
)`,
    `ch AS (
  SELECT person_id, cd, od, code FROM charges_read
  WHERE cd IS NOT NULL AND cd <= ${asOf} AND (od IS NULL OR od <= cd) AND person_id IN (SELECT person_id FROM cohort)
)`,
  ];
}

/** Custody days of merged episodes inside each window of `windows(person_id, <key>, ws, we)`. */
export function custodyDaysCte(d: Dialect, name: string, windows: string, key: string): string {
  return `${name} AS (
  SELECT w.person_id, w.${key}, sum(${d.daysBetween('greatest(w.ws, m.s)', 'least(w.we, m.e)')} + 1) AS days
  FROM ${windows} w JOIN merged m ON m.person_id = w.person_id AND m.s <= w.we AND m.e >= w.ws
  GROUP BY w.person_id, w.${key}
)`;
}
