/**
 * Reading dates from text: the formats a mapping may declare, and the parser that turns a field
 * into a day number (see core/days.ts for the arithmetic) or the reason it is not a date.
 */
import { daysFromCivil, isValidCivil } from '../core/days.js';
import { quote } from '../core/text.js';

/**
 * Date formats a mapping may declare. `auto` reads ISO and UK day-first slashes. `yy` is a
 * two-digit year, read with the mapping's `twoDigitYearPivot`; `mon` is an English month
 * abbreviation (Jan ... Dec, any case).
 */
export const DATE_FORMATS = [
  'auto',
  'yyyy-mm-dd',
  'dd/mm/yyyy',
  'mm/dd/yyyy',
  'dd-mm-yyyy',
  'dd.mm.yyyy',
  'yyyy/mm/dd',
  'dd/mm/yy',
  'mm/dd/yy',
  'dd-mm-yy',
  'dd.mm.yy',
  'dd-mon-yyyy',
  'dd-mon-yy',
] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** True for a format whose year has two digits (it needs a pivot). */
export const twoDigitYear = (f: DateFormat): boolean => f.endsWith('/yy') || f.endsWith('-yy') || f.endsWith('.yy');

/**
 * The full year of a two-digit year `yy` (0-99): the one year in [pivot, pivot + 99] ending in
 * those digits.
 *
 * @example
 * fullYear(74, 1940); // 1974
 * fullYear(13, 1940); // 2013
 * fullYear(40, 1940); // 1940
 */
export function fullYear(yy: number, pivot: number): number {
  const y = pivot - (pivot % 100) + yy;
  return y < pivot ? y + 100 : y;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Month number of a three-letter English abbreviation at s[from..from+len) (any case), or -1. */
function monthName(s: string, from: number, len: number): number {
  if (len !== 3) return -1;
  const k = MONTHS.indexOf(s.slice(from, from + 3).toLowerCase());
  return k < 0 ? -1 : k + 1;
}

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
  const t = s.search(/(?<![A-Za-z])T/); // a time after 'T' (not the T of OCT)
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

/** How a day-month-year format writes its parts. */
interface DmyForm {
  sep: string;
  dayFirst: boolean;
  /** month as an English abbreviation (Jan) rather than digits */
  named: boolean;
  /** 4, or 2 with a pivot */
  yearDigits: 4 | 2;
}

const formName = (f: DmyForm) => {
  const m = f.named ? 'mon' : 'mm';
  const y = f.yearDigits === 4 ? 'yyyy' : 'yy';
  return f.dayFirst ? `dd${f.sep}${m}${f.sep}${y}` : `${m}${f.sep}dd${f.sep}${y}`;
};

/**
 * d/m/yyyy, m/d/yyyy, d-Mon-yyyy and their two-digit-year forms: one- or two-digit day and
 * numeric month, a three-letter month name, a two- or four-digit year.
 */
function parseDmy(s: string, len: number, f: DmyForm, pivot?: number): DateParse {
  const expected = formName(f);
  const a = s.indexOf(f.sep);
  const b = a < 0 ? -1 : s.indexOf(f.sep, a + 1);
  const mid = b - a - 1;
  if (a < 1 || a > 2 || mid < 1 || mid > (f.named ? 3 : 2) || len - b - 1 !== f.yearDigits) return `${quote(s)} is not a date in the form ${expected}`;
  const p1 = digits(s, 0, a);
  const p2 = f.named ? monthName(s, a + 1, mid) : digits(s, a + 1, mid);
  let y = digits(s, b + 1, f.yearDigits);
  if (f.yearDigits === 2 && y >= 0) {
    if (pivot === undefined) return `${quote(s)} has a two-digit year: declare "twoDigitYearPivot" in the mapping`;
    y = fullYear(y, pivot);
  }
  const r = f.dayFirst ? civilOrReason(y, p2, p1, s, expected) : civilOrReason(y, p1, p2, s, expected);
  if (typeof r === 'string' && f.dayFirst && !f.named && p2 > 12 && p1 <= 12 && p1 >= 1) {
    return `${r} (month ${p2} read day-first; if this file writes month first, declare "dateFormat": "${formName({ ...f, dayFirst: false })}" in the mapping)`;
  }
  return r;
}

/**
 * Parse one date string to a day number, or return the reason it is not a date.
 * A timestamp (`2023-04-01T13:05:00`, `01/04/2023 13:05`) is cut to its date.
 * `auto` accepts ISO `yyyy-mm-dd` and UK `dd/mm/yyyy`; month-first US dates are read
 * only when the mapping declares `mm/dd/yyyy` (never guessed).
 */
export function parseDate(raw: string, format: DateFormat = 'auto', pivot?: number): DateParse {
  const s = raw.trim();
  const len = datePartLength(s);
  const r = parseDatePart(s, len, format, pivot);
  if (typeof r === 'number' && len < s.length && !TIME_OF_DAY.test(s.slice(len))) {
    return `${quote(s)} is not a date: the text after the date is not a time of day`;
  }
  return r;
}

const DMY: Partial<Record<DateFormat, DmyForm>> = {
  'dd/mm/yyyy': { sep: '/', dayFirst: true, named: false, yearDigits: 4 },
  'mm/dd/yyyy': { sep: '/', dayFirst: false, named: false, yearDigits: 4 },
  'dd-mm-yyyy': { sep: '-', dayFirst: true, named: false, yearDigits: 4 },
  'dd.mm.yyyy': { sep: '.', dayFirst: true, named: false, yearDigits: 4 },
  'dd/mm/yy': { sep: '/', dayFirst: true, named: false, yearDigits: 2 },
  'mm/dd/yy': { sep: '/', dayFirst: false, named: false, yearDigits: 2 },
  'dd-mm-yy': { sep: '-', dayFirst: true, named: false, yearDigits: 2 },
  'dd.mm.yy': { sep: '.', dayFirst: true, named: false, yearDigits: 2 },
  'dd-mon-yyyy': { sep: '-', dayFirst: true, named: true, yearDigits: 4 },
  'dd-mon-yy': { sep: '-', dayFirst: true, named: true, yearDigits: 2 },
};

function parseDatePart(s: string, len: number, format: DateFormat, pivot?: number): DateParse {
  switch (format) {
    case 'auto':
      if (len === 10 && s[4] === '-') return parseYmd(s, len, '-');
      if (s.indexOf('/') > 0) return parseDmy(s, len, DMY['dd/mm/yyyy']!);
      return `${quote(s)} is not a date (expected yyyy-mm-dd or dd/mm/yyyy)`;
    case 'yyyy-mm-dd':
      return parseYmd(s, len, '-');
    case 'yyyy/mm/dd':
      return parseYmd(s, len, '/');
    default:
      return parseDmy(s, len, DMY[format]!, pivot);
  }
}

/** Parse an ISO date given on the command line; throws a RangeError with the reason. */
export function parseIsoOption(s: string, what: string): number {
  const r = parseDate(s, 'yyyy-mm-dd');
  if (typeof r === 'string') throw new RangeError(`${what}: ${r}`);
  return r;
}

/**
 * Read a date given on the command line (`--as-of`) in any form the data may be written in:
 * ISO `yyyy-mm-dd`, or one of `formats` (those the mapping declares; `auto` adds dd/mm/yyyy).
 * A text that two declared formats read as different days is refused as ambiguous. Throws a
 * RangeError naming the forms tried.
 */
export function parseDateOption(text: string, what: string, formats: DateFormat[], pivot?: number): number {
  const iso = parseDate(text, 'yyyy-mm-dd');
  if (typeof iso === 'number') return iso;
  const tried = [...new Set<DateFormat>(formats)].filter((f) => f !== 'yyyy-mm-dd');
  const read = new Map<number, DateFormat[]>();
  for (const f of tried) {
    const r = parseDate(text, f, pivot);
    if (typeof r === 'number') read.set(r, [...(read.get(r) ?? []), f]);
  }
  if (read.size === 1) return [...read.keys()][0];
  const forms = ['yyyy-mm-dd', ...tried.map((f) => (f === 'auto' ? 'dd/mm/yyyy' : f))];
  // a text in the ISO shape that is not a real day: say so rather than list the forms
  if (read.size === 0 && !iso.includes('is not a date in the form')) throw new RangeError(`${what}: ${iso}`);
  if (read.size > 1) throw new RangeError(`${what}: ${quote(text)} reads as different dates in the mapping's formats (${[...read.values()].map((f) => f.join('/')).join(' vs ')}): write it as yyyy-mm-dd`);
  throw new RangeError(`${what}: ${quote(text.trim())} is not a date in the form ${[...new Set(forms)].join(' or ')}`);
}
