/**
 * Calendar days as integers.
 *
 * Every date in desist is a day number: whole days since 1970-01-01 (negative before it).
 * Conversions use Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms on the
 * proleptic Gregorian calendar, so no `Date` object, time zone or DST can shift a day.
 *
 * @example
 * daysFromCivil(1970, 1, 1) // 0
 * formatDay(daysFromCivil(2024, 2, 29)) // '2024-02-29'
 * addMonths(daysFromCivil(2023, 1, 31), 1) // day number of 2023-02-28 (clamped)
 */

/** Sentinel for "no date" (empty cohort_end / custody_end): later than any real day. */
export const OPEN_END = 0x7fffffff;
/** Sentinel for a missing optional date (offence_date). */
export const NO_DATE = -0x80000000;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1];
}

/** True when (y, m, d) names a real calendar day (years 1000..9999). */
export function isValidCivil(y: number, m: number, d: number): boolean {
  return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Day number of a civil date. Month 1..12, day 1..31. */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface Civil {
  y: number;
  m: number;
  d: number;
}

/** Civil date of a day number. */
export function civilFromDays(z: number): Civil {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** ISO `YYYY-MM-DD` of a day number. */
export function formatDay(z: number): string {
  const { y, m, d } = civilFromDays(z);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/**
 * Add calendar months, clamping to the month's last day:
 * 31 January + 1 month = 28 (or 29) February.
 */
export function addMonths(z: number, months: number): number {
  const { y, m, d } = civilFromDays(z);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  return daysFromCivil(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

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
  if (y < 0 || m < 0 || d < 0) return `'${s}' is not a date in the form ${expected}`;
  if (!isValidCivil(y, m, d)) return `'${s}' is not a real calendar date`;
  return daysFromCivil(y, m, d);
}

function parseYmd(s: string, len: number, sep: string): DateParse {
  const expected = `yyyy${sep}mm${sep}dd`;
  if (len !== 10 || s[4] !== sep || s[7] !== sep) return `'${s}' is not a date in the form ${expected}`;
  return civilOrReason(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2), s, expected);
}

/** d/m/yyyy or m/d/yyyy, allowing one- or two-digit day and month. */
function parseDmy(s: string, len: number, sep: string, dayFirst: boolean): DateParse {
  const expected = dayFirst ? `dd${sep}mm${sep}yyyy` : `mm${sep}dd${sep}yyyy`;
  const a = s.indexOf(sep);
  const b = a < 0 ? -1 : s.indexOf(sep, a + 1);
  if (a < 1 || a > 2 || b - a < 2 || b - a > 3 || len - b !== 5) return `'${s}' is not a date in the form ${expected}`;
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
    return `'${s}' is not a date: the text after the date is not a time of day`;
  }
  return r;
}

function parseDatePart(s: string, len: number, format: DateFormat): DateParse {
  switch (format) {
    case 'auto':
      if (len === 10 && s[4] === '-') return parseYmd(s, len, '-');
      if (s.indexOf('/') > 0) return parseDmy(s, len, '/', true);
      return `'${s}' is not a date (expected yyyy-mm-dd or dd/mm/yyyy)`;
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
