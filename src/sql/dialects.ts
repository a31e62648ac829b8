/**
 * What differs between SQL dialects, in one small table per dialect: date arithmetic, text type,
 * the series of quarters, reading a CSV. Everything else in the generated queries is the
 * portable core (CTEs, joins, window functions, CASE, COUNT/SUM, greatest/least on non-null
 * values, CAST, substr, trim, concat) that DuckDB, Trino and Spark SQL all read the same way.
 *
 * Month arithmetic clamps to the month's last day in all three (DuckDB `+ INTERVAL n MONTH`,
 * Trino `date_add('month', ...)`, Spark 3 `add_months`), as desist's own does: 31 January +
 * 1 month = 28 or 29 February.
 *
 * @example
 * DIALECTS.duckdb.addDays("DATE '2024-01-31'", '1'); // "(DATE '2024-01-31' + CAST(1 AS INTEGER))"
 * DIALECTS.trino.daysBetween('a', 'b'); // "date_diff('day', a, b)"
 */
export type DialectName = 'duckdb' | 'trino' | 'spark';
export const DIALECT_NAMES: readonly DialectName[] = ['duckdb', 'trino', 'spark'];

export interface Dialect {
  name: DialectName;
  /** A quoted identifier (a column name as the extract spells it). */
  ident(name: string): string;
  /** The text type for CAST. */
  text: string;
  /** The double type for CAST. */
  double: string;
  /** `d + n` days (n an integer expression). */
  addDays(d: string, n: string): string;
  /** `d + n` calendar months, clamped to the month's last day. */
  addMonths(d: string, n: number): string;
  /** Whole days from a to b (b - a), both dates. */
  daysBetween(a: string, b: string): string;
  /** First day of the quarter holding d, as a date. */
  quarterStart(d: string): string;
  /** A one-column table `q` (a date) of every quarter start from `from` to `to` (both dates). */
  quarterSeries(from: string, to: string): string;
  /** An ISO `yyyy-mm-dd` text (a time of day after it cut off) as a date, NULL when not a real date. */
  isoDate(t: string): string;
  /**
   * A text that is exactly `yyyy-mm-dd` (plainIsoDate) as a date, NULL when not a real date
   * (Spark with ANSI mode on raises instead, as for isoDate: docs/sql.md).
   */
  plainDate(t: string): string;
  /** A UK `d/m/yyyy` text (a time of day after a space cut off) as a date, NULL when not a real date. */
  ukDate(t: string): string;
  /** True when `t` matches the regular expression `re` (anchored by `^`/`$` where wanted; no backslashes). */
  matches(t: string, re: string): string;
  /** True when `t` starts with `yyyy-mm-dd` in digits, the year from 1000 (as desist reads dates). */
  isoPrefix(t: string): string;
  /** True when `t` is exactly `yyyy-mm-dd` in digits, the year from 1000 (nothing to trim). */
  plainIsoDate(t: string): string;
  /**
   * `t` without the characters `chars` (code points) at either end, as desist trims: dates as
   * JavaScript's trim does (WHITESPACE), ids, groups and codes of spaces and tabs (KEY_SPACE).
   * DuckDB does exactly that; Trino and Spark use their own `trim`.
   */
  trim(t: string, chars: readonly number[]): string;
  /**
   * Every column of `alias` for a SELECT list, leaving out `drop` (derived columns) where the
   * dialect can say so; where it cannot, all of them (the derived columns are functions of the
   * others, so a DISTINCT over them is the same DISTINCT, only wider).
   */
  columnsBut(alias: string, drop: string[]): string;
  /**
   * A table expression reading a data file as desist would: a CSV (plain or gzip, as its first
   * bytes say, not its name) with a header, every column as text, or a Parquet file, its columns
   * as they are typed.
   */
  readFile?(path: string, kind: 'csv' | 'gzip' | 'parquet'): string;
  /** An instant (a timestamp with time zone) as text in UTC, whatever the session's time zone (dialects that read files). */
  utcText?(e: string): string;
}

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The characters JavaScript's String.prototype.trim removes (WhiteSpace and LineTerminator), as code points. */
export const WHITESPACE: readonly number[] = [9, 10, 11, 12, 13, 32, 0xa0, 0x1680, ...Array.from({ length: 11 }, (_, i) => 0x2000 + i), 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff];
/** `yyyy-mm-dd` in digits, the year from 1000, as a regular expression (Trino, Spark; DuckDB uses GLOB). */
const ISO_DATE_RE = '[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}';
/** What desist trims from ids, groups and offence codes (io/byte-map.ts): spaces and tabs. */
export const KEY_SPACE: readonly number[] = [9, 32];

export const DIALECTS: Record<DialectName, Dialect> = {
  duckdb: {
    name: 'duckdb',
    ident: (n) => `"${n.replaceAll('"', '""')}"`,
    text: 'VARCHAR',
    double: 'DOUBLE',
    addDays: (d, n) => `(${d} + CAST(${n} AS INTEGER))`,
    addMonths: (d, n) => `CAST(${d} + INTERVAL ${n} MONTH AS DATE)`,
    daysBetween: (a, b) => `(${b} - ${a})`,
    quarterStart: (d) => `CAST(date_trunc('quarter', ${d}) AS DATE)`,
    quarterSeries: (from, to) => `(SELECT CAST(g.q AS DATE) AS q FROM generate_series(CAST(${from} AS TIMESTAMP), CAST(${to} AS TIMESTAMP), INTERVAL 3 MONTH) AS g(q))`,
    isoDate: (t) => `TRY_CAST(substr(${t}, 1, 10) AS DATE)`,
    plainDate: (t) => `TRY_CAST(${t} AS DATE)`,
    ukDate: (t) => `CAST(TRY_STRPTIME(split_part(${t}, ' ', 1), '%d/%m/%Y') AS DATE)`,
    matches: (t, re) => `regexp_matches(${t}, ${lit(re)})`,
    // GLOB's classes cost DuckDB less than a regular expression (0.2 s over 21M dates).
    isoPrefix: (t) => `${t} GLOB '[1-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'`,
    // DuckDB's trim() takes the characters to remove (by itself it leaves tabs). Most ids start and
    // end with a printable character: testing the ends first is cheaper than trimming every value
    // (about a second at 1M people). Dates are trimmed only when not plain (inputs.ts).
    trim: (t, chars) => {
      const set = chars.map((c) => `chr(${c})`).join(' || ');
      if (chars.some((c) => c > 127)) return `trim(${t}, ${set})`;
      const ends = chars.flatMap((c) => [`starts_with(${t}, chr(${c}))`, `ends_with(${t}, chr(${c}))`]).join(' OR ');
      return `CASE WHEN ${ends} THEN trim(${t}, ${set}) ELSE ${t} END`;
    },
    plainIsoDate: (t) => `${t} GLOB '[1-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`,
    columnsBut: (alias, drop) => `${alias}.* EXCLUDE (${drop.join(', ')})`,
    utcText: (e) => `CAST(timezone('UTC', ${e}) AS VARCHAR)`,
    readFile: (path, kind) =>
      kind === 'parquet'
        ? `read_parquet(${lit(path)})`
        : `read_csv(${lit(path)}, header = true, all_varchar = true, auto_detect = true${kind === 'gzip' ? `, compression = 'gzip'` : ''})`,
  },
  trino: {
    name: 'trino',
    ident: (n) => `"${n.replaceAll('"', '""')}"`,
    text: 'VARCHAR',
    double: 'DOUBLE',
    addDays: (d, n) => `date_add('day', ${n}, ${d})`,
    addMonths: (d, n) => `date_add('month', ${n}, ${d})`,
    daysBetween: (a, b) => `date_diff('day', ${a}, ${b})`,
    quarterStart: (d) => `date_trunc('quarter', ${d})`,
    quarterSeries: (from, to) => `(SELECT s.q FROM UNNEST(sequence(${from}, ${to}, INTERVAL '3' MONTH)) AS s(q))`,
    isoDate: (t) => `try_cast(substr(${t}, 1, 10) AS date)`,
    plainDate: (t) => `try_cast(${t} AS date)`,
    ukDate: (t) => `try(CAST(date_parse(split_part(${t}, ' ', 1), '%d/%m/%Y') AS date))`,
    matches: (t, re) => `regexp_like(${t}, ${lit(re)})`,
    isoPrefix: (t) => `regexp_like(${t}, '^${ISO_DATE_RE}')`,
    plainIsoDate: (t) => `regexp_like(${t}, '^${ISO_DATE_RE}$')`,
    trim: (t) => `trim(${t})`,
    columnsBut: (alias) => `${alias}.*`,
  },
  spark: {
    name: 'spark',
    ident: (n) => `\`${n.replaceAll('`', '``')}\``,
    text: 'STRING',
    double: 'DOUBLE',
    addDays: (d, n) => `date_add(${d}, CAST(${n} AS INT))`,
    addMonths: (d, n) => `add_months(${d}, ${n})`,
    daysBetween: (a, b) => `datediff(${b}, ${a})`,
    quarterStart: (d) => `trunc(${d}, 'QUARTER')`,
    quarterSeries: (from, to) => `(SELECT explode(sequence(${from}, ${to}, INTERVAL 3 MONTHS)) AS q)`,
    isoDate: (t) => `to_date(substr(${t}, 1, 10), 'yyyy-MM-dd')`,
    plainDate: (t) => `to_date(${t}, 'yyyy-MM-dd')`,
    ukDate: (t) => `to_date(substring_index(${t}, ' ', 1), 'd/M/yyyy')`,
    matches: (t, re) => `(${t} RLIKE ${lit(re)})`,
    isoPrefix: (t) => `(${t} RLIKE '^${ISO_DATE_RE}')`,
    plainIsoDate: (t) => `(${t} RLIKE '^${ISO_DATE_RE}$')`,
    trim: (t) => `trim(${t})`,
    columnsBut: (alias) => `${alias}.*`,
  },
};
