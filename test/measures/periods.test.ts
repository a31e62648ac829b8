import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { daysFromCivil, formatDay } from '../../src/core/days.js';
import {
  addDuration,
  formatDuration,
  lastCompleteQuarterBefore,
  listQuarters,
  parseDuration,
  parseQuarterLabel,
  quarterEnd,
  quarterIndex,
  quarterLabel,
  quarterOf,
  quarterStart,
} from '../../src/measures/periods.js';

const D = (s: string) => {
  const [y, m, d] = s.split('-').map(Number);
  return daysFromCivil(y, m, d);
};

describe('quarters', () => {
  it('calendar quarters: 2023Q1 is January-March', () => {
    const q = quarterOf(D('2023-02-14'), 'calendar');
    expect(q.label).toBe('2023Q1');
    expect(formatDay(q.start)).toBe('2023-01-01');
    expect(formatDay(q.end)).toBe('2023-03-31');
    expect(quarterOf(D('2023-12-31')).label).toBe('2023Q4');
    expect(quarterOf(D('2024-01-01')).label).toBe('2024Q1');
  });

  it('fiscal labels across a year end: 2023/24 Q1 = Apr-Jun 2023, Q4 = Jan-Mar 2024', () => {
    expect(quarterOf(D('2023-04-01'), 'fiscal').label).toBe('2023/24 Q1');
    expect(quarterOf(D('2023-06-30'), 'fiscal').label).toBe('2023/24 Q1');
    expect(quarterOf(D('2023-07-01'), 'fiscal').label).toBe('2023/24 Q2');
    expect(quarterOf(D('2023-12-31'), 'fiscal').label).toBe('2023/24 Q3');
    expect(quarterOf(D('2024-01-01'), 'fiscal').label).toBe('2023/24 Q4');
    expect(quarterOf(D('2024-03-31'), 'fiscal').label).toBe('2023/24 Q4');
    expect(quarterOf(D('2024-04-01'), 'fiscal').label).toBe('2024/25 Q1');
    expect(quarterOf(D('1999-05-01'), 'fiscal').label).toBe('1999/00 Q1');
    expect(quarterOf(D('2000-02-01'), 'fiscal').label).toBe('1999/00 Q4');
  });

  it('bounds include leap days and are contiguous', () => {
    const q = quarterIndex(D('2024-02-29'));
    expect(formatDay(quarterStart(q))).toBe('2024-01-01');
    expect(formatDay(quarterEnd(q))).toBe('2024-03-31');
    expect(quarterEnd(q) - quarterStart(q) + 1).toBe(91);
    expect(quarterEnd(quarterIndex(D('2023-02-01'))) - quarterStart(quarterIndex(D('2023-02-01'))) + 1).toBe(90);
    expect(formatDay(quarterEnd(quarterIndex(D('2023-11-30'))))).toBe('2023-12-31');
  });

  it('quarterIndex/quarterStart/quarterEnd agree for every day (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: D('1900-01-01'), max: D('2200-12-31') }), (day) => {
        const q = quarterIndex(day);
        expect(quarterStart(q)).toBeLessThanOrEqual(day);
        expect(quarterEnd(q)).toBeGreaterThanOrEqual(day);
        expect(quarterStart(q + 1)).toBe(quarterEnd(q) + 1);
        expect(parseQuarterLabel(quarterLabel(q, 'calendar'))).toBe(q);
        expect(parseQuarterLabel(quarterLabel(q, 'fiscal'), 'fiscal')).toBe(q);
      }),
    );
  });

  it('parseQuarterLabel reads both styles, each with its own meaning', () => {
    expect(formatDay(quarterStart(parseQuarterLabel('2023Q1')))).toBe('2023-01-01');
    expect(formatDay(quarterStart(parseQuarterLabel('2023Q1', 'fiscal')))).toBe('2023-01-01');
    expect(formatDay(quarterStart(parseQuarterLabel('2023/24 Q1', 'calendar')))).toBe('2023-04-01');
    expect(formatDay(quarterStart(parseQuarterLabel('2023/24 Q4', 'fiscal')))).toBe('2024-01-01');
    expect(parseQuarterLabel(' 2023-q3 ')).toBe(parseQuarterLabel('2023Q3'));
    expect(parseQuarterLabel('2023 Q3')).toBe(parseQuarterLabel('2023Q3'));
    expect(parseQuarterLabel('2023/2024 Q2')).toBe(parseQuarterLabel('2023/24 Q2'));
    expect(parseQuarterLabel('FY2023/24 Q2')).toBe(parseQuarterLabel('2023/24 Q2'));
    expect(parseQuarterLabel('1999/00 Q4')).toBe(parseQuarterLabel('2000Q1'));
  });

  it('parseQuarterLabel throws a RangeError with a clear message otherwise', () => {
    expect(() => parseQuarterLabel('2023Q5')).toThrow(RangeError);
    expect(() => parseQuarterLabel('2023Q5')).toThrow(/'2023Q5' is not a quarter: expected '2023Q1'/);
    expect(() => parseQuarterLabel('Q1 2023', 'fiscal')).toThrow(/expected '2023\/24 Q1'/);
    expect(() => parseQuarterLabel('2023/25 Q1')).toThrow(/two consecutive years/);
    expect(() => parseQuarterLabel('')).toThrow(RangeError);
    expect(() => parseQuarterLabel('2023-01-01')).toThrow(RangeError);
  });

  it('listQuarters is inclusive and empty when from > to', () => {
    const qs = listQuarters(parseQuarterLabel('2023Q3'), parseQuarterLabel('2024Q2'), 'fiscal');
    expect(qs.map((q) => q.label)).toEqual(['2023/24 Q2', '2023/24 Q3', '2023/24 Q4', '2024/25 Q1']);
    expect(formatDay(qs[2].start)).toBe('2024-01-01');
    expect(listQuarters(5, 4)).toEqual([]);
  });

  it('lastCompleteQuarterBefore: the last quarter whose end <= asOf', () => {
    expect(quarterLabel(lastCompleteQuarterBefore(D('2024-03-31')))).toBe('2024Q1');
    expect(quarterLabel(lastCompleteQuarterBefore(D('2024-03-30')))).toBe('2023Q4');
    expect(quarterLabel(lastCompleteQuarterBefore(D('2024-04-01')))).toBe('2024Q1');
    expect(quarterLabel(lastCompleteQuarterBefore(D('2024-01-01')))).toBe('2023Q4');
  });
});

describe('durations', () => {
  it('parses days, months and years', () => {
    expect(parseDuration('6m')).toEqual({ months: 6 });
    expect(parseDuration('12m')).toEqual({ months: 12 });
    expect(parseDuration('90d')).toEqual({ days: 90 });
    expect(parseDuration('1y')).toEqual({ months: 12 });
    expect(parseDuration(' 0M ')).toEqual({ months: 0 });
    expect(formatDuration(parseDuration('2y'))).toBe('24m');
    expect(formatDuration(parseDuration('90d'))).toBe('90d');
  });

  it('rejects anything else with a RangeError', () => {
    for (const bad of ['', '6', 'm', '6 months', '-1m', '1.5m', '6w', '6mm']) {
      expect(() => parseDuration(bad), bad).toThrow(RangeError);
    }
    expect(() => parseDuration('6w')).toThrow(/'6w' is not a duration/);
  });

  it('adds months clamping to the month end, and days exactly', () => {
    expect(formatDay(addDuration(D('2023-01-31'), { months: 1 }))).toBe('2023-02-28');
    expect(formatDay(addDuration(D('2024-01-31'), { months: 1 }))).toBe('2024-02-29');
    expect(formatDay(addDuration(D('2023-08-31'), parseDuration('6m')))).toBe('2024-02-29');
    expect(formatDay(addDuration(D('2023-03-31'), parseDuration('6m')))).toBe('2023-09-30');
    expect(formatDay(addDuration(D('2024-02-29'), parseDuration('1y')))).toBe('2025-02-28');
    expect(formatDay(addDuration(D('2023-12-31'), parseDuration('90d')))).toBe('2024-03-30');
  });
});
