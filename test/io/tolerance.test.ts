/**
 * The rejection tolerance (--max-rejected): reading a limit, deciding when an extract is over
 * it, and the reasons and fixes the error names. Expected values are worked by hand.
 */
import { describe, it, expect } from 'vitest';
import { DEFAULT_MIN_ROWS, describeReason, overTolerance, overToleranceMessage, parseTolerance, percent, rejectedShare, topReasons, withinToleranceNote } from '../../src/io/tolerance.js';
import { newCounts, type Rejection } from '../../src/io/rows.js';

const counts = (read: number, rejected: number, filtered = 0) => ({ ...newCounts('charges', 'charges.csv'), read, rejected, filtered, accepted: read - rejected - filtered });
const rej = (column: string, kind: Rejection['kind'], value = '', file = 'charges.csv'): Rejection => ({ role: 'charges', file, line: 2, column, value, kind, reason: '' });

describe('parseTolerance', () => {
  it('reads the @example values', () => {
    expect(parseTolerance('2.5%')).toEqual({ kind: 'share', value: 0.025, text: '2.5%', minRows: 0 });
    expect(parseTolerance('120')).toEqual({ kind: 'count', value: 120, text: '120', minRows: 0 });
  });
  it('reads 0, 0%, 100% and spaces; normalises a count', () => {
    expect(parseTolerance('0')).toMatchObject({ kind: 'count', value: 0 });
    expect(parseTolerance('0%')).toMatchObject({ kind: 'share', value: 0 });
    expect(parseTolerance(' 100 % ')).toMatchObject({ kind: 'share', value: 1, text: '100%' });
    expect(parseTolerance('007').text).toBe('7');
  });
  it('refuses what is neither a share nor a count, naming what was expected', () => {
    for (const bad of ['', '%', '5%%', '-1', '-1%', '101%', '1.5', 'five', '5 percent', '0x10']) {
      expect(() => parseTolerance(bad), bad).toThrow(/expected a share/);
    }
  });
});

describe('overTolerance', () => {
  const five = parseTolerance('5%');
  it('a share: over only when strictly more than P of the rows are rejected', () => {
    expect(overTolerance(counts(100, 5), five)).toBe(false);
    expect(overTolerance(counts(100, 6), five)).toBe(true);
    expect(overTolerance(counts(1000, 51), five)).toBe(true);
  });
  it('rows filtered out by the mapping are not in the denominator', () => {
    // 6 of 120 read is 5%, but 20 were filtered: 6 of 100 considered is 6%
    expect(rejectedShare(counts(120, 6, 20))).toBe(0.06);
    expect(overTolerance(counts(120, 6, 20), five)).toBe(true);
  });
  it('a count: over when more than N rows are rejected, whatever the size', () => {
    expect(overTolerance(counts(10, 3), parseTolerance('3'))).toBe(false);
    expect(overTolerance(counts(10, 4), parseTolerance('3'))).toBe(true);
    expect(overTolerance(counts(10, 1), parseTolerance('0'))).toBe(true);
    expect(overTolerance(counts(10, 0), parseTolerance('0'))).toBe(false);
  });
  it('100% never stops; 0% stops at the first rejected row', () => {
    expect(overTolerance(counts(100, 100), parseTolerance('100%'))).toBe(false);
    expect(overTolerance(counts(1000, 1), parseTolerance('0%'))).toBe(true);
  });
  it('the default share applies from 100 rows considered', () => {
    const dflt = { ...five, minRows: DEFAULT_MIN_ROWS };
    expect(overTolerance(counts(99, 50), dflt)).toBe(false);
    expect(overTolerance(counts(100, 6), dflt)).toBe(true);
    expect(overTolerance(counts(110, 50, 20), dflt)).toBe(false); // 90 considered
  });
  it('an extract with no rows is never over', () => {
    expect(overTolerance(counts(0, 0), parseTolerance('0'))).toBe(false);
    expect(rejectedShare(counts(0, 0))).toBe(0);
  });
});

describe('reasons and fixes', () => {
  const rs = [
    ...Array.from({ length: 4 }, () => rej('charge_date', 'missing value')),
    rej('offence_date', 'invalid date', '31/02/2023'),
    rej('offence_date', 'invalid date', 'x'),
    rej('charge_date', 'after as-of', '2030-01-01'),
    rej('charge_date', 'missing value', '', 'other.csv'),
  ];
  it('counts each (column, kind) in the file, most frequent first, with the first value as example', () => {
    expect(topReasons(rs, 'charges.csv')).toEqual([
      { column: 'charge_date', kind: 'missing value', rows: 4, example: '' },
      { column: 'offence_date', kind: 'invalid date', rows: 2, example: '31/02/2023' },
      { column: 'charge_date', kind: 'after as-of', rows: 1, example: '2030-01-01' },
    ]);
    expect(topReasons(rs, 'charges.csv', 1)).toHaveLength(1);
  });
  it('an empty charge_date points to missingChargeDate', () => {
    expect(describeReason({ column: 'charge_date', kind: 'missing value', rows: 13167, example: '' }, 'charges')).toBe(
      'charge_date is empty in 13,167 rows: if this extract has only offence dates, see `missingChargeDate` in the mapping',
    );
  });
  it('an invalid date points to dateFormat and shows the value', () => {
    expect(describeReason({ column: 'offence_date', kind: 'invalid date', rows: 1, example: '31/02/2023' }, 'charges')).toMatch(/not a date in 1 row \(e.g. '31\/02\/2023'\): declare the extract's `dateFormat`/);
  });
  it('every kind has words', () => {
    for (const kind of ['malformed CSV', 'wrong number of fields', 'missing value', 'invalid date', 'dates out of order', 'after as-of'] as const) {
      expect(describeReason({ column: 'custody_end', kind, rows: 2, example: 'v' }, 'custody')).toMatch(/2 rows/);
    }
  });
  it('the message names the extract share, the limit and the reasons', () => {
    const c = counts(8, 6);
    expect(overToleranceMessage(c, rs, parseTolerance('5%'))).toBe(
      "6 of 8 charges rows rejected (75.0%), more than --max-rejected 5% allows: charge_date is empty in 4 rows: if this extract has only offence dates, see `missingChargeDate` in the mapping; offence_date is not a date in 2 rows (e.g. '31/02/2023'): declare the extract's `dateFormat` in the mapping, or check that the right column is mapped; charge_date is after the as-of date in 1 row: check --as-of (nothing after it exists). Fix the extract or the mapping, or raise --max-rejected (100% turns the check off); 'desist validate' lists every rejected row",
    );
  });
  it('the note below the limit, and below the size the default applies from', () => {
    expect(withinToleranceNote(counts(1000, 12), parseTolerance('5%'))).toBe("charges.csv: 12 of 1,000 rows rejected (1.2%, within --max-rejected 5%) and left out of every figure; 'desist validate' lists them.");
    expect(withinToleranceNote(counts(20, 12), { ...parseTolerance('5%'), minRows: 100 })).toMatch(/\(60\.0%, the 5% limit applies from 100 rows\)/);
  });
  it('percent keeps a tiny share visible', () => {
    expect(percent(0.0004)).toBe('0.04%');
    expect(percent(0)).toBe('0.0%');
    expect(percent(0.876)).toBe('87.6%');
  });
});
