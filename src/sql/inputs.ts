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
 * - `covered(person_id, s, e)` instead, for a measure that only counts custody days in cohort
 *   windows (quarterly): disjoint pieces covering exactly the days of the merged episodes that
 *   fall in the person's window [cohort_start, cohort_end or as-of]. Episodes in order of start,
 *   each piece is the part of an episode after every earlier episode's end. One window function,
 *   where `merged` needs two and a grouping; pieces that touch are not joined, which a count of
 *   days does not need.
 * - `ch`: charges with charge_date on or before as-of (unless `chargesByAsOf` is false, below), a
 *   charge dated before its offence left out, with desist's reading of them: `desist_person_id`,
 *   `desist_cd`, `desist_od` (NULL where the offence date is missing) and `desist_code`. So that a
 *   measure can count exact duplicates once, as desist does (io/events.ts), `ch.*` without the
 *   derived dates is the duplicate key: the id and code as read (ends trimmed, a blank code
 *   missing), `desist_od_text` (the offence date's text where there is one: an empty date, of
 *   spaces and tabs, is one value however it is written) and every other column's text as written.
 *   Trino and Spark cannot leave columns out of `*`, so there `ch` keeps the extract's id, code
 *   and offence date too: values differing only in spaces or tabs at their ends, or an empty
 *   offence date written two ways, are two charges (docs/sql.md). A measure that counts only
 *   charges dated inside cohort windows, which end by as-of, may leave the as-of test out
 *   (`chargesByAsOf` false): in DuckDB it costs a second parse of every charge date, because the
 *   filter is pushed down to where the dates are read. Duplicates are not removed here: a DISTINCT
 *   over every charge costs more than any other step (6 of 23 CPU seconds in DuckDB at 1M people),
 *   and most measures need it over far fewer rows (quarterly over the charges in a window) or not
 *   at all (followup de-duplicates reoffences on person, day and code, which exact duplicates
 *   share). Rows of people outside the cohort are still here: every measure joins `ch` to the
 *   cohort, which leaves them out (a semi-join here as well cost DuckDB about a second at 1M
 *   people). A column of the extract named like one of the `desist_` columns would be ambiguous:
 *   desist sql refuses a charges file with a column whose name starts `desist_` (cli/sql.ts).
 *   A measure that needs the offence date only for charges in cohort windows (quarterly on the
 *   charge basis) asks for `offenceLater`: `ch` then reads only the id and charge date, and
 *   `chargesInWindows` reads the rest after the join.
 *
 * In every filter a comparison with a NULL (an empty or unreadable date, an empty id) is not
 * true, so `cs <= as-of` also says that the start date is there and readable.
 *
 * Dates are read from DATE columns or from text as desist reads it: ISO `yyyy-mm-dd` or UK
 * `dd/mm/yyyy` (auto, or as declared), a time of day after the date cut off. A row whose date
 * text is not a real date is left out, as desist rejects it.
 */
import { KEY_SPACE, WHITESPACE, type Dialect } from './dialects.js';

const DATE_COLUMNS = new Set(['cohort_start', 'cohort_end', 'custody_start', 'custody_end', 'charge_date', 'offence_date']);

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
  /**
   * Canonical columns holding instants (a Parquet TIMESTAMP adjusted to UTC), read as text in
   * UTC, as desist reads them, whatever the engine's session time zone (Dialect.utcText).
   */
  utcInstants?: Partial<Record<SqlRole, string[]>>;
}

export const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;
export const dateLit = (iso: string) => `DATE ${sqlString(iso)}`;

/** Date formats a query reads: DATE columns or text in these forms. */
export type SqlDateFormat = 'auto' | 'yyyy-mm-dd' | 'dd/mm/yyyy';

/** The common table expressions for the three inputs (without the leading WITH). */
/** desist's readings of the extracts' columns, as SQL expressions (shared by the CTEs below). */
function readers(d: Dialect, inp: SqlInputs) {
  const col = (role: SqlRole, name: string) => d.ident(inp.columns[role][name] ?? name);
  const absent = (role: SqlRole, name: string) => inp.columns[role][name] === null;
  /**
   * Dates are trimmed as JavaScript trims (io/dates.ts), ids, groups and codes of spaces and tabs
   * (io/byte-map.ts). A date is empty only when it is spaces and tabs (rows.ts `blank`): one of
   * other whitespace alone (a no-break space) keeps that text, so it is not a date and the row is
   * left out, as desist rejects it.
   *
   * A date's text is NULL where the value is a plain `yyyy-mm-dd` (most dates), which has
   * nothing to trim and is read from the value itself (`date`, below): each value is tested for
   * that once, where testing the text again to parse it cost DuckDB about 0.8 CPU s at 1M people
   * (a GLOB over 20M dates). Its value then tells an empty date (`optional`, `odText`).
   */
  const rawText = (e: string, utc: boolean) => (utc && d.utcText ? d.utcText(e) : `CAST(${e} AS ${d.text})`);
  const text = (e: string, name: string, utc: boolean) => {
    const raw = rawText(e, utc);
    if (!DATE_COLUMNS.has(name)) return d.trim(raw, KEY_SPACE);
    return `CASE WHEN ${d.plainIsoDate(raw)} THEN NULL ELSE coalesce(NULLIF(${d.trim(raw, WHITESPACE)}, ''), ${d.trim(raw, KEY_SPACE)}) END`;
  };
  /**
   * Date text as desist reads it (src/io/dates.ts): the date, then nothing, or a space (or `T`
   * after an ISO date) and only digits, ':', '.', '+', '-', 'Z' and spaces (a time of day and a
   * zone). The engines' own date casts are laxer (DuckDB casts `2023-05-1x` to 1 May and ignores
   * what follows the tenth character), so the text's shape is checked first. A regular
   * expression costs DuckDB about 1 CPU s over 21M dates (GLOB for the date itself 0.6); `translate`
   * cost twenty.
   */
  const TIME = '[0-9:.+Z -]*';
  const isoText = (t: string) =>
    `${d.isoPrefix(t)} AND (length(${t}) = 10 OR (substr(${t}, 11, 1) IN (' ', 'T') AND ${d.matches(`substr(${t}, 12)`, `^${TIME}$`)}))`;
  const ukText = (t: string) => `${t} LIKE '%/%' AND ${d.matches(t, `^[0-9]{1,2}/[0-9]{1,2}/[1-9][0-9]{3}( ${TIME})?$`)}`;
  const iso = (t: string) => `CASE WHEN ${isoText(t)} THEN ${d.isoDate(t)} END`;
  const uk = (t: string) => `CASE WHEN ${ukText(t)} THEN ${d.ukDate(t)} END`;
  /**
   * A plain `yyyy-mm-dd` (its text `t` NULL, its value `r`) is read by the cast alone: testing for
   * it first costs DuckDB less than the general test, about 1.3 CPU s at 1M people. Declared
   * `dd/mm/yyyy`, a plain ISO date is not a date (NULL), as desist reads it.
   */
  const parse = (t: string, r: string, f: SqlDateFormat) =>
    f === 'yyyy-mm-dd'
      ? `CASE WHEN ${t} IS NULL THEN ${d.plainDate(r)} WHEN ${isoText(t)} THEN ${d.isoDate(t)} END`
      : f === 'dd/mm/yyyy'
        ? uk(t)
        : `CASE WHEN ${t} IS NULL THEN ${d.plainDate(r)} WHEN ${t} LIKE '____-__-__%' THEN ${iso(t)} WHEN ${t} LIKE '%/%' THEN ${uk(t)} END`;
  /** The date `alias` from the text column `t` and the value `r` (NULL when empty or not a real date). */
  const date = (role: SqlRole, t: string, r: string, alias: string) => `${parse(t, r, inp.dateFormats?.[role] ?? 'auto')} AS ${alias}`;
  /**
   * An optional date: its text is empty, or it is a real date and `cond` (a comparison of it)
   * holds. An unreadable date is NULL, so `cond` is NULL and the row is left out, as desist
   * rejects it. Each date is named once or twice in a filter, not four times: the engines
   * evaluate the parsing expression at every mention (DuckDB pushes a filter down through the
   * projection that reads the dates, so a date named in a filter is parsed again there). The
   * comparison comes first: DuckDB evaluates the second term only where the first is not true,
   * and in most rows the date is there and the comparison true, so the text is seldom tested.
   */
  const optional = (t: string, r: string, cond: string) => `(${cond} OR ${t} = '' OR ${r} IS NULL)`;
  /** The column's value as text (an instant in UTC), NULL when the role's column is declared absent. */
  const rawOf = (role: SqlRole, name: string, table?: string) =>
    absent(role, name) ? `CAST(NULL AS ${d.text})` : rawText(`${table ? `${table}.` : ''}${col(role, name)}`, inp.utcInstants?.[role]?.includes(name) === true);
  /** The column as trimmed text (a date's NULL where it is plain), NULL when the role's column is declared absent. */
  const textOf = (role: SqlRole, name: string, table?: string) =>
    absent(role, name) ? `CAST(NULL AS ${d.text})` : text(`${table ? `${table}.` : ''}${col(role, name)}`, name, inp.utcInstants?.[role]?.includes(name) === true);
  /** The extract's id, code and offence date columns, which desist_person_id, desist_code and desist_od_text replace. */
  const rawOffence = (['offence_code', 'offence_date'] as const).filter((n) => !absent('charges', n)).map((n) => col('charges', n));
  const rawId = col('charges', 'person_id');
  const replaced = [rawId, ...rawOffence];
  /** The offence date's text where there is one (`odT`: its trimmed text): part of the duplicate key. */
  const odText = (odT: string, table?: string) => {
    if (absent('charges', 'offence_date')) return `CAST(NULL AS ${d.text})`;
    const value = `CAST(${table ? `${table}.` : ''}${col('charges', 'offence_date')} AS ${d.text})`;
    return `CASE WHEN ${value} IS NOT NULL AND coalesce(${odT}, '-') <> '' THEN ${value} END`;
  };
  return { col, absent, textOf, rawOf, date, optional, replaced, rawId, rawOffence, odText };
}

/**
 * The common table expressions for the three inputs (without the leading WITH). With
 * `offenceLater`, `ch` holds only the id and charge date as desist reads them (and the extract's
 * columns as they are): the measure reads the offence date and code, and leaves out a charge
 * dated before its offence, after joining `ch` to the cohort, through `chargesInWindows`.
 */
export function inputCtes(d: Dialect, inp: SqlInputs, custody: 'merged' | 'covered', opts: { chargesByAsOf?: boolean; offenceLater?: boolean } = {}): string[] {
  const chargesByAsOf = opts.chargesByAsOf ?? true;
  const { textOf, rawOf, date, optional, replaced, rawId, odText } = readers(d, inp);
  const asOf = dateLit(inp.asOf);
  const group = inp.pooled ? `CAST(NULL AS ${d.text})` : `NULLIF(${textOf('cohort', 'group')}, '')`;
  /** A custody end (`e`, a date) as counted: an open end, or one after as-of, runs to as-of. */
  const endByAsOf = (e: string) => `CASE WHEN ${e} IS NULL OR ${e} > ${asOf} THEN ${asOf} ELSE ${e} END`;
  return [
    `cohort_text AS (
  SELECT ${textOf('cohort', 'person_id')} AS person_id, ${textOf('cohort', 'cohort_start')} AS cs_t, ${rawOf('cohort', 'cohort_start')} AS cs_r,
         ${textOf('cohort', 'cohort_end')} AS ce_t, ${rawOf('cohort', 'cohort_end')} AS ce_r, ${group} AS grp
  FROM ${inp.tables.cohort}
)`,
    `cohort_read AS (
  SELECT person_id, grp, ce_t, ce_r, ${date('cohort', 'cs_t', 'cs_r', 'cs')}, ${date('cohort', 'ce_t', 'ce_r', 'ce_raw')} FROM cohort_text
)`,
    `cohort AS (
  SELECT person_id, cs, CASE WHEN ce_raw IS NULL OR ce_raw > ${asOf} THEN NULL ELSE ce_raw END AS ce, grp
  FROM cohort_read
  WHERE person_id <> '' AND cs <= ${asOf} AND ${optional('ce_t', 'ce_r', 'ce_raw >= cs')}
)`,
    `custody_text AS (
  SELECT ${textOf('custody', 'person_id')} AS person_id, ${textOf('custody', 'custody_start')} AS s_t, ${rawOf('custody', 'custody_start')} AS s_r,
         ${textOf('custody', 'custody_end')} AS e_t, ${rawOf('custody', 'custody_end')} AS e_r
  FROM ${inp.tables.custody}
)`,
    `custody_read AS (
  SELECT person_id, e_t, e_r, ${date('custody', 's_t', 's_r', 's')}, ${date('custody', 'e_t', 'e_r', 'e_raw')} FROM custody_text
)`,
    custody === 'merged'
      ? `episodes AS (
  SELECT person_id, s, ${endByAsOf('e_raw')} AS e
  FROM custody_read
  WHERE s <= ${asOf} AND ${optional('e_t', 'e_r', 'e_raw >= s')}
    AND person_id IN (SELECT person_id FROM cohort)
)`
      : // Cut to the person's cohort window [cs, ce or as-of] before merging: the merged days in
        // the window are the same, and at 1M people half the episodes end before the window
        // opens, which the merging window function then need not sort (about 1 CPU s in DuckDB).
        // The row filter names a cohort column (never NULL here), so that DuckDB cannot push it
        // below the join to where the dates are read, which parsed them a second time.
        `episodes AS (
  SELECT person_id, s, e FROM (
    SELECT x.person_id, greatest(x.s, c.cs) AS s,
           least(${endByAsOf('x.e_raw')}, coalesce(c.ce, ${asOf})) AS e
    FROM custody_read x JOIN cohort c ON c.person_id = x.person_id
    WHERE (x.s <= ${asOf} AND ${optional('x.e_t', 'x.e_r', 'x.e_raw >= x.s')}) OR c.cs IS NULL
  ) AS in_window WHERE s <= e
)`,
    // Merging numbers islands in a second window over the first one's result: both must order a
    // person's episodes alike, which ties (the same start and end twice) would leave to the
    // engine, and DuckDB's parallel sort breaks them differently from run to run (a repeated
    // episode then became an island of its own, its days counted twice). Without repeats the
    // order is total. The pieces of `covered` come from one window: a repeat is empty there.
    `episodes_ordered AS (
  SELECT person_id, s, e,
         max(e) OVER (PARTITION BY person_id ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
  FROM ${custody === 'merged' ? '(SELECT DISTINCT person_id, s, e FROM episodes) AS distinct_episodes' : 'episodes'}
)`,
    ...(custody === 'merged'
      ? [
          `episodes_numbered AS (
  SELECT person_id, s, e,
         sum(CASE WHEN prev_end IS NULL OR s > ${d.addDays('prev_end', '1')} THEN 1 ELSE 0 END)
           OVER (PARTITION BY person_id ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS island
  FROM episodes_ordered
)`,
          `merged AS (
  SELECT person_id, min(s) AS s, max(e) AS e FROM episodes_numbered GROUP BY person_id, island
)`,
        ]
      : [
          `covered AS (
  SELECT person_id, s, e FROM (
    SELECT person_id, CASE WHEN prev_end IS NULL OR s > prev_end THEN s ELSE ${d.addDays('prev_end', '1')} END AS s, e FROM episodes_ordered
  ) AS piece WHERE s <= e
)`,
        ]),
    ...(opts.offenceLater
      ? [
          `charges_text AS (
  SELECT charges_raw.*, ${textOf('charges', 'person_id')} AS desist_person_id, ${textOf('charges', 'charge_date')} AS desist_cd_t
  FROM ${inp.tables.charges} AS charges_raw
)`,
          `charges_read AS (
  SELECT charges_text.*, ${date('charges', 'desist_cd_t', rawOf('charges', 'charge_date'), 'desist_cd')} FROM charges_text
)`,
          `ch AS (
  SELECT ${d.columnsBut('charges_read', ['desist_cd_t', rawId])} FROM charges_read${chargesByAsOf ? `
  WHERE desist_cd <= ${asOf}` : ''}
)`,
        ]
      : [
          `charges_text AS (
  SELECT charges_raw.*, ${textOf('charges', 'person_id')} AS desist_person_id, ${textOf('charges', 'charge_date')} AS desist_cd_t,
         ${textOf('charges', 'offence_date')} AS desist_od_t, NULLIF(${textOf('charges', 'offence_code')}, '') AS desist_code
  FROM ${inp.tables.charges} AS charges_raw
)`,
          `charges_read AS (
  SELECT charges_text.*, ${date('charges', 'desist_cd_t', rawOf('charges', 'charge_date'), 'desist_cd')}, ${date('charges', 'desist_od_t', rawOf('charges', 'offence_date'), 'desist_od')} FROM charges_text
)`,
          `ch AS (
  SELECT ${d.columnsBut('charges_read', ['desist_cd_t', 'desist_od_t', ...replaced])}, ${odText('desist_od_t')} AS desist_od_text FROM charges_read
  WHERE ${chargesByAsOf ? `desist_cd <= ${asOf} AND ` : ''}${optional('desist_od_t', rawOf('charges', 'offence_date'), 'desist_od <= desist_cd')}
)`,
        ]),
  ];
}

/**
 * The charges in cohort windows with `ch`'s columns, from `ch` of `inputCtes(..., { offenceLater:
 * true })`: `join` is the FROM clause joining `ch` to the cohort (and its WHERE), `anchor` a
 * cohort column never NULL there. The offence date and code are read here, after the join, and a
 * charge dated before its offence is left out here: on the charges in a window only (40% of them
 * at 1M people), where before the join DuckDB parsed every offence date (about 1 CPU s at 1M).
 * The test names `anchor` only so that it cannot be pushed down below the join.
 */
export function chargesInWindows(d: Dialect, inp: SqlInputs, join: string, anchor: string): string {
  const { textOf, rawOf, date, optional, rawOffence, odText } = readers(d, inp);
  const drop = ['desist_od_t', 'desist_anchor', ...rawOffence];
  return `SELECT ${d.columnsBut('late', drop)}, ${odText('late.desist_od_t', 'late')} AS desist_od_text FROM (
      SELECT read_od.*, ${date('charges', 'read_od.desist_od_t', rawOf('charges', 'offence_date', 'read_od'), 'desist_od')} FROM (
        SELECT ch.*, ${anchor} AS desist_anchor, ${textOf('charges', 'offence_date', 'ch')} AS desist_od_t, NULLIF(${textOf('charges', 'offence_code', 'ch')}, '') AS desist_code
        ${join}
      ) AS read_od
    ) AS late
    WHERE ${optional('late.desist_od_t', rawOf('charges', 'offence_date', 'late'), 'late.desist_od <= late.desist_cd')} OR late.desist_anchor IS NULL`;
}
