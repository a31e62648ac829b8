import { describe, expect, it } from 'vitest';
import { followup } from '../../src/measures/followup.js';
import { datasetFromLiterals } from '../../src/model/build.js';
import { kaplanMeierWeighted } from '../../src/stats/kaplan-meier.js';

// Four mature people; a and c reoffend (days 32 and 91 from the start on the calendar clock).
const ds = datasetFromLiterals({
  asOf: '2025-06-01',
  people: ['a', 'b', 'c', 'd'].map((id) => ({ id, start: '2023-01-01', group: 'g' })),
  charges: [
    { id: 'a', charge: '2023-03-01', offence: '2023-02-01' },
    { id: 'c', charge: '2023-05-01', offence: '2023-04-01' },
    { id: 'c', charge: '2023-06-01', offence: '2023-05-15', code: 'X' },
  ],
});

describe('followup with case weights', () => {
  const w = [1, 3, 0.5, 1.5];
  const row = followup(ds, { weights: w }).rows[0];
  it('weighs the rate, per person and per reoffender; counts stay counts of people', () => {
    // by hand: sum(w y) / sum(w) = (1 + 0.5) / 6; reoffences weighted (1*1 + 0.5*2) / 6 and / 1.5
    expect(row.n).toBe(4);
    expect(row.reoffenders).toBe(2);
    expect(row.reoffences).toBe(3);
    expect(row.weighted_n).toBe(6);
    expect(row.rate).toBeCloseTo(1.5 / 6, 15);
    expect(row.per_person).toBeCloseTo(2 / 6, 15);
    expect(row.per_reoffender).toBeCloseTo(2 / 1.5, 15);
  });
  it('takes the median from the weighted Kaplan-Meier (R survfit(weights =))', () => {
    const km = kaplanMeierWeighted([32, 365, 91, 365], [1, 0, 1, 0], w);
    expect(row.median_days_to_first).toBe(km.median.estimate);
    expect(row.median_days_to_first_reason).toMatch(/not reached/);
  });
  it('without weights, no weighted_n field', () => {
    expect('weighted_n' in followup(ds, {}).rows[0]).toBe(false);
  });
});
