/**
 * What every extract reader shares, row by row: the rejection record, the per-file counts of
 * the reconciliation, the row sink (width check, malformed rows), header checks, date readers.
 * The sequential reader (extract.ts) and the parallel parts (events.ts) both build on it.
 */
import { NOT_ISO, type FieldView } from './csv-scan.js';
import { resolveColumns, resolveWhere, type Mapping, type Role, type RowFilter } from './mapping.js';
import { formatDay } from '../core/days.js';
import { parseDate, type DateFormat } from './dates.js';
import { configError, dataError } from '../core/errors.js';
import { quoteList } from '../core/text.js';

export interface Rejection {
  role: Role;
  file: string;
  line: number;
  column: string;
  value: string;
  /** A short category for reconciliation ('invalid date', 'missing value', ...). */
  kind: RejectKind;
  reason: string;
}

export const REJECT_KINDS = ['malformed CSV', 'wrong number of fields', 'missing value', 'invalid date', 'dates out of order', 'after as-of'] as const;
export type RejectKind = (typeof REJECT_KINDS)[number];

export interface FileCounts {
  role: Role;
  file: string;
  sha256: string;
  gzip: boolean;
  delimiter: string;
  columns: string[];
  /** Data rows read (header and blank lines excluded). */
  read: number;
  accepted: number;
  rejected: number;
  deduplicated: number;
  /** Rows the mapping's `where` filter leaves out (never rejected, never read further). */
  filtered: number;
  blankLines: number;
  /** Accepted rows naming people who are not in the cohort (charges, custody). */
  outsideCohort: number;
  /** Accepted rows of people whose cohort row was rejected (also left out of the model). */
  cohortRowRejected: number;
  /** Custody: accepted episodes absorbed into an overlapping or adjacent one. */
  merged: number;
  /** Charges: accepted rows with an empty offence_date. */
  missingOffenceDate: number;
  /** Charges: accepted rows with an empty charge_date dated by their offence_date (missingChargeDate). */
  chargeDateFromOffence: number;
  /** cohort_end / custody_end after as-of: not yet happened, so read as open. */
  endAfterAsOf: number;
  /** Two cohort files as groups: the group this cohort file gives its people. */
  cohortGroup?: string;
  /**
   * Two cohort files as groups, the comparison file: rows of people also in the treated file,
   * removed under `--overlap drop` (neither accepted nor rejected).
   */
  overlapDropped?: number;
}

/** Interns small-vocabulary strings (codes, groups) to dense integers. */
export class Interner {
  readonly values: string[] = [];
  private readonly map = new Map<string, number>();
  id(s: string): number {
    let k = this.map.get(s);
    if (k === undefined) {
      k = this.values.length;
      this.values.push(s);
      this.map.set(s, k);
    }
    return k;
  }
}

export interface ReaderContext {
  /** the file name shown in messages */
  file: string;
  role: Role;
  mapping: Mapping | undefined;
  rejections: Rejection[];
  counts: FileCounts;
  /** the mapping's row filters, resolved against the header (set by checkHeader) */
  where?: RowFilter[];
}

/**
 * The sink for data rows (header already read): every row is counted as read, then rejected
 * (malformed, wrong width), counted as filtered out by the mapping's `where`, or handed to
 * `onRow`. Shared by the sequential reader and the parallel parts, so both treat every row the
 * same way.
 */
export function rowsSink(ctx: ReaderContext, width: () => number, onRow: (f: FieldView, line: number) => void) {
  const { counts } = ctx;
  return {
    record(f: FieldView, line: number) {
      counts.read++;
      if (f.count !== width()) {
        reject(ctx, line, '(row)', rawOf(f), 'wrong number of fields', `expected ${width()} fields as in the header, found ${f.count}`);
        return;
      }
      if (ctx.where && !kept(f, ctx.where)) {
        counts.filtered++;
        return;
      }
      onRow(f, line);
    },
    error(line: number, reason: string, raw: string) {
      counts.read++;
      reject(ctx, line, '(row)', raw, 'malformed CSV', reason);
    },
  };
}

/** True when the row passes every filter: its field (trimmed) is one of the listed values. */
function kept(f: FieldView, where: RowFilter[]): boolean {
  for (const w of where) if (!w.values.includes(f.get(w.index).trim())) return false;
  return true;
}

function rawOf(f: FieldView): string {
  const parts: string[] = [];
  for (let i = 0; i < f.count; i++) parts.push(f.get(i));
  const s = parts.join(',');
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

export function reject(ctx: ReaderContext, line: number, column: string, value: string, kind: RejectKind, reason: string): void {
  ctx.counts.rejected++;
  ctx.rejections.push({ role: ctx.role, file: ctx.file, line, column, value, kind, reason });
}

export function checkHeader(ctx: ReaderContext, header: string[]) {
  const r = resolveColumns(header, ctx.role, ctx.mapping);
  const where = `${ctx.file}:1`;
  if (r.shared.length > 0) throw configError(`the mapping is ambiguous in the ${ctx.role} file: ${r.shared.join('; ')}`, where);
  const found = quoteList(header.map((h) => h.replace(/^\uFEFF/, '').trim()));
  if (r.missing.length > 0) {
    throw dataError(
      `missing required column${r.missing.length > 1 ? 's' : ''} ${r.missing.join(', ')} in the ${ctx.role} file; columns found: ${found}` +
        (ctx.mapping ? '' : ' (a mapping file can rename columns: see README, "The mapping file")'),
      where,
    );
  }
  if (r.missingMapped.length > 0) {
    throw dataError(`the mapping names column${r.missingMapped.length > 1 ? 's' : ''} ${r.missingMapped.join(', ')}, not in the ${ctx.role} file; columns found: ${found}`, where);
  }
  if (r.duplicated.length > 0) {
    throw dataError(`the ${ctx.role} file names ${r.duplicated.join(', ')} more than once: which one to read is ambiguous; rename one`, where);
  }
  const w = resolveWhere(header, ctx.role, ctx.mapping, r.index);
  if (w.unknown.length > 0) throw dataError(`the mapping's where.${ctx.role} names column${w.unknown.length > 1 ? 's' : ''} ${w.unknown.join(', ')}, not in the ${ctx.role} file; columns found: ${found}`, where);
  if (w.filters.length > 0) ctx.where = w.filters;
  return r;
}

/** A date reader for one column: ISO fast path from bytes, declared formats from the string. */
export function dateReader(format: DateFormat, pivot?: number) {
  return (f: FieldView, i: number): number | string => {
    if (format === 'auto' || format === 'yyyy-mm-dd') {
      const d = f.dayNumberIsoAt(i);
      if (d !== NOT_ISO) return d;
    }
    return parseDate(f.get(i), format, pivot);
  };
}

export function newCounts(role: Role, file: string): FileCounts {
  return {
    role,
    file,
    sha256: '',
    gzip: false,
    delimiter: 'comma',
    columns: [],
    read: 0,
    accepted: 0,
    rejected: 0,
    deduplicated: 0,
    filtered: 0,
    blankLines: 0,
    outsideCohort: 0,
    cohortRowRejected: 0,
    merged: 0,
    missingOffenceDate: 0,
    chargeDateFromOffence: 0,
    endAfterAsOf: 0,
  };
}

/** True when field i is empty or only spaces and tabs: such a value counts as empty everywhere. */
export function blank(f: FieldView, i: number): boolean {
  const b = f.source(i);
  const e = f.end(i);
  let k = f.start(i);
  if (k < e && b[k] !== 32 && b[k] !== 9) return false; // the usual case, decided at once
  for (; k < e; k++) if (b[k] !== 32 && b[k] !== 9) return false;
  return true;
}

/** Person number of a row whose person's cohort row was rejected (never indexed). */
export const PERSON_REJECTED = -3;

export const afterAsOf = (name: string, v: number, asOf: number) => `${name} ${formatDay(v)} is after the as-of date ${formatDay(asOf)}`;
