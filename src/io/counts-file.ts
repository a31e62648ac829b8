/**
 * Reading counts computed elsewhere (the result of `desist sql`, exported from a warehouse as
 * CSV) for `--from-counts`: every column checked, every problem a data error naming the file,
 * line, column, value and what was expected.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

// csv-parse is loaded only when such a file is read (its CommonJS build: the same code)
const require = createRequire(import.meta.url);
const parse = (text: string, o: import('csv-parse/sync').Options): unknown => (require('csv-parse/sync') as typeof import('csv-parse/sync')).parse(text, o);
import { dataError, inputError } from '../core/errors.js';

export interface CountsSpec {
  /** Columns holding whole numbers >= 0. */
  counts: readonly string[];
  /** Text columns that must be present (an empty value is NULL). */
  text: readonly string[];
  /** Optional boolean columns (true/false, t/f, 1/0). */
  flags?: readonly string[];
}

export interface CountsFile {
  rows: { line: number; values: Record<string, string | number | boolean | null> }[];
  sha256: string;
  read: number;
}

const quoteValue = (v: string) => `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;

/** Read and check a counts CSV; header names are matched ignoring case and spaces. */
export function readCountsFile(path: string, shown: string, spec: CountsSpec): CountsFile {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw inputError(`cannot read the counts file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, shown);
  }
  let records: string[][];
  try {
    records = parse(buf.toString('utf8').replace(/^\uFEFF/, ''), { relax_column_count: false, skip_empty_lines: true }) as string[][];
  } catch (e) {
    throw dataError(`not a readable CSV: ${(e as Error).message}`, shown);
  }
  if (records.length === 0) throw dataError('the counts file is empty: expected a header row', shown);
  const header = records[0].map((h) => h.trim().toLowerCase());
  const at = (name: string) => header.indexOf(name);
  const missing = [...spec.text, ...spec.counts].filter((c) => at(c) < 0);
  if (missing.length) throw dataError(`missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} in the counts file; columns found: ${records[0].join(', ')}`, `${shown}:1`);
  const rows: CountsFile['rows'] = [];
  for (let i = 1; i < records.length; i++) {
    const rec = records[i];
    const line = i + 1;
    const values: Record<string, string | number | boolean | null> = {};
    for (const c of spec.text) {
      const v = rec[at(c)].trim();
      values[c] = v === '' ? null : v;
    }
    for (const c of spec.counts) {
      const raw = rec[at(c)].trim();
      if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw dataError(`${c}: ${quoteValue(raw)} is not a whole number >= 0`, `${shown}:${line}`);
      values[c] = Number(raw);
    }
    for (const c of spec.flags ?? []) {
      if (at(c) < 0) continue;
      const raw = rec[at(c)].trim().toLowerCase();
      if (!['true', 'false', 't', 'f', '1', '0'].includes(raw)) throw dataError(`${c}: ${quoteValue(raw)} is not true or false`, `${shown}:${line}`);
      values[c] = raw === 'true' || raw === 't' || raw === '1';
    }
    rows.push({ line, values });
  }
  return { rows, sha256: createHash('sha256').update(buf).digest('hex'), read: rows.length };
}

/** A count that cannot exceed another (e.g. at_risk <= eligible): a data error naming both. */
export function checkAtMost(shown: string, line: number, values: Record<string, unknown>, part: string, whole: string): void {
  if ((values[part] as number) > (values[whole] as number)) {
    throw dataError(`${part} ${String(values[part])} is more than ${whole} ${String(values[whole])}: these are not counts of one cell`, `${shown}:${line}`);
  }
}

/** A count that must be 0 when another is (no reoffences without a reoffender): a data error naming both. */
export function checkZeroWithout(shown: string, line: number, values: Record<string, unknown>, part: string, whole: string): void {
  if ((values[whole] as number) === 0 && (values[part] as number) > 0) {
    throw dataError(`${part} ${String(values[part])} while ${whole} is 0: there is no ${part} without ${whole}`, `${shown}:${line}`);
  }
}

/** Each row of a counts file is one cell: a key (a group) given twice is a data error naming both lines. */
export function checkUnique(shown: string, rows: CountsFile['rows'], column: string): void {
  const seen = new Map<string, number>();
  for (const { line, values } of rows) {
    const key = values[column] === null ? '' : String(values[column]);
    const first = seen.get(key);
    if (first !== undefined) {
      throw dataError(`${column}: ${key === '' ? 'an empty value' : quoteValue(key)} is on line ${first} too: each row must be one ${column}`, `${shown}:${line}`);
    }
    seen.set(key, line);
  }
}
