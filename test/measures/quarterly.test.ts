/**
 * Quarterly fixed-cohort desistance (MEASURES.md §4) on hand-worked fixtures, then properties.
 * Every expected count is worked out by hand in the comments from the definitions; intervals are
 * pinned to R 4.x (`prop.test(x, n, correct = FALSE)$conf.int`, `poisson.test(x, T)$conf.int`,
 * `summary(survfit(Surv(t, e) ~ 1, conf.type = 'log-log'))`), never to the code under test.
 *
 * Quarter lengths in 2023: Q1 Jan-Mar 90 days, Q2 Apr-Jun 91, Q3 Jul-Sep 92, Q4 Oct-Dec 92.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDay } from '../../src/core/days.js';
import { datasetFromLiterals, type LiteralCharge, type LiteralCustody, type LiteralPerson } from '../../src/model/build.js';
import { parseQuarterLabel } from '../../src/measures/periods.js';
import { computeQuarterly, quarterly, type QuarterlyRow } from '../../src/measures/quarterly.js';
import type { QuarterlyOptions } from '../../src/measures/quarterly-options.js';

type Counts = Pick<
  QuarterlyRow,
  'quarter' | 'eligible' | 'in_custody_whole_quarter' | 'charged' | 'at_risk' | 'charged_at_risk' | 'liberty_days' | 'charges'
>;
const counts = (r: QuarterlyRow): Counts => ({
  quarter: r.quarter,
  eligible: r.eligible,
  in_custody_whole_quarter: r.in_custody_whole_quarter,
  charged: r.charged,
  at_risk: r.at_risk,
  charged_at_risk: r.charged_at_risk,
  liberty_days: r.liberty_days,
  charges: r.charges,
});
const row = (quarter: string, e: number, w: number, c: number, ar: number, car: number, lib: number, ch: number): Counts => ({
  quarter,
  eligible: e,
  in_custody_whole_quarter: w,
  charged: c,
  at_risk: ar,
  charged_at_risk: car,
  liberty_days: lib,
  charges: ch,
});

/*
 * Fixture A (as-of 2024-02-15, so the default range is 2023Q1..2023Q4, the last complete quarter):
 *  a: custody 15 Mar - 10 Apr 2023, straddling Q1/Q2: Q1 custody 15-31 Mar = 17 -> liberty 73;
 *     Q2 custody 1-10 Apr = 10 -> liberty 81. A charge on 2024-03-01 is after as-of (ignored).
 *  b: open custody from 1 Aug 2023 (covers to as-of): Q3 liberty Jul = 31; Q4 liberty 0.
 *     Charged 1 Nov 2023 while in custody: charged (unadjusted) in Q4, not at risk.
 *  c: adjacent episodes 1 Apr - 15 May and 16 May - 30 Jun plus an overlapping 1-20 May: merged,
 *     the whole of Q2 in custody (liberty 0). Charged 1 Jun 2023 from custody.
 *  d: custody 1-10 Feb (10 days, liberty 80 in Q1), charged on the release day 10 Feb and on 1 Mar;
 *     custody 20-25 Jul (6 days, liberty 86 in Q3), charged on the reception day 20 Jul.
 *  e: cohort 15 Feb - 10 Aug 2023 (start and end mid-quarter): Q1 window 15 Feb - 31 Mar = 45 days,
 *     Q2 91, Q3 window 1 Jul - 10 Aug = 41, Q4 not eligible. Charges 14 Feb (before start) and
 *     11 Aug (after end) fall outside; 5 May counts in Q2.
 */
const fixtureA = {
  asOf: '2024-02-15',
  people: [
    { id: 'a', start: '2023-01-01' },
    { id: 'b', start: '2023-01-01' },
    { id: 'c', start: '2023-01-01' },
    { id: 'd', start: '2023-01-01' },
    { id: 'e', start: '2023-02-15', end: '2023-08-10' },
  ] as LiteralPerson[],
  custody: [
    { id: 'a', start: '2023-03-15', end: '2023-04-10' },
    { id: 'b', start: '2023-08-01' },
    { id: 'c', start: '2023-04-01', end: '2023-05-15' },
    { id: 'c', start: '2023-05-16', end: '2023-06-30' },
    { id: 'c', start: '2023-05-01', end: '2023-05-20' },
    { id: 'd', start: '2023-02-01', end: '2023-02-10' },
    { id: 'd', start: '2023-07-20', end: '2023-07-25' },
  ] as LiteralCustody[],
  charges: [
    { id: 'a', charge: '2024-03-01' },
    { id: 'b', charge: '2023-11-01' },
    { id: 'c', charge: '2023-06-01' },
    { id: 'd', charge: '2023-02-10' },
    { id: 'd', charge: '2023-03-01' },
    { id: 'd', charge: '2023-07-20' },
    { id: 'e', charge: '2023-02-14' },
    { id: 'e', charge: '2023-05-05' },
    { id: 'e', charge: '2023-08-11' },
  ] as LiteralCharge[],
};
const A = () => datasetFromLiterals(fixtureA);

describe('quarterly: fixture A (custody edges, mid-quarter cohort dates)', () => {
  it('counts per quarter, custody whole-quarter (default)', () => {
    const { rows, diagnostics } = computeQuarterly(A(), {});
    expect(rows.map(counts)).toEqual([
      // Q1: all 5 eligible; liberty 73 + 90 + 90 + 80 + 45 = 378; d charged twice (release day + 1 Mar)
      row('2023Q1', 5, 0, 1, 5, 1, 378, 2),
      // Q2: c whole quarter in custody, charged from custody; e charged 5 May.
      //     at risk a, b, d, e: liberty 81 + 91 + 91 + 91 = 354, charges 1 (e)
      row('2023Q2', 5, 1, 2, 4, 1, 354, 1),
      // Q3: liberty 92 + 31 + 92 + 86 + 41 = 342; d charged on the reception day
      row('2023Q3', 5, 0, 1, 5, 1, 342, 1),
      // Q4: e has left; b whole quarter in (open) custody, charged from custody; at risk a, c, d
      row('2023Q4', 4, 1, 1, 3, 0, 276, 0),
    ]);
    expect(rows.map((r) => [r.quarter_start, r.quarter_end])).toEqual([
      ['2023-01-01', '2023-03-31'],
      ['2023-04-01', '2023-06-30'],
      ['2023-07-01', '2023-09-30'],
      ['2023-10-01', '2023-12-31'],
    ]);
    expect(rows.every((r) => r.group === null && r.provisional === false)).toBe(true);
    expect(diagnostics.excluded_after_as_of).toBe(1);
    expect(diagnostics.excluded_missing_offence_date).toBe(0);
  });

  it('proportions and Wilson intervals (R prop.test, correct = FALSE)', () => {
    const [q1, q2, , q4] = quarterly(A());
    // Q1: 4 of 5 not charged
    expect(q1.desistance_unadjusted).toBe(0.8);
    expect(q1.ci_low_unadjusted).toBeCloseTo(0.375534629762525, 12);
    expect(q1.ci_high_unadjusted).toBeCloseTo(0.96377589136757, 12);
    expect(q1.desistance).toBe(0.8);
    // Q2 unadjusted 3 of 5 (R: prop.test(2, 5) = [0.117620774232648, 0.769275718723987], complemented)
    expect(q2.desistance_unadjusted).toBeCloseTo(0.6, 15);
    expect(q2.ci_low_unadjusted).toBeCloseTo(1 - 0.769275718723987, 12);
    expect(q2.ci_high_unadjusted).toBeCloseTo(1 - 0.117620774232648, 12);
    // Q2 adjusted 3 of 4
    expect(q2.desistance).toBe(0.75);
    expect(q2.ci_low).toBeCloseTo(0.300641842582402, 12);
    expect(q2.ci_high).toBeCloseTo(0.954412739190299, 12);
    // Q4 adjusted 3 of 3 (R: prop.test(0, 3) = [0, 0.561497031755045], complemented)
    expect(q4.desistance).toBe(1);
    expect(q4.ci_low).toBeCloseTo(1 - 0.561497031755045, 12);
    expect(q4.ci_high).toBe(1);
    expect([q1.reason, q1.reason_unadjusted, q1.rate_reason]).toEqual([null, null, null]);
  });

  it('other interval methods pass through (R binom.test(3, 4))', () => {
    const q2 = quarterly(A(), { ciMethod: 'clopper-pearson' })[1];
    expect(q2.ci_low).toBeCloseTo(0.194120449683243, 12);
    expect(q2.ci_high).toBeCloseTo(0.99369053679029, 12);
  });

  it('charges per 1,000 liberty days with the exact Poisson interval (R poisson.test)', () => {
    const [q1, q2, , q4] = quarterly(A());
    expect(q1.charges_per_1000_liberty_days).toBeCloseTo((2 / 378) * 1000, 12);
    expect(q1.rate_ci_low).toBeCloseTo(0.640765287153347, 9);
    expect(q1.rate_ci_high).toBeCloseTo(19.1129303378941, 9);
    expect(q2.rate_ci_low).toBeCloseTo(0.0715192315940393, 9);
    expect(q2.rate_ci_high).toBeCloseTo(15.7391056241212, 9);
    expect(q4.charges_per_1000_liberty_days).toBe(0);
    expect(q4.rate_ci_low).toBe(0);
    expect(q4.rate_ci_high).toBeCloseTo(13.3655052685288, 9);
  });

  it("custody 'none' counts everyone eligible, including the custody charges", () => {
    const rows = quarterly(A(), { custody: 'none' });
    expect(rows.map(counts)).toEqual([
      row('2023Q1', 5, 0, 1, 5, 1, 378, 2),
      row('2023Q2', 5, 1, 2, 5, 2, 354, 2), // c adds 0 liberty days and its 1 Jun charge
      row('2023Q3', 5, 0, 1, 5, 1, 342, 1),
      row('2023Q4', 4, 1, 1, 4, 1, 276, 1), // b adds 0 liberty days and its 1 Nov charge
    ]);
  });

  it("custody 'min-liberty' with 82 days", () => {
    const rows = quarterly(A(), { custody: 'min-liberty', minLibertyDays: 82 });
    expect(rows.map(counts)).toEqual([
      // Q1 liberty a 73, b 90, c 90, d 80, e 45: at risk b, c
      row('2023Q1', 5, 0, 1, 2, 0, 180, 0),
      // Q2 a 81, b 91, c 0, d 91, e 91: at risk b, d, e (e charged)
      row('2023Q2', 5, 1, 2, 3, 1, 273, 1),
      // Q3 a 92, b 31, c 92, d 86, e 41: at risk a, c, d (d charged)
      row('2023Q3', 5, 0, 1, 3, 1, 270, 1),
      // Q4 a, c, d 92 each
      row('2023Q4', 4, 1, 1, 3, 0, 276, 0),
    ]);
  });

  it('fiscal labels across a year end, with from/to given as labels', () => {
    const rows = quarterly(A(), {
      quarters: 'fiscal',
      from: parseQuarterLabel('2022/23 Q4', 'fiscal'),
      to: parseQuarterLabel('2023/24 Q3', 'fiscal'),
    });
    expect(rows.map((r) => r.quarter)).toEqual(['2022/23 Q4', '2023/24 Q1', '2023/24 Q2', '2023/24 Q3']);
    expect(rows.map(counts).map((c) => c.liberty_days)).toEqual([378, 354, 342, 276]);
    expect(quarterly(A(), { quarters: 'fiscal' }).map((r) => r.quarter)).toEqual(rows.map((r) => r.quarter));
  });

  it('an explicit incomplete last quarter is cut at as-of and provisional', () => {
    // 2024Q1 with as-of 15 Feb: windows 1 Jan - 15 Feb (46 days). a, c, d free (46 each),
    // b in open custody (0): eligible 4, at risk 3, liberty 138. a's 1 Mar charge is after as-of.
    const rows = quarterly(A(), { from: parseQuarterLabel('2024Q1'), to: parseQuarterLabel('2024Q1') });
    expect(rows.map(counts)).toEqual([row('2024Q1', 4, 1, 0, 3, 0, 138, 0)]);
    expect(rows[0].quarter_end).toBe('2024-03-31');
    expect(rows[0].provisional).toBe(true);
  });

  it('rejects from after to', () => {
    expect(() => quarterly(A(), { from: parseQuarterLabel('2023Q3'), to: parseQuarterLabel('2023Q2') })).toThrow(
      /from \(2023Q3\) is after to \(2023Q2\)/,
    );
  });
});

describe('quarterly: empty cells', () => {
  /*
   * x: cohort 1 Jan - 31 Mar 2023. y: cohort from 1 Jul 2023, in open custody since 20 Jun,
   * charged 1 Aug from custody. As-of 15 Oct 2023 -> quarters 2023Q1..2023Q3.
   * Q1: x only (90 liberty days). Q2: nobody eligible. Q3: y eligible, whole quarter in custody.
   */
  const ds = () =>
    datasetFromLiterals({
      asOf: '2023-10-15',
      people: [
        { id: 'x', start: '2023-01-01', end: '2023-03-31' },
        { id: 'y', start: '2023-07-01' },
      ],
      custody: [{ id: 'y', start: '2023-06-20' }],
      charges: [{ id: 'y', charge: '2023-08-01' }],
    });

  it('a quarter with nobody eligible: nulls and reasons, never NaN', () => {
    const rows = quarterly(ds());
    expect(rows.map(counts)).toEqual([
      row('2023Q1', 1, 0, 0, 1, 0, 90, 0),
      row('2023Q2', 0, 0, 0, 0, 0, 0, 0),
      row('2023Q3', 1, 1, 1, 0, 0, 0, 0),
    ]);
    const q2 = rows[1];
    for (const k of ['desistance_unadjusted', 'ci_low_unadjusted', 'ci_high_unadjusted', 'desistance', 'ci_low', 'ci_high', 'charges_per_1000_liberty_days', 'rate_ci_low', 'rate_ci_high'] as const) {
      expect(q2[k], k).toBeNull();
    }
    expect(q2.reason_unadjusted).toMatch(/nobody is eligible/);
    expect(q2.reason).toMatch(/nobody is eligible/);
    expect(q2.rate_reason).toMatch(/no liberty days/);
    expect(JSON.stringify(rows)).not.toMatch(/NaN/);
  });

  it('a quarter with nobody at risk: the unadjusted rate stands, the adjusted is null', () => {
    const q3 = quarterly(ds())[2];
    // unadjusted: 0 of 1 not charged; R prop.test(1, 1) = [0.206549314377238, 1], complemented
    expect(q3.desistance_unadjusted).toBe(0);
    expect(q3.ci_low_unadjusted).toBe(0);
    expect(q3.ci_high_unadjusted).toBeCloseTo(1 - 0.206549314377238, 12);
    expect(q3.desistance).toBeNull();
    expect(q3.ci_low).toBeNull();
    expect(q3.reason).toBe('nobody is at risk: all 1 eligible person spent the whole quarter in custody (at_risk = 0)');
    expect(q3.charges_per_1000_liberty_days).toBeNull();
    expect(q3.rate_reason).toMatch(/nobody is at risk/);
  });

  it('min-liberty: nobody at risk is explained by the threshold', () => {
    const q1 = quarterly(ds(), { custody: 'min-liberty', minLibertyDays: 91 })[0];
    expect(q1.at_risk).toBe(0);
    expect(q1.reason).toMatch(/had fewer than 91 liberty days in the quarter/);
  });

  it('an empty cohort gives no rows and a warning', () => {
    const res = computeQuarterly(datasetFromLiterals({ asOf: '2023-10-15', people: [] }), {});
    expect(res.rows).toEqual([]);
    expect(res.diagnostics.warnings).toContain('the cohort is empty');
  });

  it('a cohort starting in the incomplete current quarter gives no rows and says why', () => {
    const res = computeQuarterly(datasetFromLiterals({ asOf: '2023-10-15', people: [{ id: 'z', start: '2023-10-01' }] }), {});
    expect(res.rows).toEqual([]);
    expect(res.diagnostics.warnings[0]).toMatch(/no quarter to report: the first quarter \(2023Q4\) is after/);
  });
});

describe('quarterly: offence basis and provisional quarters', () => {
  /*
   * p: cohort from 1 Jan 2023, never in custody. Charges:
   *   charged 1 Feb 2023 for an offence on 20 Dec 2022 (before the cohort: offence basis ignores it)
   *   charged 1 Aug 2023 for an offence on 10 May 2023 (offence basis Q2, charge basis Q3)
   *   charged 1 Sep 2023, offence date missing (offence basis: excluded and counted)
   *   charged 1 Mar 2024 (after as-of 15 Feb 2024) for an offence on 1 Nov 2023: excluded on both bases
   */
  const ds = (asOf = '2024-02-15') =>
    datasetFromLiterals({
      asOf,
      people: [{ id: 'p', start: '2023-01-01' }],
      charges: [
        { id: 'p', charge: '2023-02-01', offence: '2022-12-20' },
        { id: 'p', charge: '2023-08-01', offence: '2023-05-10' },
        { id: 'p', charge: '2023-09-01' },
        { id: 'p', charge: '2024-03-01', offence: '2023-11-01' },
      ],
    });

  it('places events by offence date and counts the unplaceable', () => {
    const res = computeQuarterly(ds(), { basis: 'offence' });
    expect(res.rows.map((r) => r.charges)).toEqual([0, 1, 0, 0]);
    expect(res.rows.map((r) => r.charged)).toEqual([0, 1, 0, 0]);
    expect(res.diagnostics.excluded_missing_offence_date).toBe(1);
    expect(res.diagnostics.excluded_after_as_of).toBe(1);
    // charge basis: Q1 one, Q3 two charges (one person)
    const charge = computeQuarterly(ds(), { basis: 'charge' });
    expect(charge.rows.map((r) => r.charges)).toEqual([1, 0, 2, 0]);
    expect(charge.rows.map((r) => r.charged)).toEqual([1, 0, 1, 0]);
    expect(charge.diagnostics.excluded_missing_offence_date).toBe(0);
  });

  it('a quarter is provisional while its end + lag > as-of (offence basis only)', () => {
    // qe + 6m: Q1 30 Sep 2023, Q2 30 Dec 2023 (<= 15 Feb 2024: final); Q3 30 Mar 2024, Q4 30 Jun 2024
    expect(quarterly(ds(), { basis: 'offence' }).map((r) => r.provisional)).toEqual([false, false, true, true]);
    // qe + 90 days: Q3 29 Dec 2023 (final), Q4 30 Mar 2024
    expect(quarterly(ds(), { basis: 'offence', lag: { days: 90 } }).map((r) => r.provisional)).toEqual([false, false, false, true]);
    expect(quarterly(ds(), { basis: 'charge' }).map((r) => r.provisional)).toEqual([false, false, false, false]);
  });

  it('the lag is month arithmetic to the day: 30 Jun + 6 months = 30 Dec', () => {
    // as-of 29 Dec 2023: last complete quarter 2023Q3; Q2 still provisional. As-of 30 Dec: final.
    expect(quarterly(ds('2023-12-29'), { basis: 'offence' }).map((r) => r.provisional)).toEqual([false, true, true]);
    expect(quarterly(ds('2023-12-30'), { basis: 'offence' }).map((r) => r.provisional)).toEqual([false, false, true]);
  });
});

describe('quarterly: weights', () => {
  /*
   * Q1 2023 only (as-of 31 Mar 2023). Weights A = 10, B = 2.5 (C has none).
   *   w: free all quarter (90 days); charges A, A, B, C and one without a code.
   *   v: custody 1-30 Jan (30 days): liberty 60; no charges.
   *   u: in custody 1 Dec 2022 - 30 Apr 2023 (whole quarter), charged A: not at risk, no harm counted.
   * At risk w, v: liberty 150, charges 5, harm 10 + 10 + 2.5 = 22.5, unweighted 2 (C, no code).
   */
  const ds = () =>
    datasetFromLiterals({
      asOf: '2023-03-31',
      people: [
        { id: 'w', start: '2023-01-01' },
        { id: 'v', start: '2023-01-01' },
        { id: 'u', start: '2023-01-01' },
      ],
      custody: [
        { id: 'v', start: '2023-01-01', end: '2023-01-30' },
        { id: 'u', start: '2022-12-01', end: '2023-04-30' },
      ],
      charges: [
        { id: 'w', charge: '2023-01-05', code: 'A' },
        { id: 'w', charge: '2023-01-06', code: 'A' },
        { id: 'w', charge: '2023-02-01', code: 'B' },
        { id: 'w', charge: '2023-02-02', code: 'C' },
        { id: 'w', charge: '2023-02-03' },
        { id: 'u', charge: '2023-03-01', code: 'A' },
      ],
    });
  const weights = new Map([
    ['A', 10],
    ['B', 2.5],
  ]);

  it('harm, per person, per 1,000 liberty days and the unweighted count', () => {
    const { rows, diagnostics } = computeQuarterly(ds(), { weights });
    expect(rows).toHaveLength(1);
    const q = rows[0];
    expect(counts(q)).toEqual(row('2023Q1', 3, 1, 2, 2, 1, 150, 5));
    expect(q.harm).toBe(22.5);
    expect(q.harm_per_person).toBe(11.25);
    expect(q.harm_per_1000_liberty_days).toBeCloseTo(150, 12);
    expect(q.unweighted_charges).toBe(2);
    expect(diagnostics.unweighted_codes).toEqual(['C']);
  });

  it('no weight fields without weights', () => {
    const q = quarterly(ds())[0];
    expect('harm' in q).toBe(false);
    expect('unweighted_charges' in q).toBe(false);
  });
});

describe('quarterly: groups', () => {
  // g1, g4 in 'z' (g4 charged 5 Jan), g2 in 'm', g3 without a group. Q1 2023 only.
  const ds = () =>
    datasetFromLiterals({
      asOf: '2023-03-31',
      people: [
        { id: 'g1', start: '2023-01-01', group: 'z' },
        { id: 'g2', start: '2023-01-01', group: 'm' },
        { id: 'g3', start: '2023-01-01' },
        { id: 'g4', start: '2023-01-01', group: 'z' },
      ],
      charges: [{ id: 'g4', charge: '2023-01-05' }],
    });

  it('one row per quarter per group, sorted, then the people without a group, labelled (blank)', () => {
    const rows = quarterly(ds(), { byGroup: true });
    expect(rows.map((r) => [r.group, r.eligible, r.charged])).toEqual([
      ['m', 1, 0],
      ['z', 2, 1],
      ['(blank)', 1, 0],
    ]);
  });

  it('puts treated and comparison first, then the others by name', () => {
    const people = ['b', 'comparison', 'a', 'treated'].map((g, i) => ({ id: `p${i}`, start: '2023-01-01', group: g }));
    const rows = quarterly(datasetFromLiterals({ asOf: '2023-06-30', people }), { byGroup: true });
    expect(rows.filter((r) => r.quarter === '2023Q1').map((r) => r.group)).toEqual(['treated', 'comparison', 'a', 'b']);
  });

  it('counts charges on the cohort start day, and leaves them out with excludeIndexDay', () => {
    // a: charged on 2023-02-01 for an offence on the start day 2023-01-10 (the index offence),
    // b: charged on its start day without an offence date (the charge date stands in).
    const data = () =>
      datasetFromLiterals({
        asOf: '2023-06-30',
        people: [{ id: 'a', start: '2023-01-10' }, { id: 'b', start: '2023-01-20' }],
        charges: [{ id: 'a', charge: '2023-02-01', offence: '2023-01-10' }, { id: 'b', charge: '2023-01-20' }, { id: 'b', charge: '2023-03-01', offence: '2023-02-20' }],
      });
    const kept = quarterly(data()).find((r) => r.quarter === '2023Q1')!;
    expect(kept).toMatchObject({ eligible: 2, charged: 2, charges: 3, index_day_charges: 2 });
    const left = quarterly(data(), { excludeIndexDay: true }).find((r) => r.quarter === '2023Q1')!;
    expect(left).toMatchObject({ eligible: 2, charged: 1, charges: 1, index_day_charges: 2 });
  });

  it('without byGroup, one row for everyone with group null', () => {
    const rows = quarterly(ds());
    expect(rows.map((r) => [r.group, r.eligible, r.charged])).toEqual([[null, 4, 1]]);
  });

  it('byGroup on a cohort without groups gives one null row per quarter', () => {
    const rows = quarterly(datasetFromLiterals({ asOf: '2023-06-30', people: [{ id: 'a', start: '2023-01-01' }] }), { byGroup: true });
    expect(rows.map((r) => [r.quarter, r.group, r.eligible])).toEqual([
      ['2023Q1', null, 1],
      ['2023Q2', null, 1],
    ]);
  });
});

describe('quarterly: cumulative desistance (Kaplan-Meier on a liberty-day clock)', () => {
  /*
   * As-of 30 Jun 2023, all start 1 Jan 2023.
   *  p1: charged 10 Jan -> event at 10 liberty days (1-10 Jan).
   *  p2: custody 1-31 Jan, charged 10 Feb -> liberty days 1 Jan - 10 Feb = 41 - 31 = 10: event at 10.
   *  p3: nothing -> censored at 90 (end of Q1), 181 (end of Q2).
   *  p4: open custody from 1 Feb -> 31 liberty days; censored at 31 in Q1; charged 1 May from
   *      custody -> event at 31 in Q2.
   * Q1: (10,1) (10,1) (90,0) (31,0): S(10) = 2/4 = 0.5, unchanged to 90.
   * Q2: (10,1) (10,1) (181,0) (31,1): S = 0.5 x (1 - 1/2) = 0.25 at 31, unchanged to 181.
   * Intervals: R summary(survfit(Surv(time, event) ~ 1, conf.type = 'log-log')).
   */
  const ds = () =>
    datasetFromLiterals({
      asOf: '2023-06-30',
      people: ['p1', 'p2', 'p3', 'p4'].map((id) => ({ id, start: '2023-01-01' })),
      custody: [
        { id: 'p2', start: '2023-01-01', end: '2023-01-31' },
        { id: 'p4', start: '2023-02-01' },
      ],
      charges: [
        { id: 'p1', charge: '2023-01-10' },
        { id: 'p2', charge: '2023-02-10' },
        { id: 'p4', charge: '2023-05-01' },
      ],
    });

  it('pins the estimate and log-log interval to R survival', () => {
    const [q1, q2] = quarterly(ds(), { cumulative: true });
    expect(q1.cumulative_desistance).toBe(0.5);
    expect(q1.cumulative_liberty_days).toBe(90);
    expect(q1.cumulative_ci_low).toBeCloseTo(0.0578470829951446, 12);
    expect(q1.cumulative_ci_high).toBeCloseTo(0.844861281190374, 12);
    expect(q2.cumulative_desistance).toBe(0.25);
    expect(q2.cumulative_liberty_days).toBe(181);
    expect(q2.cumulative_ci_low).toBeCloseTo(0.00894782441660317, 12);
    expect(q2.cumulative_ci_high).toBeCloseTo(0.665325342788865, 12);
    expect(q2.cumulative_reason).toBeNull();
  });

  it('no events yet: survival 1, interval null with a reason; no fields unless asked', () => {
    const one = datasetFromLiterals({ asOf: '2023-03-31', people: [{ id: 'a', start: '2023-01-01' }] });
    const q = quarterly(one, { cumulative: true })[0];
    expect(q.cumulative_desistance).toBe(1);
    expect(q.cumulative_ci_low).toBeNull();
    expect(q.cumulative_reason).toMatch(/no events/);
    expect('cumulative_desistance' in quarterly(one)[0]).toBe(false);
  });

  it('per group; a group not yet started has a null estimate', () => {
    const two = datasetFromLiterals({
      asOf: '2023-06-30',
      people: [
        { id: 'a', start: '2023-01-01', group: 'early' },
        { id: 'b', start: '2023-04-01', group: 'late' },
      ],
      charges: [{ id: 'a', charge: '2023-01-03' }],
    });
    const rows = quarterly(two, { cumulative: true, byGroup: true });
    expect(rows.map((r) => [r.quarter, r.group, r.cumulative_desistance])).toEqual([
      ['2023Q1', 'early', 0],
      ['2023Q1', 'late', null],
      ['2023Q2', 'early', 0],
      ['2023Q2', 'late', 1],
    ]);
    expect(rows[1].cumulative_reason).toMatch(/nobody in the cohort/);
  });
});

describe('quarterly: options', () => {
  it('fills and echoes every default, with the quarter range used', () => {
    const { options } = computeQuarterly(A(), {});
    expect(options).toMatchObject({
      quarters: 'calendar',
      basis: 'charge',
      custody: 'whole-quarter',
      minLibertyDays: 1,
      lag: { months: 6 },
      level: 0.95,
      ciMethod: 'wilson',
      byGroup: false,
      cumulative: false,
      from: parseQuarterLabel('2023Q1'),
      to: parseQuarterLabel('2023Q4'),
    });
  });

  it('rejects bad values with a RangeError naming the option', () => {
    const bad: [Partial<QuarterlyOptions>, RegExp][] = [
      [{ minLibertyDays: 0 }, /min-liberty-days/],
      [{ minLibertyDays: 1.5 }, /min-liberty-days/],
      [{ level: 1 }, /level/],
      [{ custody: 'partial' as never }, /custody must be one of none, whole-quarter, min-liberty/],
      [{ basis: 'arrest' as never }, /basis/],
      [{ ciMethod: 'exact' as never }, /ci-method/],
      [{ quarters: 'academic' as never }, /quarters/],
      [{ lag: { months: -1 } }, /lag/],
      [{ weights: new Map([['A', Number.NaN]]) }, /weight of offence code 'A'/],
    ];
    for (const [o, msg] of bad) expect(() => quarterly(A(), o), JSON.stringify(o)).toThrow(msg);
  });
});

/* ---------------------------------------------------------------- properties */

const BASE = Date.UTC(2022, 9, 1) / 86400000; // 2022-10-01
const iso = (offset: number) => formatDay(BASE + offset);

interface Lit {
  people: LiteralPerson[];
  charges: LiteralCharge[];
  custody: LiteralCustody[];
}

const litArb: fc.Arbitrary<Lit> = fc
  .integer({ min: 1, max: 12 })
  .chain((n) => {
    const ids = Array.from({ length: n }, (_, i) => `p${i}`);
    const id = fc.constantFrom(...ids);
    return fc.record({
      people: fc.tuple(
        ...ids.map((pid) =>
          fc.record({
            start: fc.integer({ min: 0, max: 400 }),
            len: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
            group: fc.option(fc.constantFrom('x', 'y'), { nil: undefined }),
          }).map(({ start, len, group }) => ({
            id: pid,
            start: iso(start),
            ...(len === undefined ? {} : { end: iso(start + len) }),
            ...(group === undefined ? {} : { group }),
          })),
        ),
      ),
      charges: fc.array(
        fc.record({ id, c: fc.integer({ min: 0, max: 600 }), o: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }), code: fc.constantFrom('A', 'B', 'C', '') }).map(
          ({ id: pid, c, o, code }) => ({ id: pid, charge: iso(c), ...(o === undefined ? {} : { offence: iso(c - o) }), ...(code ? { code } : {}) }),
        ),
        { maxLength: 30 },
      ),
      custody: fc.array(
        fc.record({ id, s: fc.integer({ min: -30, max: 600 }), len: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }) }).map(({ id: pid, s, len }) => ({
          id: pid,
          start: iso(s),
          ...(len === undefined ? {} : { end: iso(s + len) }),
        })),
        { maxLength: 20 },
      ),
    });
  });

const AS_OF = iso(560);
const optsArb: fc.Arbitrary<Partial<QuarterlyOptions>> = fc.record({
  basis: fc.constantFrom('charge' as const, 'offence' as const),
  custody: fc.constantFrom('none' as const, 'whole-quarter' as const, 'min-liberty' as const),
  minLibertyDays: fc.integer({ min: 1, max: 100 }),
  ciMethod: fc.constantFrom('wilson' as const, 'clopper-pearson' as const, 'jeffreys' as const, 'agresti-coull' as const, 'wald' as const),
  byGroup: fc.boolean(),
  cumulative: fc.boolean(),
});
const build = (l: Lit) => datasetFromLiterals({ asOf: AS_OF, ...l });

describe('quarterly: properties', () => {
  it('proportions lie in [0, 1] and inside their intervals; nothing is NaN', () => {
    fc.assert(
      fc.property(litArb, optsArb, (l, o) => {
        const rows = quarterly(build(l), o);
        expect(JSON.stringify(rows)).not.toMatch(/NaN/);
        for (const r of rows) {
          for (const [est, lo, hi, why] of [
            [r.desistance, r.ci_low, r.ci_high, r.reason],
            [r.desistance_unadjusted, r.ci_low_unadjusted, r.ci_high_unadjusted, r.reason_unadjusted],
          ] as const) {
            if (est === null) {
              expect(lo).toBeNull();
              continue;
            }
            expect(est).toBeGreaterThanOrEqual(0);
            expect(est).toBeLessThanOrEqual(1);
            // (Wald at x = 0 or x = n leaves one bound null, with a reason)
            if (lo !== null) expect(lo).toBeLessThanOrEqual(est + 1e-12);
            if (hi !== null) expect(hi).toBeGreaterThanOrEqual(est - 1e-12);
            if (lo === null || hi === null) expect(why).toBeTruthy();
          }
          if (r.charges_per_1000_liberty_days !== null) {
            expect(r.rate_ci_low!).toBeLessThanOrEqual(r.charges_per_1000_liberty_days);
            expect(r.rate_ci_high!).toBeGreaterThanOrEqual(r.charges_per_1000_liberty_days);
          }
          if (r.cumulative_desistance != null) {
            expect(r.cumulative_desistance).toBeGreaterThanOrEqual(0);
            expect(r.cumulative_desistance).toBeLessThanOrEqual(1);
            if (r.cumulative_ci_low !== null) {
              expect(r.cumulative_ci_low).toBeLessThanOrEqual(r.cumulative_desistance);
              expect(r.cumulative_ci_high!).toBeGreaterThanOrEqual(r.cumulative_desistance);
            }
          }
          expect(r.charged_at_risk).toBeLessThanOrEqual(r.at_risk);
          expect(r.at_risk).toBeLessThanOrEqual(r.eligible);
          expect(r.charged).toBeLessThanOrEqual(r.eligible);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the output does not depend on input row order', () => {
    fc.assert(
      fc.property(litArb, optsArb, fc.integer(), (l, o, seed) => {
        // a deterministic shuffle from the seed (fast-check shrinks the seed, not the order)
        let s = seed >>> 0;
        const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
        const shuffle = <T>(a: T[]) => {
          const b = a.slice();
          for (let i = b.length - 1; i > 0; i--) {
            const j = Math.floor(rnd() * (i + 1));
            [b[i], b[j]] = [b[j], b[i]];
          }
          return b;
        };
        const weights = new Map([['A', 3], ['B', 0.5]]); // dyadic: sums are exact in any order
        const opts = { ...o, weights };
        const before = quarterly(build(l), opts);
        const after = quarterly(build({ people: shuffle(l.people), charges: shuffle(l.charges), custody: shuffle(l.custody) }), opts);
        expect(after).toEqual(before);
      }),
      { numRuns: 200 },
    );
  });

  it('adding custody never adds liberty days', () => {
    fc.assert(
      fc.property(
        litArb,
        optsArb,
        fc.record({ s: fc.integer({ min: -30, max: 600 }), len: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }), who: fc.nat() }),
        (l, o, extra) => {
          const pid = l.people[extra.who % l.people.length].id;
          const more = { ...l, custody: [...l.custody, { id: pid, start: iso(extra.s), ...(extra.len === undefined ? {} : { end: iso(extra.s + extra.len) }) }] };
          const opts = { ...o, cumulative: false };
          const a = quarterly(build(l), opts);
          const b = quarterly(build(more), opts);
          expect(b.length).toBe(a.length);
          for (let i = 0; i < a.length; i++) {
            expect(b[i].liberty_days).toBeLessThanOrEqual(a[i].liberty_days);
            expect(b[i].at_risk).toBeLessThanOrEqual(a[i].at_risk);
            expect(b[i].eligible).toBe(a[i].eligible);
            expect(b[i].charged).toBe(a[i].charged);
            expect(b[i].in_custody_whole_quarter).toBeGreaterThanOrEqual(a[i].in_custody_whole_quarter);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("custody 'none' gives desistance equal to desistance_unadjusted", () => {
    fc.assert(
      fc.property(litArb, optsArb, (l, o) => {
        for (const r of quarterly(build(l), { ...o, custody: 'none' })) {
          expect(r.at_risk).toBe(r.eligible);
          expect(r.charged_at_risk).toBe(r.charged);
          expect(r.desistance).toBe(r.desistance_unadjusted);
          expect(r.ci_low).toBe(r.ci_low_unadjusted);
          expect(r.ci_high).toBe(r.ci_high_unadjusted);
        }
      }),
      { numRuns: 200 },
    );
  });
});
