/**
 * Paired change between two quarters (src/compare/between.ts), on a hand-worked fixture and on
 * the sample data (counts checked against quarterly's rows; McNemar against R).
 */
import { describe, expect, it } from 'vitest';
import { datasetFromLiterals } from '../../src/model/build.js';
import { parseQuarterLabel as Q } from '../../src/measures/periods.js';
import { compareBetween, pairedChange } from '../../src/compare/between.js';
import { computeQuarterly } from '../../src/measures/quarterly.js';
import { sampleDataset } from '../helpers/sample.js';

/*
 * 2023Q4 (Oct-Dec) and 2024Q1 (Jan-Mar), as-of 2024-06-30, everyone in the cohort from 2023-01-01
 * unless said:
 *  a: charged 5 Nov 2023 and 5 Feb 2024 -> both (a)
 *  b1, b2: charged in 2023Q4 only -> first only (b = 2)
 *  c: charged 1 Mar 2024 only -> second only (c = 1)
 *  d1, d2: never charged -> neither (d = 2)
 *  e: in custody 1 Jan - 31 Mar 2024 (all of Q1), charged 1 Dec 2023 -> at risk only first
 *  f: joins 1 Feb 2024 -> at risk only second
 *  n = 6: desistance Q4 = (c + d) / n = 3/6; Q1 = (b + d) / n = 4/6; change = (b - c) / n = 1/6.
 *  McNemar: 3 discordant < 25 -> exact: binom.test(2, 3)$p.value = 1.
 */
const fixture = () =>
  datasetFromLiterals({
    asOf: '2024-06-30',
    people: ['a', 'b1', 'b2', 'c', 'd1', 'd2', 'e'].map((id) => ({ id, start: '2023-01-01' })).concat([{ id: 'f', start: '2024-02-01' }]),
    charges: [
      { id: 'a', charge: '2023-11-05' },
      { id: 'a', charge: '2024-02-05' },
      { id: 'b1', charge: '2023-10-10' },
      { id: 'b2', charge: '2023-12-31' },
      { id: 'c', charge: '2024-03-01' },
      { id: 'e', charge: '2023-12-01' },
    ],
    custody: [{ id: 'e', start: '2024-01-01', end: '2024-03-31' }],
  });

const boot = { bootstrap: 500, seed: 7, level: 0.95 };

describe('compare between two quarters (paired)', () => {
  it('the paired table, the people counted apart, and the figures by hand', () => {
    const [r] = compareBetween(fixture(), {}, Q('2023Q4'), Q('2024Q1'), boot);
    expect([r.charged_both, r.charged_first_only, r.charged_second_only, r.charged_neither]).toEqual([1, 2, 1, 2]);
    expect([r.paired, r.at_risk_only_first, r.at_risk_only_second]).toEqual([6, 1, 1]);
    expect(r.desistance_first).toBeCloseTo(3 / 6, 15);
    expect(r.desistance_second).toBeCloseTo(4 / 6, 15);
    expect(r.change.estimate).toBeCloseTo(1 / 6, 15);
    expect(r.test).toMatchObject({ name: 'mcnemar-exact-binomial', statistic: 2, p_value: 1, discordant: 3 });
    expect([r.first_quarter, r.second_quarter, r.provisional_first, r.provisional_second]).toEqual(['2023Q4', '2024Q1', false, false]);
    // the interval holds the estimate and lies in [-1, 1]
    expect(r.change.ci_low!).toBeLessThanOrEqual(r.change.estimate!);
    expect(r.change.ci_high!).toBeGreaterThanOrEqual(r.change.estimate!);
    expect(r.change.ci_low!).toBeGreaterThanOrEqual(-1);
  });

  it('the same seed gives the same interval; another seed may not', () => {
    const x = compareBetween(fixture(), {}, Q('2023Q4'), Q('2024Q1'), boot)[0].change;
    const y = compareBetween(fixture(), {}, Q('2023Q4'), Q('2024Q1'), boot)[0].change;
    expect(x).toEqual(y);
  });

  it('nobody paired: null figures with a reason, never NaN', () => {
    const ds = datasetFromLiterals({ asOf: '2024-06-30', people: [{ id: 'f', start: '2024-02-01' }] });
    const [r] = compareBetween(ds, {}, Q('2023Q4'), Q('2024Q1'), boot);
    expect([r.paired, r.at_risk_only_second, r.desistance_first, r.change.estimate, r.test.p_value]).toEqual([0, 1, null, null, null]);
    expect(r.reason).toMatch(/paired = 0/);
  });

  it('no discordant people: change 0, interval [0, 0], test null with a reason', () => {
    const pc = pairedChange({ a: 2, b: 0, c: 0, d: 3 }, new Int8Array(5), boot);
    expect([pc.change.estimate, pc.change.ci_low, pc.change.ci_high, pc.test.p_value]).toEqual([0, 0, 0, null]);
    expect(pc.test.reason).toMatch(/no discordant pairs/);
  });

  it('the bootstrap interval agrees with the paired Wald interval on a large table (Monte Carlo tolerance)', () => {
    // a = 17, b = 53, c = 81, d = 691, n = 842 (the sample's treated group, 2023Q4 vs 2024Q4):
    // Wald for a paired difference: se = sqrt((b + c) - (b - c)^2 / n) / n = 0.0136999;
    // (b - c) / n -+ 1.959964 se = -0.0600066 .. -0.0063028 (worked by hand)
    const score = new Int8Array(842);
    for (let i = 0; i < 53; i++) score[i] = 1;
    for (let i = 53; i < 134; i++) score[i] = -1;
    const pc = pairedChange({ a: 17, b: 53, c: 81, d: 691 }, score, { bootstrap: 4000, seed: 3, level: 0.95 });
    expect(pc.change.estimate).toBeCloseTo(-28 / 842, 15);
    expect(Math.abs(pc.change.ci_low! - -0.0600066)).toBeLessThan(0.003);
    expect(Math.abs(pc.change.ci_high! - -0.0063028)).toBeLessThan(0.003);
    // R: mcnemar.test(matrix(c(17, 81, 53, 691), 2), correct = FALSE): 5.8507462686567, p 0.0155704470001
    expect(pc.test.name).toBe('mcnemar-chi-square');
    expect(pc.test.statistic).toBeCloseTo(5.8507462686567, 10);
    expect(pc.test.p_value).toBeCloseTo(0.0155704470001, 10);
  });

  it('sample data: paired + at risk only in one quarter = that quarter’s at_risk, per group, both bases', async () => {
    const ds = await sampleDataset();
    for (const basis of ['charge', 'offence'] as const) {
      const rows = compareBetween(ds, { basis, byGroup: true }, Q('2023Q4'), Q('2024Q4'), { ...boot, bootstrap: 100 });
      const q = (label: string) => computeQuarterly(ds, { basis, byGroup: true, from: Q(label), to: Q(label) }).rows;
      const [q1, q2] = [q('2023Q4'), q('2024Q4')];
      rows.forEach((r, s) => {
        expect(q1[s].group).toBe(r.group);
        expect(r.paired + r.at_risk_only_first).toBe(q1[s].at_risk);
        expect(r.paired + r.at_risk_only_second).toBe(q2[s].at_risk);
        // charged in q1 among the paired <= charged_at_risk in q1
        expect(r.charged_both + r.charged_first_only).toBeLessThanOrEqual(q1[s].charged_at_risk);
        expect(r.charged_both + r.charged_second_only).toBeLessThanOrEqual(q2[s].charged_at_risk);
      });
    }
  });
});
