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
 * Dates are read from DATE columns or from text as desist reads it: ISO `yyyy-mm-dd` or UK
 * `dd/mm/yyyy` (auto, or as declared), a time of day after the date cut off. A row whose date
 * text is not a real date is left out, as desist rejects it.
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
  /** How each table writes dates held as text (default auto: ISO or UK day-first). */
  dateFormats?: Partial<Record<SqlRole, SqlDateFormat>>;
  /** Ignore the cohort's group column (one row for everyone). */
  pooled: boolean;
}

export const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;
export const dateLit = (iso: string) => `DATE ${sqlString(iso)}`;

/** Date formats a query reads: DATE columns or text in these forms. */
export type SqlDateFormat = 'auto' | 'yyyy-mm-dd' | 'dd/mm/yyyy';

/** The common table expressions for the three inputs (without the leading WITH). */
export function inputCtes(d: Dialect, inp: SqlInputs): string[] {
  const col = (role: SqlRole, name: string) => d.ident(inp.columns[role][name] ?? name);
  const absent = (role: SqlRole, name: string) => inp.columns[role][name] === null;
  const text = (e: string) => `trim(CAST(${e} AS ${d.text}))`;
  const parse = (t: string, f: SqlDateFormat) =>
    f === 'yyyy-mm-dd' ? d.isoDate(t) : f === 'dd/mm/yyyy' ? d.ukDate(t) : `CASE WHEN ${t} LIKE '____-__-__%' THEN ${d.isoDate(t)} WHEN ${t} LIKE '%/%' THEN ${d.ukDate(t)} END`;
  /** `<alias>` the date (NULL when empty), `<alias>_bad` true when the text is not a real date. */
  const date = (role: SqlRole, name: string, alias: string) => {
    if (absent(role, name)) return `CAST(NULL AS DATE) AS ${alias}, FALSE AS ${alias}_bad`;
    const t = text(col(role, name));
    const v = parse(t, inp.dateFormats?.[role] ?? 'auto');
    return `${v} AS ${alias}, (${t} IS NOT NULL AND ${t} <> '' AND ${v} IS NULL) AS ${alias}_bad`;
  };
  const asOf = dateLit(inp.asOf);
  const group = inp.pooled || absent('cohort', 'group') ? `CAST(NULL AS ${d.text})` : `NULLIF(${text(col('cohort', 'group'))}, '')`;
  return [
    `cohort_read AS (
  SELECT ${text(col('cohort', 'person_id'))} AS person_id, ${date('cohort', 'cohort_start', 'cs')},
         ${date('cohort', 'cohort_end', 'ce_raw')}, ${group} AS grp
  FROM ${inp.tables.cohort}
)`,
    `cohort AS (
  SELECT person_id, cs, CASE WHEN ce_raw IS NULL OR ce_raw > ${asOf} THEN NULL ELSE ce_raw END AS ce, grp
  FROM cohort_read
  WHERE person_id IS NOT NULL AND person_id <> '' AND cs IS NOT NULL AND NOT cs_bad AND NOT ce_raw_bad
    AND cs <= ${asOf} AND (ce_raw IS NULL OR ce_raw >= cs)
)`,
    `custody_read AS (
  SELECT ${text(col('custody', 'person_id'))} AS person_id, ${date('custody', 'custody_start', 's')},
         ${date('custody', 'custody_end', 'e_raw')}
  FROM ${inp.tables.custody}
)`,
    `episodes AS (
  SELECT person_id, s, CASE WHEN e_raw IS NULL OR e_raw > ${asOf} THEN ${asOf} ELSE e_raw END AS e
  FROM custody_read
  WHERE s IS NOT NULL AND NOT s_bad AND NOT e_raw_bad AND s <= ${asOf} AND (e_raw IS NULL OR e_raw >= s)
    AND person_id IN (SELECT person_id FROM cohort)
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
  SELECT ${text(col('charges', 'person_id'))} AS person_id, ${date('charges', 'charge_date', 'cd')},
         ${date('charges', 'offence_date', 'od')},
         ${absent('charges', 'offence_code') ? `CAST(NULL AS ${d.text})` : `NULLIF(${text(col('charges', 'offence_code'))}, '')`} AS code
  FROM charges_distinct
)`,
    `ch AS (
  SELECT person_id, cd, od, code FROM charges_read
  WHERE cd IS NOT NULL AND NOT cd_bad AND NOT od_bad AND cd <= ${asOf} AND (od IS NULL OR od <= cd)
    AND person_id IN (SELECT person_id FROM cohort)
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
