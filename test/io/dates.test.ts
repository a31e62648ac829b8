/**
 * Day arithmetic (MEASURES.md §2) and date reading (§1). Expected values come from the
 * calendar itself (Date.UTC is an independent implementation) or are worked by hand.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addMonths, civilFromDays, daysFromCivil, formatDay } from '../../src/core/days.js';
import { parseDate, parseIsoOption } from '../../src/io/dates.js';

const utcDay = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;

describe('day numbers', () => {
  it('1970-01-01 is day 0, and known days match Date.UTC', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(1969, 12, 31)).toBe(-1);
    expect(daysFromCivil(2024, 2, 29)).toBe(utcDay(2024, 2, 29));
    expect(daysFromCivil(2000, 3, 1)).toBe(utcDay(2000, 3, 1));
  });
  it('agrees with Date.UTC and round-trips for every day from 1000 to 9999 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: utcDay(1000, 1, 1), max: utcDay(9999, 12, 31) }), (z) => {
        const { y, m, d } = civilFromDays(z);
        const date = new Date(z * 86_400_000);
        expect([y, m, d]).toEqual([date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()]);
        expect(daysFromCivil(y, m, d)).toBe(z);
        expect(formatDay(z)).toBe(date.toISOString().slice(0, 10));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('addMonths clamps to the end of the month', () => {
  const add = (s: string, n: number) => formatDay(addMonths(parseIsoOption(s, 't'), n));
  it('31 January + 1 month = 28 February, or 29 in a leap year', () => {
    expect(add('2023-01-31', 1)).toBe('2023-02-28');
    expect(add('2024-01-31', 1)).toBe('2024-02-29');
  });
  it('29 February + 12 months = 28 February; 31 March - 1 month = 28 February', () => {
    expect(add('2024-02-29', 12)).toBe('2025-02-28');
    expect(add('2023-03-31', -1)).toBe('2023-02-28');
  });
  it('12 months from 31 January ends on 30 January next year (d + 12m - 1 day)', () => {
    expect(formatDay(addMonths(parseIsoOption('2023-01-31', 't'), 12) - 1)).toBe('2024-01-30');
  });
  it('never lands outside the target month (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: utcDay(1900, 1, 1), max: utcDay(2200, 1, 1) }), fc.integer({ min: -120, max: 120 }), (z, n) => {
        const from = civilFromDays(z);
        const to = civilFromDays(addMonths(z, n));
        expect((to.y * 12 + to.m - 1) - (from.y * 12 + from.m - 1)).toBe(n);
        expect(to.d).toBeLessThanOrEqual(from.d);
      }),
    );
  });
});

describe('parseDate', () => {
  const day = (s: string) => utcDay(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)));
  it('reads ISO and UK day-first dates by default', () => {
    expect(parseDate('2023-04-01')).toBe(day('2023-04-01'));
    expect(parseDate('01/04/2023')).toBe(day('2023-04-01'));
    expect(parseDate('1/4/2023')).toBe(day('2023-04-01'));
    expect(parseDate(' 2023-04-01 ')).toBe(day('2023-04-01'));
  });
  it('cuts a time of day, with or without a zone', () => {
    for (const s of ['2023-04-01T13:05:00', '2023-04-01T13:05:00Z', '2023-04-01 13:05', '2023-04-01T23:59:59.999+01:00', '01/04/2023 13:05']) {
      expect(parseDate(s), s).toBe(day('2023-04-01'));
    }
  });
  it('rejects text after the date that is not a time of day', () => {
    expect(parseDate('2023-04-01Tfoo')).toMatch(/not a time of day/);
    expect(parseDate('01/04/2023 lunch')).toMatch(/not a time of day/);
  });
  it('rejects impossible dates, naming them', () => {
    expect(parseDate('2023-02-30')).toBe("'2023-02-30' is not a real calendar date");
    expect(parseDate('31/02/2023')).toBe("'31/02/2023' is not a real calendar date");
    expect(parseDate('2023-02-29')).toMatch(/not a real calendar date/);
    expect(parseDate('2024-02-29')).toBe(day('2024-02-29'));
    expect(parseDate('0999-12-31')).toMatch(/not a real calendar date/);
  });
  it('never guesses month-first dates: 04/13/2023 is an error with a hint, read only under mm/dd/yyyy', () => {
    expect(parseDate('04/13/2023')).toMatch(/mm\/dd\/yyyy/);
    expect(parseDate('04/13/2023', 'mm/dd/yyyy')).toBe(day('2023-04-13'));
    expect(parseDate('04/01/2023')).toBe(day('2023-01-04')); // UK by default: 4 January
    expect(parseDate('04/01/2023', 'mm/dd/yyyy')).toBe(day('2023-04-01'));
  });
  it('reads declared formats and rejects other forms under them', () => {
    expect(parseDate('01-04-2023', 'dd-mm-yyyy')).toBe(day('2023-04-01'));
    expect(parseDate('01.04.2023', 'dd.mm.yyyy')).toBe(day('2023-04-01'));
    expect(parseDate('2023/04/01', 'yyyy/mm/dd')).toBe(day('2023-04-01'));
    expect(parseDate('2023-04-01', 'dd/mm/yyyy')).toMatch(/not a date in the form dd\/mm\/yyyy/);
    expect(parseDate('not a date')).toMatch(/not a date/);
    expect(parseDate('2023-4-1')).toMatch(/not a date/);
  });
});
