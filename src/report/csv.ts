/**
 * The one CSV writer: every CSV desist writes (the `--format csv` tables, the `--rejects` file,
 * and any later one) goes through {@link csvText} or {@link csvFromRows}, so every cell follows
 * one rule.
 *
 * Spreadsheet safety: a text cell whose first character is `=`, `+`, `-`, `@` or any control
 * character (tab, CR, LF, NUL, `\x01`...`\x1f`, DEL) is prefixed with `'`, so a spreadsheet shows it
 * as text and never runs it as a formula (OWASP "CSV injection"). This holds for every text cell:
 * values from the extracts, reasons, file names, column names. Numbers are written as numbers
 * (a negative count is not text); a non-finite number, null and undefined are empty.
 *
 * @example
 * csvText(['file', 'value'], [['=1+2.csv', '\x01=1+1'], ['a.csv', -3]]); // "file,value\n'=1+2.csv,'\x01=1+1\na.csv,-3\n"
 */
import { createRequire } from 'node:module';

// loaded on the first CSV written (its CommonJS build: the same code, fewer files to load)
const require = createRequire(import.meta.url);
let stringifier: typeof import('csv-stringify/sync').stringify | undefined;
const stringify = (records: unknown[][]): string => (stringifier ??= (require('csv-stringify/sync') as typeof import('csv-stringify/sync')).stringify)(records);

// eslint-disable-next-line no-control-regex
const UNSAFE_START = /^[=+\-@\x00-\x1f\x7f]/;

/** One cell as spreadsheet-safe text (see the module comment). */
export function safeCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const s = String(v);
  return UNSAFE_START.test(s) ? `'${s}` : s;
}

/** A CSV document: a header row and data rows, every cell made safe, RFC 4180 quoting, LF line ends. */
export function csvText(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return stringify([header.map(safeCell), ...rows.map((r) => r.map(safeCell))]);
}

/** Flatten nested objects with '_' (treated.ci_low -> treated_ci_low); arrays join with ';'. */
export function flatten(row: Record<string, unknown>, prefix = '', into: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of Object.entries(row)) {
    const key = prefix ? `${prefix}_${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, key, into);
    else into[key] = Array.isArray(v) ? v.join(';') : v;
  }
  return into;
}

/** The flattened column names of a set of rows, in first-seen order. */
export function flatColumns(flat: readonly Record<string, unknown>[]): string[] {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const r of flat) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
    }
  }
  return columns;
}

/** Rows of objects as CSV: nested fields flattened with '_', columns in order of first appearance. */
export function csvFromRows(rows: readonly Record<string, unknown>[]): string {
  const flat = rows.map((r) => flatten(r));
  const columns = flatColumns(flat);
  return csvText(
    columns,
    flat.map((r) => columns.map((c) => r[c])),
  );
}
