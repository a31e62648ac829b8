/**
 * Reading dates from text: the formats a mapping may declare, and the parser that turns a field
 * into a day number (see core/days.ts for the arithmetic) or the reason it is not a date.
 */
import { daysFromCivil, isValidCivil } from '../core/days.js';
import { quote } from '../core/text.js';

/** Date formats a mapping may declare. `auto` reads ISO and UK day-first slashes. */
export const DATE_FORMATS = ['auto', 'yyyy-mm-dd', 'dd/mm/yyyy', 'mm/dd/yyyy', 'dd-mm-yyyy', 'dd.mm.yyyy', 'yyyy/mm/dd'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export type DateParse = number | string; // a day number, or the reason it is not a date

function digits(s: string, from: number, len: number): number {
  let v = 0;
  for (let i = from; i < from + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Length of the date part: a time of day after 'T' or a space is cut off. */
function datePartLength(s: string): number {
  const t = s.indexOf('T');
  const sp = s.indexOf(' ');
  let end = s.length;
  if (t > 0) end = Math.min(end, t);
  if (sp > 0) end = Math.min(end, sp);
  return end;
}

/** What may follow the date: a time of day (digits, ':', '.') and a zone (Z, +hh:mm), or nothing. */
const TIME_OF_DAY = /^[T ][0-9:.+\-Z ]*$/;

function civilOrReason(y: number, m: number, d: number, s: string, expected: string): DateParse {
  if (y < 0 || m < 0 || d < 0) return `${quote(s)} is not a date in the form ${expected}`;
  if (!isValidCivil(y, m, d)) return `${quote(s)} is not a real calendar date`;
  return daysFromCivil(y, m, d);
}

function parseYmd(s: string, len: number, sep: string): DateParse {
  const expected = `yyyy${sep}mm${sep}dd`;
  if (len !== 10 || s[4] !== sep || s[7] !== sep) return `${quote(s)} is not a date in the form ${expected}`;
  return civilOrReason(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2), s, expected);
}

/** d/m/yyyy or m/d/yyyy, allowing one- or two-digit day and month. */
function parseDmy(s: string, len: number, sep: string, dayFirst: boolean): DateParse {
  const expected = dayFirst ? `dd${sep}mm${sep}yyyy` : `mm${sep}dd${sep}yyyy`;
  const a = s.indexOf(sep);
  const b = a < 0 ? -1 : s.indexOf(sep, a + 1);
  if (a < 1 || a > 2 || b - a < 2 || b - a > 3 || len - b !== 5) return `${quote(s)} is not a date in the form ${expected}`;
  const p1 = digits(s, 0, a);
  const p2 = digits(s, a + 1, b - a - 1);
  const y = digits(s, b + 1, 4);
  const r = dayFirst ? civilOrReason(y, p2, p1, s, expected) : civilOrReason(y, p1, p2, s, expected);
  if (typeof r === 'string' && dayFirst && p2 > 12 && p1 <= 12 && p1 >= 1) {
    return `${r} (month ${p2} read day-first; if this file writes month first, declare "dateFormat": "mm/dd/yyyy" in the mapping)`;
  }
  return r;
}

/**
 * Parse one date string to a day number, or return the reason it is not a date.
 * A timestamp (`2023-04-01T13:05:00`, `01/04/2023 13:05`) is cut to its date.
 * `auto` accepts ISO `yyyy-mm-dd` and UK `dd/mm/yyyy`; month-first US dates are read
 * only when the mapping declares `mm/dd/yyyy` (never guessed).
 */
export function parseDate(raw: string, format: DateFormat = 'auto'): DateParse {
  const s = raw.trim();
  const len = datePartLength(s);
  const r = parseDatePart(s, len, format);
  if (typeof r === 'number' && len < s.length && !TIME_OF_DAY.test(s.slice(len))) {
    return `${quote(s)} is not a date: the text after the date is not a time of day`;
  }
  return r;
}

function parseDatePart(s: string, len: number, format: DateFormat): DateParse {
  switch (format) {
    case 'auto':
      if (len === 10 && s[4] === '-') return parseYmd(s, len, '-');
      if (s.indexOf('/') > 0) return parseDmy(s, len, '/', true);
      return `${quote(s)} is not a date (expected yyyy-mm-dd or dd/mm/yyyy)`;
    case 'yyyy-mm-dd':
      return parseYmd(s, len, '-');
    case 'yyyy/mm/dd':
      return parseYmd(s, len, '/');
    case 'dd/mm/yyyy':
      return parseDmy(s, len, '/', true);
    case 'mm/dd/yyyy':
      return parseDmy(s, len, '/', false);
    case 'dd-mm-yyyy':
      return parseDmy(s, len, '-', true);
    case 'dd.mm.yyyy':
      return parseDmy(s, len, '.', true);
  }
}

/** Parse an ISO date given on the command line; throws a RangeError with the reason. */
export function parseIsoOption(s: string, what: string): number {
  const r = parseDate(s, 'yyyy-mm-dd');
  if (typeof r === 'string') throw new RangeError(`${what}: ${r}`);
  return r;
}
