/** Disclosure control of the report's free-standing counts and sentences (hand-worked cases). */
import { describe, expect, it } from 'vitest';
import { countText, smallCountsIn, withholdSmall } from '../../src/report/html/small-counts.js';

describe('small counts in the report', () => {
  it('shows a count from 1 to K-1 as <K, zero and larger counts as numbers', () => {
    expect(countText(4, 10)).toBe('<10');
    expect(countText(0, 10)).toBe('0');
    expect(countText(10, 10)).toBe('10');
    expect(countText(12345, 10)).toBe('12,345');
    expect(countText(4, 0)).toBe('4');
  });
  it('finds counts in sentences but not dates, quarters, durations, levels or option values', () => {
    expect(smallCountsIn('charge_date stood in on 7 of 3,218 charges (3 of them counted)', 10)).toEqual([7, 3]);
    expect(smallCountsIn('In 2025Q1, 95% (CI 0.91 to 0.97); as of 2025-03-31; 12m window, within a further 6 months; seed 1', 10)).toEqual([]);
    expect(smallCountsIn('1,204 people', 10)).toEqual([]);
    expect(smallCountsIn('5 people', 0)).toEqual([]);
  });
  it('withholds a whole sentence that holds a small count (the @example)', () => {
    expect(withholdSmall(['3 people were in custody at cohort start', '120 rows read'], 10)).toEqual([
      'A note with a count below 10 is withheld (--min-cell 10).',
      '120 rows read',
    ]);
  });
});
