/**
 * Calendar days as integers: the bottom floor every layer may use (io parses text into these
 * day numbers; model, measures and periods do arithmetic on them).
 *
 * Every date in desist is a day number: whole days since 1970-01-01 (negative before it).
 * Conversions use Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms on the
 * proleptic Gregorian calendar, so no `Date` object, time zone or DST can shift a day.
 *
 * @example
 * daysFromCivil(1970, 1, 1); // 0
 * formatDay(daysFromCivil(2024, 2, 29)); // '2024-02-29'
 * formatDay(addMonths(daysFromCivil(2023, 1, 31), 1)); // '2023-02-28' — clamped to the month's last day
 */
import { quote } from './text.js';

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

/** A strict ISO `yyyy-mm-dd` day number (for literals in code and tests); throws a RangeError otherwise. */
export function isoDay(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m || !isValidCivil(+m[1], +m[2], +m[3])) throw new RangeError(`${quote(s)} is not a date in the form yyyy-mm-dd`);
  return daysFromCivil(+m[1], +m[2], +m[3]);
}
