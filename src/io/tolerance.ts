/**
 * The rejection tolerance (`--max-rejected`): how many of an extract's rows may be rejected
 * before a figure computed from the rest is no longer worth publishing.
 *
 * A limit is a share (`5%`) or a count (`120`). An extract is *over* the limit when more of its
 * rows are rejected than the limit allows: for a share, rejected / considered > P, where the
 * rows considered are the rows read less the rows the mapping's `where` filters out (a filtered
 * row is never rejected). `100%` turns the check off. The default share of the analysis commands
 * (5%) applies only once an extract has at least 100 rows considered, because a share of a few
 * rows says little; a limit the user sets applies at any size.
 */
import type { FileCounts, Rejection } from './rows.js';
import { quote } from '../core/text.js';

export interface Tolerance {
  kind: 'share' | 'count';
  /** a share in [0, 1], or a whole number of rows */
  value: number;
  /** the limit as written, e.g. '5%' */
  text: string;
  /** extracts with fewer rows considered than this are not checked */
  minRows: number;
}

/** Extracts below this many rows are not held to the default share. */
export const DEFAULT_MIN_ROWS = 100;

/**
 * Read a limit: `P%` (0 to 100, decimals allowed) or a whole number of rows.
 * Throws a RangeError with what was expected.
 *
 * @example
 * parseTolerance('2.5%'); // { kind: 'share', value: 0.025, text: '2.5%', minRows: 0 }
 * parseTolerance('120'); // { kind: 'count', value: 120, text: '120', minRows: 0 }
 */
export function parseTolerance(raw: string): Tolerance {
  const v = raw.trim();
  const pct = /^(\d{1,3}(?:\.\d+)?)\s*%$/.exec(v);
  if (pct) {
    const p = Number(pct[1]);
    if (p > 100) throw new RangeError(`expected a share from 0% to 100%, got ${quote(raw)}`);
    return { kind: 'share', value: p / 100, text: `${pct[1]}%`, minRows: 0 };
  }
  if (/^\d{1,12}$/.test(v)) return { kind: 'count', value: Number(v), text: String(Number(v)), minRows: 0 };
  throw new RangeError(`expected a share such as 5% or a number of rows such as 120, got ${quote(raw)}`);
}

/** Rows of an extract the tolerance is measured against: read, less those filtered out by the mapping. */
export const consideredRows = (c: FileCounts): number => c.read - c.filtered;

/** Rejected share of an extract's considered rows (0 when it has none). */
export const rejectedShare = (c: FileCounts): number => (consideredRows(c) > 0 ? c.rejected / consideredRows(c) : 0);

/** True when the extract has more rejected rows than the limit allows. */
export function overTolerance(c: FileCounts, t: Tolerance): boolean {
  if (c.rejected === 0 || consideredRows(c) < t.minRows) return false;
  return t.kind === 'share' ? rejectedShare(c) > t.value : c.rejected > t.value;
}

/** One reason rows were rejected: the column, the kind, how many rows, and the likely fix. */
export interface ReasonCount {
  column: string;
  kind: Rejection['kind'];
  rows: number;
  /** the first rejected value, as an example */
  example: string;
}

/** The reasons an extract's rows were rejected, most frequent first (ties: column, kind). */
export function topReasons(rejections: Rejection[], file: string, top = 3): ReasonCount[] {
  const by = new Map<string, ReasonCount>();
  for (const r of rejections) {
    if (r.file !== file) continue;
    const key = `${r.column}\u0000${r.kind}`;
    const c = by.get(key);
    if (c) c.rows++;
    else by.set(key, { column: r.column, kind: r.kind, rows: 1, example: r.value });
  }
  return [...by.values()].sort((a, b) => b.rows - a.rows || a.column.localeCompare(b.column) || a.kind.localeCompare(b.kind)).slice(0, top);
}

const fmt = (n: number) => n.toLocaleString('en-GB');

/** A share as a percentage for people: one decimal, more when it would read as 0.0%. */
export function percent(share: number): string {
  if (share > 0 && share < 0.001) return `${(share * 100).toPrecision(1)}%`;
  return `${(share * 100).toFixed(1)}%`;
}

/** One reason in words, with the likely fix. */
export function describeReason(r: ReasonCount, role: FileCounts['role']): string {
  const rows = `${fmt(r.rows)} row${r.rows === 1 ? '' : 's'}`;
  const example = r.example.length > 40 ? `${r.example.slice(0, 40)}…` : r.example;
  switch (r.kind) {
    case 'missing value':
      if (role === 'charges' && r.column === 'charge_date') {
        return `charge_date is empty in ${rows}: if this extract has only offence dates, see \`missingChargeDate\` in the mapping`;
      }
      if (r.column === 'person_id') return `person_id is empty in ${rows}: such rows cannot be linked to anyone`;
      return `${r.column} is empty in ${rows}: if another column holds it, map it in the mapping's \`columns\``;
    case 'invalid date':
      return `${r.column} is not a date in ${rows} (e.g. ${quote(example)}): declare the extract's \`dateFormat\` in the mapping, or check that the right column is mapped`;
    case 'dates out of order':
      return `${r.column} is out of order in ${rows}: check which columns are mapped to the two dates`;
    case 'after as-of':
      return `${r.column} is after the as-of date in ${rows}: check --as-of (nothing after it exists)`;
    case 'wrong number of fields':
      return `${rows} have a different number of fields from the header: check the delimiter and quoting`;
    case 'malformed CSV':
      return `${rows} are not well-formed CSV (e.g. an unclosed quote)`;
  }
}

/**
 * The error text for an extract over its limit: the extract, its share, the top reasons with
 * their counts and the likely fixes, and how to change the limit.
 */
export function overToleranceMessage(c: FileCounts, rejections: Rejection[], t: Tolerance): string {
  const reasons = topReasons(rejections, c.file).map((r) => describeReason(r, c.role));
  return (
    `${fmt(c.rejected)} of ${fmt(consideredRows(c))} ${c.role} rows rejected (${percent(rejectedShare(c))}), more than --max-rejected ${t.text} allows: ` +
    `${reasons.join('; ')}. Fix the extract or the mapping, or raise --max-rejected (100% turns the check off); 'desist validate' lists every rejected row`
  );
}

/** The sentence for an output's notes when rows were rejected within the limit. */
export function withinToleranceNote(c: FileCounts, t: Tolerance): string {
  const limit = consideredRows(c) < t.minRows ? `the ${t.text} limit applies from ${t.minRows} rows` : `within --max-rejected ${t.text}`;
  return `${c.file}: ${fmt(c.rejected)} of ${fmt(consideredRows(c))} rows rejected (${percent(rejectedShare(c))}, ${limit}) and left out of every figure; 'desist validate' lists them.`;
}
