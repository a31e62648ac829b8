/**
 * Dates as real exports write them (issue 10.10): two-digit years read with a declared pivot,
 * English month abbreviations, and --as-of in the forms the data may take. Expected days come
 * from Date.UTC (an implementation independent of core/days.ts) or are worked by hand.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addMonths, civilFromDays, daysFromCivil, formatDay } from '../../src/core/days.js';
import { fullYear, parseDate, parseDateOption, twoDigitYear, DATE_FORMATS } from '../../src/io/dates.js';

const utcDay = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

describe('fullYear: the year in [pivot, pivot + 99] ending in the two digits', () => {
  it('the @example values', () => {
    expect(fullYear(74, 1940)).toBe(1974);
    expect(fullYear(13, 1940)).toBe(2013);
    expect(fullYear(40, 1940)).toBe(1940);
  });
  it('edges of the window: 39 is the last year, 40 the first', () => {
    expect(fullYear(39, 1940)).toBe(2039);
    expect(fullYear(0, 1940)).toBe(2000);
    expect(fullYear(99, 1940)).toBe(1999);
    expect(fullYear(0, 2000)).toBe(2000);
    expect(fullYear(99, 2000)).toBe(2099);
    expect(fullYear(69, 1970)).toBe(2069);
  });
  it('always lands in the window and keeps the digits (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1000, max: 9899 }), (yy, pivot) => {
        const y = fullYear(yy, pivot);
        expect(y % 100).toBe(yy);
        expect(y).toBeGreaterThanOrEqual(pivot);
        expect(y).toBeLessThanOrEqual(pivot + 99);
      }),
    );
  });
});

describe('two-digit years', () => {
  it('dd/mm/yy, mm/dd/yy, dd-mm-yy, dd.mm.yy with a pivot', () => {
    expect(parseDate('01/04/23', 'dd/mm/yy', 1940)).toBe(utcDay(2023, 4, 1));
    expect(parseDate('01/04/74', 'dd/mm/yy', 1940)).toBe(utcDay(1974, 4, 1));
    expect(parseDate('04/01/23', 'mm/dd/yy', 1940)).toBe(utcDay(2023, 4, 1));
    expect(parseDate('1-4-23', 'dd-mm-yy', 1940)).toBe(utcDay(2023, 4, 1));
    expect(parseDate('01.04.23', 'dd.mm.yy', 1940)).toBe(utcDay(2023, 4, 1));
    expect(parseDate('13/03/15 23:51:17', 'dd/mm/yy', 1940)).toBe(utcDay(2015, 3, 13));
  });
  it('the pivot decides the century', () => {
    expect(parseDate('01/04/39', 'dd/mm/yy', 1940)).toBe(utcDay(2039, 4, 1));
    expect(parseDate('01/04/39', 'dd/mm/yy', 1930)).toBe(utcDay(1939, 4, 1));
  });
  it('29 February exists only in leap years of the chosen century', () => {
    expect(parseDate('29/02/00', 'dd/mm/yy', 1940)).toBe(utcDay(2000, 2, 29));
    expect(parseDate('29/02/00', 'dd/mm/yy', 1901)).toBe(utcDay(2000, 2, 29)); // 1901-2000
    expect(parseDate('29/02/00', 'dd/mm/yy', 1800)).toBe("'29/02/00' is not a real calendar date"); // 1800
  });
  it('refuses four-digit years, three-digit years and no pivot', () => {
    expect(parseDate('01/04/2023', 'dd/mm/yy', 1940)).toBe("'01/04/2023' is not a date in the form dd/mm/yy");
    expect(parseDate('01/04/023', 'dd/mm/yy', 1940)).toMatch(/not a date in the form dd\/mm\/yy/);
    expect(parseDate('01/04/23', 'dd/mm/yy')).toMatch(/twoDigitYearPivot/);
    expect(parseDate('01/04/23', 'dd/mm/yyyy')).toMatch(/not a date in the form dd\/mm\/yyyy/);
  });
  it('a month over 12 read day-first hints at the month-first form with the same year width', () => {
    expect(parseDate('04/13/23', 'dd/mm/yy', 1940)).toMatch(/declare "dateFormat": "mm\/dd\/yy"/);
  });
});

describe('month names', () => {
  it('dd-mon-yyyy in any case, one- or two-digit day', () => {
    expect(parseDate('01-Apr-2023', 'dd-mon-yyyy')).toBe(utcDay(2023, 4, 1));
    expect(parseDate('1-apr-2023', 'dd-mon-yyyy')).toBe(utcDay(2023, 4, 1));
    expect(parseDate('01-APR-2023', 'dd-mon-yyyy')).toBe(utcDay(2023, 4, 1));
    expect(parseDate('31-Dec-1974 08:00:00', 'dd-mon-yyyy')).toBe(utcDay(1974, 12, 31));
    expect(parseDate('01-Apr-23', 'dd-mon-yy', 1940)).toBe(utcDay(2023, 4, 1));
  });
  it('refuses full names, other languages, numeric months and impossible days', () => {
    expect(parseDate('01-April-2023', 'dd-mon-yyyy')).toBe("'01-April-2023' is not a date in the form dd-mon-yyyy");
    expect(parseDate('01-Avr-2023', 'dd-mon-yyyy')).toBe("'01-Avr-2023' is not a date in the form dd-mon-yyyy");
    expect(parseDate('01-04-2023', 'dd-mon-yyyy')).toBe("'01-04-2023' is not a date in the form dd-mon-yyyy");
    expect(parseDate('30-Feb-2023', 'dd-mon-yyyy')).toBe("'30-Feb-2023' is not a real calendar date");
    expect(parseDate('01-Apr-23', 'dd-mon-yyyy')).toMatch(/not a date in the form dd-mon-yyyy/);
  });
});

describe('every day from 1900 to 2099 reads back in every form (property, against Date.UTC)', () => {
  const day = fc.integer({ min: utcDay(1900, 1, 1), max: utcDay(2099, 12, 31) });
  it('each format reads the day written in it; two-digit years with any pivot whose window holds the year', () => {
    fc.assert(
      fc.property(day, fc.boolean(), fc.integer({ min: 0, max: 99 }), (z, time, back) => {
        const t = new Date(z * 86_400_000);
        const [y, m, d] = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
        const yy = p2(y % 100);
        const suffix = time ? ' 13:05:00' : '';
        const written: Record<string, string> = {
          'dd/mm/yyyy': `${p2(d)}/${p2(m)}/${y}`,
          'mm/dd/yyyy': `${p2(m)}/${p2(d)}/${y}`,
          'dd-mm-yyyy': `${d}-${m}-${y}`,
          'dd.mm.yyyy': `${p2(d)}.${p2(m)}.${y}`,
          'yyyy/mm/dd': `${y}/${p2(m)}/${p2(d)}`,
          'dd/mm/yy': `${p2(d)}/${p2(m)}/${yy}`,
          'mm/dd/yy': `${m}/${d}/${yy}`,
          'dd-mm-yy': `${p2(d)}-${p2(m)}-${yy}`,
          'dd.mm.yy': `${d}.${m}.${yy}`,
          'dd-mon-yyyy': `${p2(d)}-${MON[m - 1]}-${y}`,
          'dd-mon-yy': `${d}-${MON[m - 1].toUpperCase()}-${yy}`,
        };
        const pivot = y - back; // the window [pivot, pivot + 99] holds y
        for (const [f, s] of Object.entries(written)) expect(parseDate(s + suffix, f as never, pivot), `${f} ${s} ${pivot}`).toBe(z);
        // and the day arithmetic of core/days.ts agrees with it
        expect(daysFromCivil(y, m, d)).toBe(z);
        expect(civilFromDays(z)).toEqual({ y, m, d });
      }),
      { numRuns: 3000 },
    );
  });
  it('a day a month on, read from a two-digit-year text, is addMonths of the day (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: utcDay(1950, 1, 1), max: utcDay(2048, 11, 30) }), (z) => {
        const next = addMonths(z, 1);
        const { y, m, d } = civilFromDays(next);
        expect(parseDate(`${p2(d)}/${p2(m)}/${p2(y % 100)}`, 'dd/mm/yy', 1950)).toBe(next);
        expect(formatDay(parseDate(`${d}-${MON[m - 1]}-${y}`, 'dd-mon-yyyy') as number)).toBe(formatDay(next));
      }),
      { numRuns: 1000 },
    );
  });
  it('every declared format is covered here', () => {
    expect(DATE_FORMATS.filter((f) => f !== 'auto' && f !== 'yyyy-mm-dd')).toHaveLength(11);
    expect(DATE_FORMATS.filter(twoDigitYear)).toEqual(['dd/mm/yy', 'mm/dd/yy', 'dd-mm-yy', 'dd.mm.yy', 'dd-mon-yy']);
  });
});

describe('parseDateOption (--as-of)', () => {
  it('reads ISO always, and the forms the mapping declares', () => {
    expect(parseDateOption('2016-04-01', '--as-of', ['auto'])).toBe(utcDay(2016, 4, 1));
    expect(parseDateOption('01/04/2016', '--as-of', ['auto'])).toBe(utcDay(2016, 4, 1));
    expect(parseDateOption('01-Apr-2016', '--as-of', ['dd-mon-yyyy', 'dd/mm/yy'], 1940)).toBe(utcDay(2016, 4, 1));
    expect(parseDateOption('01/04/16', '--as-of', ['dd-mon-yyyy', 'dd/mm/yy'], 1940)).toBe(utcDay(2016, 4, 1));
    expect(parseDateOption('2016-04-01', '--as-of', ['dd-mon-yyyy'])).toBe(utcDay(2016, 4, 1));
  });
  it('refuses a form the data does not take, naming the forms', () => {
    expect(() => parseDateOption('01-Apr-2016', '--as-of', ['auto'])).toThrow("--as-of: '01-Apr-2016' is not a date in the form yyyy-mm-dd or dd/mm/yyyy");
    expect(() => parseDateOption('04/13/2016', '--as-of', ['auto'])).toThrow(/not a date in the form/);
  });
  it('an impossible ISO day says so', () => {
    expect(() => parseDateOption('2023-02-30', '--as-of', ['auto'])).toThrow("--as-of: '2023-02-30' is not a real calendar date");
  });
  it('a text two declared formats read differently is ambiguous', () => {
    expect(() => parseDateOption('04/01/2016', '--as-of', ['dd/mm/yyyy', 'mm/dd/yyyy'])).toThrow(/reads as different dates .*write it as yyyy-mm-dd/);
    expect(parseDateOption('13/01/2016', '--as-of', ['dd/mm/yyyy', 'mm/dd/yyyy'])).toBe(utcDay(2016, 1, 13));
  });
});
