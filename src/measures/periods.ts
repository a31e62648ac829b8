/**
 * Reporting periods (quarters) and durations, on integer day numbers (see io/dates.ts).
 *
 * **Quarter index.** A quarter is identified by one integer, `year * 4 + (month - 1) / 3` of its
 * first month (calendar numbering), the same for both label styles: calendar and UK fiscal
 * quarters cover the same three-month spans and differ only in their names.
 *
 * | span            | calendar label | fiscal label  |
 * |-----------------|----------------|---------------|
 * | Jan-Mar 2024    | `2024Q1`       | `2023/24 Q4`  |
 * | Apr-Jun 2023    | `2023Q2`       | `2023/24 Q1`  |
 * | Oct-Dec 2023    | `2023Q4`       | `2023/24 Q3`  |
 *
 * `parseQuarterLabel` reads both styles whatever kind is being reported (each style names one
 * span, so there is no ambiguity): `2023Q1` is always January-March 2023 and `2023/24 Q1` always
 * April-June 2023.
 *
 * **Durations** (`--lag 6m`, `--follow-up 12m`): `Nd` days, `Nm` months, `Ny` years (= 12N months).
 * Month arithmetic clamps to the month's last day (31 January + 1 month = 28/29 February).
 *
 * @example
 * import { daysFromCivil, formatDay } from '../core/days.js';
 * quarterLabel(quarterIndex(daysFromCivil(2024, 2, 10)), 'fiscal'); // '2023/24 Q4'
 * formatDay(quarterEnd(parseQuarterLabel('2023Q1'))); // '2023-03-31'
 * formatDay(addDuration(daysFromCivil(2023, 8, 31), parseDuration('6m'))); // '2024-02-29'
 */
import { addMonths, civilFromDays, daysFromCivil } from '../core/days.js';

export type QuarterKind = 'calendar' | 'fiscal';
export const QUARTER_KINDS: readonly QuarterKind[] = ['calendar', 'fiscal'];

export interface Quarter {
  /** Kind-independent quarter index (see the module comment). */
  index: number;
  kind: QuarterKind;
  label: string;
  /** First day (day number). */
  start: number;
  /** Last day (day number, inclusive). */
  end: number;
}

/** Index of the quarter holding day `day`. */
export function quarterIndex(day: number): number {
  const { y, m } = civilFromDays(day);
  return y * 4 + Math.floor((m - 1) / 3);
}

/** First day of quarter `index`. */
export function quarterStart(index: number): number {
  const y = Math.floor(index / 4);
  return daysFromCivil(y, (index - y * 4) * 3 + 1, 1);
}

/** Last day of quarter `index` (inclusive). */
export function quarterEnd(index: number): number {
  return quarterStart(index + 1) - 1;
}

/** Label of quarter `index`: `2023Q1` (calendar) or `2023/24 Q1` (fiscal, April-June 2023). */
export function quarterLabel(index: number, kind: QuarterKind = 'calendar'): string {
  const y = Math.floor(index / 4);
  const q = index - y * 4 + 1; // calendar quarter 1..4
  if (kind === 'calendar') return `${y}Q${q}`;
  const fy = q === 1 ? y - 1 : y; // the fiscal year starts in April
  const fq = q === 1 ? 4 : q - 1;
  return `${fy}/${String((fy + 1) % 100).padStart(2, '0')} Q${fq}`;
}

/** The quarter holding `day`, with its label in the given style. */
export function quarterOf(day: number, kind: QuarterKind = 'calendar'): Quarter {
  return quarter(quarterIndex(day), kind);
}

/** Quarter `index` as an object. */
export function quarter(index: number, kind: QuarterKind = 'calendar'): Quarter {
  return { index, kind, label: quarterLabel(index, kind), start: quarterStart(index), end: quarterEnd(index) };
}

const CALENDAR_RE = /^(\d{4})\s*-?\s*Q([1-4])$/i;
const FISCAL_RE = /^(?:FY\s*)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*-?\s*Q([1-4])$/i;

/**
 * Parse a quarter label to its index. Accepts the calendar style `2023Q1` (also `2023-Q1`,
 * `2023 Q1`, any case) and the fiscal style `2023/24 Q1` (also `2023/2024 Q1`, `2023-24 Q1`,
 * `FY2023/24 Q1`). Each style keeps its own meaning whatever `kind` is reported; `kind` only
 * orders the examples in the error message. Throws RangeError for anything else.
 */
export function parseQuarterLabel(label: string, kind: QuarterKind = 'calendar'): number {
  const s = String(label).trim();
  const c = CALENDAR_RE.exec(s);
  if (c) return Number(c[1]) * 4 + Number(c[2]) - 1;
  const f = FISCAL_RE.exec(s);
  if (f) {
    const y1 = Number(f[1]);
    const y2 = Number(f[2]);
    const next = f[2].length === 2 ? (y1 + 1) % 100 : y1 + 1;
    if (y2 !== next) {
      throw new RangeError(
        `'${s}' is not a quarter: a financial year runs over two consecutive years (e.g. ${y1}/${String((y1 + 1) % 100).padStart(2, '0')})`,
      );
    }
    const fq = Number(f[3]);
    // fiscal Q1..Q3 = calendar Q2..Q4 of y1; fiscal Q4 = calendar Q1 of y1 + 1
    return fq === 4 ? (y1 + 1) * 4 : y1 * 4 + fq;
  }
  const examples = kind === 'fiscal' ? `'2023/24 Q1' (April-June 2023) or '2023Q1' (January-March 2023)` : `'2023Q1' (January-March 2023) or '2023/24 Q1' (April-June 2023)`;
  throw new RangeError(`'${s}' is not a quarter: expected ${examples}`);
}

/** Quarters `from`..`to` (indices, inclusive), in order; empty when from > to. */
export function listQuarters(from: number, to: number, kind: QuarterKind = 'calendar'): Quarter[] {
  const out: Quarter[] = [];
  for (let i = from; i <= to; i++) out.push(quarter(i, kind));
  return out;
}

/** Index of the last quarter that is complete on `asOf`: the last whose end <= asOf. */
export function lastCompleteQuarterBefore(asOf: number): number {
  const q = quarterIndex(asOf);
  return quarterEnd(q) <= asOf ? q : q - 1;
}

/* ---------------------------------------------------------------- durations */

export type Duration = { months: number } | { days: number };

const DURATION_RE = /^(\d{1,5})\s*([dmy])$/i;

/**
 * Parse `90d`, `6m`, `12m`, `1y` (non-negative whole numbers; `y` = 12 months).
 * Throws RangeError otherwise.
 */
export function parseDuration(s: string): Duration {
  const m = DURATION_RE.exec(String(s).trim());
  if (!m) throw new RangeError(`'${s}' is not a duration: expected a whole number and a unit, e.g. 90d, 6m, 12m or 1y`);
  const n = Number(m[1]);
  switch (m[2].toLowerCase()) {
    case 'd':
      return { days: n };
    case 'm':
      return { months: n };
    default:
      return { months: n * 12 };
  }
}

/** `6m`, `90d`: the canonical text of a duration (years are written as months). */
export function formatDuration(d: Duration): string {
  return 'months' in d ? `${d.months}m` : `${d.days}d`;
}

/** `day` + duration; month arithmetic clamps to the month's last day. */
export function addDuration(day: number, d: Duration): number {
  return 'months' in d ? addMonths(day, d.months) : day + d.days;
}
