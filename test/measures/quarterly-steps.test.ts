/**
 * The named steps of quarterly desistance (MEASURES.md §4), one at a time, on hand-worked
 * values: quarters, groups, eligibility and windows, events, the custody adjustment, the rates,
 * and the person-level status that sums to the rows. Every expected value is worked out by hand
 * in the comments from the definitions, never from the code under test.
 *
 * 2023: Q1 Jan-Mar 90 days, Q2 Apr-Jun 91, Q3 Jul-Sep 92, Q4 Oct-Dec 92.
 */
import { describe, expect, it } from 'vitest';
import { formatDay, isoDay } from '../../src/core/days.js';
import { datasetFromLiterals } from '../../src/model/build.js';
import { parseQuarterLabel } from '../../src/measures/periods.js';
import {
  atRiskThreshold,
  codeWeights,
  computeQuarterly,
  countUnplacedCharges,
  CustodyWalk,
  desistanceOf,
  exposureRateOf,
  groupSlots,
  isAtRisk,
  isProvisional,
  observedSpan,
  personEvents,
  personWindow,
  placeEvents,
  quarterRange,
  quarterStatus,
  quarterTable,
  type QuarterlyDiagnostics,
} from '../../src/measures/quarterly.js';
import { resolveQuarterlyOptions } from '../../src/measures/quarterly-options.js';

const Q = parseQuarterLabel;
const iso = (d: number) => formatDay(d);
const diag = (): QuarterlyDiagnostics => ({ excluded_after_as_of: 0, excluded_missing_offence_date: 0, unweighted_codes: [], warnings: [] });

/*
 * p0 'a': in the cohort from 2023-01-01; custody 15 Mar - 10 Apr (Q1: 17 days, Q2: 10 days);
 *         charged 10 Feb (offence 20 Dec 2022), 1 Mar (no offence date), 5 May (offence 1 Mar),
 *         and 1 Mar 2024 (after as-of).
 * p1 'b': cohort 15 Feb - 10 Aug 2023, group 'z'; open custody from 1 Aug (to as-of).
 * p2 'c': cohort from 2024-01-01 (after the range 2023Q1..2023Q4), group 'y'.
 * as-of 2024-02-15.
 */
const ds = () =>
  datasetFromLiterals({
    asOf: '2024-02-15',
    people: [
      { id: 'a', start: '2023-01-01' },
      { id: 'b', start: '2023-02-15', end: '2023-08-10', group: 'z' },
      { id: 'c', start: '2024-01-01', group: 'y' },
    ],
    custody: [
      { id: 'a', start: '2023-03-15', end: '2023-04-10' },
      { id: 'b', start: '2023-08-01' },
    ],
    charges: [
      { id: 'a', charge: '2023-02-10', offence: '2022-12-20', code: 'X' },
      { id: 'a', charge: '2023-03-01', code: 'Y' },
      { id: 'a', charge: '2023-05-05', offence: '2023-03-01', code: 'X' },
      { id: 'a', charge: '2024-03-01', offence: '2023-03-02' },
    ],
  });

describe('quarterly steps: 1. quarters', () => {
  it('range: from the earliest cohort_start to the last complete quarter on as-of', () => {
    const o = resolveQuarterlyOptions({});
    // earliest start 2023-01-01 -> 2023Q1; as-of 2024-02-15 -> last complete 2023Q4
    expect(quarterRange(ds(), o, diag())).toEqual({ from: Q('2023Q1'), to: Q('2023Q4') });
  });

  it('range: from after to is a RangeError; an empty range is a warning', () => {
    expect(() => quarterRange(ds(), resolveQuarterlyOptions({ from: Q('2023Q3'), to: Q('2023Q2') }), diag())).toThrow(RangeError);
    const d = diag();
    expect(quarterRange(ds(), resolveQuarterlyOptions({ from: Q('2024Q2') }), d)).toEqual({ from: Q('2024Q2'), to: Q('2023Q4') });
    expect(d.warnings[0]).toMatch(/^no quarter to report: the first quarter \(2024Q2\) is after the last \(2023Q4, the last complete quarter on as-of\)/);
  });

  it('table: first and last days, and the day -> quarter lookup', () => {
    const t = quarterTable(Q('2023Q4'), Q('2024Q1'));
    expect(t.n).toBe(2);
    expect([iso(t.qs[0]), iso(t.qe[0]), iso(t.qs[1]), iso(t.qe[1])]).toEqual(['2023-10-01', '2023-12-31', '2024-01-01', '2024-03-31']);
    expect(t.quarterAt.length).toBe(92 + 91); // 2024 is a leap year: Q1 = 91 days
    expect(t.quarterAt[isoDay('2023-12-31') - t.firstDay]).toBe(0);
    expect(t.quarterAt[isoDay('2024-01-01') - t.firstDay]).toBe(1);
  });

  it('unplaced charges: after as-of, and (offence basis) no offence date', () => {
    const d = diag();
    countUnplacedCharges(ds(), 'offence', d);
    expect([d.excluded_after_as_of, d.excluded_missing_offence_date]).toEqual([1, 1]);
    const c = diag();
    countUnplacedCharges(ds(), 'charge', c);
    expect([c.excluded_after_as_of, c.excluded_missing_offence_date]).toEqual([1, 0]);
  });
});

describe('quarterly steps: 2. groups', () => {
  it('sorted group slots, then the people without a group', () => {
    const s = groupSlots(ds().people, true);
    // groups in order of first appearance: z (b), y (c); sorted: y, z; 'a' has none -> slot 2
    expect(s.n).toBe(3);
    expect([s.name(0), s.name(1), s.name(2)]).toEqual(['y', 'z', null]);
    expect([s.of(0), s.of(1), s.of(2)]).toEqual([2, 1, 0]);
  });

  it('pooled: one slot for everyone', () => {
    const s = groupSlots(ds().people, false);
    expect([s.n, s.of(1), s.name(0)]).toEqual([1, 0, null]);
  });
});

describe('quarterly steps: 3. eligibility and windows', () => {
  const t = quarterTable(Q('2023Q1'), Q('2023Q4'));
  it('a person in the cohort all year is eligible in every quarter, window = the quarter', () => {
    const span = observedSpan(ds(), 0, t)!;
    expect([span.k0, span.k1]).toEqual([0, 3]);
    expect(personWindow(span, t, 1).map(iso)).toEqual(['2023-04-01', '2023-06-30']);
  });

  it('mid-quarter start and end cut the first and last windows', () => {
    const span = observedSpan(ds(), 1, t)!;
    // 15 Feb - 10 Aug: Q1..Q3
    expect([span.k0, span.k1]).toEqual([0, 2]);
    expect(personWindow(span, t, 0).map(iso)).toEqual(['2023-02-15', '2023-03-31']);
    expect(personWindow(span, t, 2).map(iso)).toEqual(['2023-07-01', '2023-08-10']);
  });

  it('a person who joins after the range is eligible nowhere', () => {
    expect(observedSpan(ds(), 2, t)).toBeNull();
  });

  it('the window stops at as-of inside an incomplete quarter', () => {
    const t2 = quarterTable(Q('2024Q1'), Q('2024Q1'));
    const span = observedSpan(ds(), 0, t2)!;
    expect(personWindow(span, t2, 0).map(iso)).toEqual(['2024-01-01', '2024-02-15']);
  });
});

describe('quarterly steps: 4. events', () => {
  const t = quarterTable(Q('2023Q1'), Q('2023Q4'));
  it('charge basis: by charge date, nothing after as-of', () => {
    const ev = personEvents(t.n);
    placeEvents(ds(), 0, observedSpan(ds(), 0, t)!, 'charge', t, null, ev);
    // 10 Feb and 1 Mar in Q1, 5 May in Q2; 1 Mar 2024 is after as-of
    expect([...ev.events]).toEqual([2, 1, 0, 0]);
  });

  it('offence basis: by offence date; before the cohort or with no offence date placed nowhere', () => {
    const ev = personEvents(t.n);
    ev.events.fill(9); // stale scratch from a previous person is reset over the span
    placeEvents(ds(), 0, observedSpan(ds(), 0, t)!, 'offence', t, null, ev);
    // offence 20 Dec 2022 before the cohort; no offence date; offence 1 Mar (charged 5 May) in Q1;
    // offence 2 Mar charged after as-of: not yet known
    expect([...ev.events]).toEqual([1, 0, 0, 0]);
  });

  it('weights: harm per quarter; a code without a weight adds 0 and is recorded', () => {
    const d = ds();
    const w = codeWeights(d.charges, new Map([['X', 2.5]]))!;
    const ev = personEvents(t.n);
    placeEvents(d, 0, observedSpan(d, 0, t)!, 'charge', t, w, ev);
    expect([...ev.harm]).toEqual([2.5, 2.5, 0, 0]);
    expect([...ev.unweighted]).toEqual([1, 0, 0, 0]);
    expect(w.unweightedCodes()).toEqual(['Y']);
  });
});

describe('quarterly steps: 5. custody adjustment', () => {
  it('custody days per window, walking forward once; an open episode ends at as-of', () => {
    const d = ds();
    const walk = new CustodyWalk(d);
    walk.start(0);
    // 15-31 Mar = 17 days; 1-10 Apr = 10 days; none later
    expect(walk.daysIn(isoDay('2023-01-01'), isoDay('2023-03-31'))).toBe(17);
    expect(walk.daysIn(isoDay('2023-04-01'), isoDay('2023-06-30'))).toBe(10);
    expect(walk.daysIn(isoDay('2023-07-01'), isoDay('2023-09-30'))).toBe(0);
    walk.start(1);
    // open from 1 Aug: 1-10 Aug in the window to 10 Aug = 10 days; Jan-Feb 2024 to as-of 15 Feb = 46 days
    expect(walk.daysIn(isoDay('2023-07-01'), isoDay('2023-08-10'))).toBe(10);
    expect(walk.daysIn(isoDay('2024-01-01'), isoDay('2024-02-15'))).toBe(46);
  });

  it('at risk: none 0, whole-quarter 1, min-liberty N liberty days', () => {
    expect(atRiskThreshold({ custody: 'none', minLibertyDays: 30 })).toBe(0);
    expect(atRiskThreshold({ custody: 'whole-quarter', minLibertyDays: 30 })).toBe(1);
    expect(atRiskThreshold({ custody: 'min-liberty', minLibertyDays: 30 })).toBe(30);
    expect([isAtRisk(0, 0), isAtRisk(0, 1), isAtRisk(29, 30), isAtRisk(30, 30)]).toEqual([true, false, false, true]);
  });
});

describe('quarterly steps: 6. rates', () => {
  const o = { ciMethod: 'wilson' as const, level: 0.95 };
  it('desistance = 1 - charged / n with the Wilson interval (R prop.test(1, 4, correct = FALSE))', () => {
    // R: prop.test(1, 4, correct = FALSE)$conf.int = 0.0455872608097006 0.6993581574175980 (charged share); complemented
    const e = desistanceOf(4, 1, o, 'none');
    expect(e.estimate).toBe(0.75);
    expect(e.ci_low).toBeCloseTo(1 - 0.699358157417598, 12);
    expect(e.ci_high).toBeCloseTo(1 - 0.0455872608097006, 12);
    expect(desistanceOf(0, 0, o, 'nobody')).toEqual({ estimate: null, ci_low: null, ci_high: null, reason: 'nobody' });
  });

  it('charges per 1,000 liberty days, exact Poisson (R poisson.test(3, 600))', () => {
    // R: poisson.test(3, 600)$conf.int * 1000 = 1.0311202048260 14.6121217829039
    const r = exposureRateOf(3, 600, 7, 0.95);
    expect(r.estimate).toBeCloseTo(5, 12);
    expect(r.ci_low).toBeCloseTo(1.031120204826, 10);
    expect(r.ci_high).toBeCloseTo(14.6121217829039, 10);
    expect(exposureRateOf(0, 0, 0, 0.95).reason).toBe('no liberty days: nobody is at risk in this quarter');
    expect(exposureRateOf(0, 0, 2, 0.95).reason).toBe('no liberty days at risk in this quarter');
  });

  it('provisional: incomplete, or offence basis within the lag', () => {
    const asOf = isoDay('2024-02-15');
    const q4 = isoDay('2023-12-31');
    expect(isProvisional(q4, asOf, { basis: 'charge', lag: { months: 6 } })).toBe(false);
    // 31 Dec + 6 months = 30 Jun 2024 > as-of
    expect(isProvisional(q4, asOf, { basis: 'offence', lag: { months: 6 } })).toBe(true);
    expect(isProvisional(q4, asOf, { basis: 'offence', lag: { days: 46 } })).toBe(false);
    expect(isProvisional(isoDay('2024-03-31'), asOf, { basis: 'charge', lag: { months: 6 } })).toBe(true);
  });
});

describe('quarterly steps: person-level status sums to the rows', () => {
  it('2023Q1 to 2023Q3, by group, both bases', () => {
    for (const basis of ['charge', 'offence'] as const) {
      for (const q of ['2023Q1', '2023Q2', '2023Q3']) {
        const d = ds();
        const st = quarterStatus(d, { basis, byGroup: true }, Q(q));
        const rows = computeQuarterly(d, { basis, byGroup: true, from: Q(q), to: Q(q) }).rows;
        rows.forEach((r, s) => {
          const sum = (f: (p: number) => number) => [0, 1, 2].filter((p) => st.slot[p] === s).reduce((acc, p) => acc + f(p), 0);
          expect([sum((p) => st.eligible[p]), sum((p) => st.atRisk[p]), sum((p) => st.charged[p]), sum((p) => st.charged[p] & st.atRisk[p])]).toEqual([
            r.eligible,
            r.at_risk,
            r.charged,
            r.charged_at_risk,
          ]);
        });
      }
    }
  });

  it('windows and liberty days by hand', () => {
    const st = quarterStatus(ds(), {}, Q('2023Q1'));
    // a: 90 days - 17 custody = 73; b: 15 Feb - 31 Mar = 45 days, no custody; c not eligible
    expect([...st.liberty]).toEqual([73, 45, 0]);
    expect([...st.eligible]).toEqual([1, 1, 0]);
    expect([iso(st.windowStart[1]), iso(st.windowEnd[1])]).toEqual(['2023-02-15', '2023-03-31']);
    expect([...st.charged]).toEqual([1, 0, 0]);
  });
});
