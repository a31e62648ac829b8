/**
 * Follow-up reoffending (MEASURES.md §5) on hand-worked fixtures. Every expected value is
 * reasoned in a comment from the definitions; none is computed with the code under test.
 */
import { describe, expect, it } from 'vitest';
import { NO_DATE, OPEN_END, formatDay } from '../../src/core/days.js';
import { parseIsoOption } from '../../src/io/dates.js';
import { datasetFromLiterals, type LiteralCharge, type LiteralCustody, type LiteralPerson } from '../../src/model/build.js';
import { FOLLOWUP_STATUS, followup, followupPersons, resolveFollowupOptions, type FollowupOptions } from '../../src/measures/followup.js';
import { followupCurve } from '../../src/measures/followup-curve.js';

const day = (s: string) => parseIsoOption(s, 'test');

function run(
  asOf: string,
  people: LiteralPerson[],
  charges: LiteralCharge[] = [],
  custody: LiteralCustody[] = [],
  opts: FollowupOptions = {},
) {
  const ds = datasetFromLiterals({ asOf, people, charges, custody });
  const res = followup(ds, opts);
  const at = (id: string) => people.findIndex((p) => p.id === id);
  const P = res.persons;
  const person = (id: string) => {
    const p = at(id);
    const fmt = (d: number) => (d === NO_DATE ? 'none' : d === OPEN_END ? 'open' : formatDay(d));
    return {
      status: P.status[p],
      included: P.included[p],
      index: fmt(P.index[p]),
      windowEnd: fmt(P.windowEnd[p]),
      reoffended: P.reoffended[p],
      reoffences: P.reoffences[p],
      first: fmt(P.firstReoffence[p]),
      time: P.time[p],
      libertyDays: P.libertyDays[p],
    };
  };
  return { ...res, person };
}

describe('calendar window boundaries (start index, 12m + 6m waiting)', () => {
  // as-of 2026-01-01. A start on 31 Jan 2023: addMonths(2023-01-31, 12) = 2024-01-31, minus one
  // day: the window is [2023-01-31, 2024-01-30] (365 days); waiting ends addMonths(2024-01-30, 6)
  // = 2024-07-30. A start on 29 Feb 2024: + 12 months = 28 Feb 2025 (clamped), minus one day:
  // [2024-02-29, 2025-02-27] (365 days); waiting ends 2025-08-27.
  const people: LiteralPerson[] = [
    { id: 'jan31_last', start: '2023-01-31' },
    { id: 'jan31_after', start: '2023-01-31' },
    { id: 'wait_last', start: '2023-01-31' },
    { id: 'wait_after', start: '2023-01-31' },
    { id: 'feb29_last', start: '2024-02-29' },
    { id: 'feb29_after', start: '2024-02-29' },
    // window [2024-07-02, 2025-07-01]; waiting ends 2026-01-01 = as-of: mature (<=)
    { id: 'mature_edge', start: '2024-07-02' },
    // window [2024-07-03, 2025-07-02]; waiting ends 2026-01-02 > as-of: not mature
    { id: 'immature', start: '2024-07-03' },
    { id: 'no_charges', start: '2023-05-01' },
    { id: 'before_index', start: '2023-05-01' },
  ];
  const charges: LiteralCharge[] = [
    { id: 'jan31_last', charge: '2024-02-10', offence: '2024-01-30' }, // last window day: counts
    { id: 'jan31_after', charge: '2024-02-10', offence: '2024-01-31' }, // day after: no
    { id: 'wait_last', charge: '2024-07-30', offence: '2023-06-01' }, // charged on last waiting day: counts
    { id: 'wait_after', charge: '2024-07-31', offence: '2023-06-01' }, // a day late: no
    { id: 'feb29_last', charge: '2025-03-01', offence: '2025-02-27' }, // last window day: counts
    { id: 'feb29_after', charge: '2025-03-01', offence: '2025-02-28' }, // day after: no
    { id: 'immature', charge: '2024-08-02', offence: '2024-08-01' }, // in window, but not counted
    { id: 'before_index', charge: '2023-05-02', offence: '2023-04-30' }, // before the index: no
  ];
  const r = run('2026-01-01', people, charges);

  it('ends a 12-month window from 31 January on 30 January next year', () => {
    expect(r.person('jan31_last')).toMatchObject({ index: '2023-01-31', windowEnd: '2024-01-30', reoffended: 1, reoffences: 1 });
    // time = 2024-01-30 - 2023-01-31 + 1 = 365: the last window day is the window length
    expect(r.person('jan31_last').time).toBe(365);
    expect(r.person('jan31_after')).toMatchObject({ reoffended: 0, reoffences: 0, time: 365, first: 'none' });
  });

  it('ends a 12-month window from 29 February on 27 February (28 Feb clamped, minus 1 day)', () => {
    expect(r.person('feb29_last')).toMatchObject({ windowEnd: '2025-02-27', reoffended: 1 });
    expect(r.person('feb29_after')).toMatchObject({ windowEnd: '2025-02-27', reoffended: 0, time: 365 });
  });

  it('counts a charge on the last day of the waiting period and not the day after', () => {
    expect(r.person('wait_last').reoffended).toBe(1);
    expect(r.person('wait_after').reoffended).toBe(0);
    expect(r.diagnostics.chargedAfterWaiting).toBe(1);
  });

  it('is mature when window end + waiting equals as-of, not a day later', () => {
    expect(r.person('mature_edge')).toMatchObject({ status: FOLLOWUP_STATUS.COUNTED, included: 1, windowEnd: '2025-07-01' });
    expect(r.person('immature')).toMatchObject({
      status: FOLLOWUP_STATUS.NOT_MATURE,
      included: 0,
      windowEnd: '2025-07-02',
      reoffended: 0,
      time: -1,
      libertyDays: -1,
    });
  });

  it('counts people with no charges, and ignores offences before the index', () => {
    // window [2023-05-01, 2024-04-30]: 366 days (it holds 29 Feb 2024)
    expect(r.person('no_charges')).toMatchObject({ included: 1, reoffended: 0, time: 366, libertyDays: 366 });
    expect(r.person('before_index')).toMatchObject({ included: 1, reoffended: 0 });
  });

  it('sums the row: 9 counted, 1 not mature, 3 reoffenders', () => {
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ group: null, n: 9, not_mature: 1, no_index: 0, reoffenders: 3, reoffences: 3 });
    expect(r.rows[0].rate).toBeCloseTo(3 / 9, 15);
    expect(r.diagnostics.notMature).toBe(1);
  });
});

describe('de-duplication and missing offence dates', () => {
  // start 2023-01-01: window [2023-01-01, 2023-12-31], waiting ends 2024-06-30; as-of 2025-12-31
  const people: LiteralPerson[] = [
    { id: 'dups', start: '2023-01-01' },
    { id: 'standin', start: '2023-01-01' },
  ];
  const charges: LiteralCharge[] = [
    // offence 2023-03-01 code X charged twice (different charge dates): one reoffence
    { id: 'dups', charge: '2023-03-05', offence: '2023-03-01', code: 'X' },
    { id: 'dups', charge: '2023-04-01', offence: '2023-03-01', code: 'X' },
    // same day, other code: a second reoffence
    { id: 'dups', charge: '2023-03-05', offence: '2023-03-01', code: 'Y' },
    // two code-less charges for 2023-05-01: the missing code is one value, so one reoffence
    { id: 'dups', charge: '2023-05-01', offence: '2023-05-01' },
    { id: 'dups', charge: '2023-05-02', offence: '2023-05-01' },
    // no offence date: charge date 2023-05-01 stands in, in the window
    { id: 'standin', charge: '2023-05-01' },
    // stands in at 2022-12-01: before the index, considered but not in the window
    { id: 'standin', charge: '2022-12-01' },
    // stands in at 2024-01-05: after the window end, charged within the waiting period (considered)
    { id: 'standin', charge: '2024-01-05' },
    // charged after the waiting period (2024-06-30): never considered
    { id: 'standin', charge: '2024-07-01' },
  ];
  const r = run('2025-12-31', people, charges);

  it('counts the same person, offence date and code once', () => {
    // 5 reoffence charges -> 3 distinct (X@03-01, Y@03-01, none@05-01); 2 dropped
    expect(r.person('dups')).toMatchObject({ reoffended: 1, reoffences: 3, first: '2023-03-01' });
    // 2023-03-01 - 2023-01-01 = 59 days (31 + 28), + 1
    expect(r.person('dups').time).toBe(60);
    expect(r.diagnostics.duplicateReoffences).toBe(2);
  });

  it('lets the charge date stand in for a missing offence date, and counts it', () => {
    // 2023-05-01 - 2023-01-01 = 31 + 28 + 31 + 30 = 120 days, + 1
    expect(r.person('standin')).toMatchObject({ reoffended: 1, reoffences: 1, first: '2023-05-01', time: 121 });
    // considered: charges of counted people charged by their waiting end: dups 5 + standin 3
    expect(r.diagnostics.chargesConsidered).toBe(8);
    expect(r.diagnostics.chargeDateStoodIn).toBe(3);
    expect(r.diagnostics.chargeDateStoodInInWindow).toBe(1);
  });

  it('reports reoffences per person and per reoffender', () => {
    const row = r.rows[0];
    expect(row).toMatchObject({ n: 2, reoffenders: 2, reoffences: 4, per_person: 2, per_reoffender: 2 });
  });
});

describe('release index', () => {
  // as-of 2025-12-31; everyone starts 2023-01-10
  const people: LiteralPerson[] = [
    { id: 'in_at_start', start: '2023-01-10' },
    { id: 'free_at_start', start: '2023-01-10' },
    { id: 'custody_before', start: '2023-01-10' },
    { id: 'never_released', start: '2023-01-10' },
    { id: 'released_on_asof', start: '2023-01-10' },
    { id: 'one_day_remand', start: '2023-01-10' },
  ];
  const custody: LiteralCustody[] = [
    // two adjacent episodes merge into [2022-12-01, 2023-02-10]: released 2023-02-11
    { id: 'in_at_start', start: '2022-12-01', end: '2023-01-20' },
    { id: 'in_at_start', start: '2023-01-21', end: '2023-02-10' },
    { id: 'free_at_start', start: '2023-03-01', end: '2023-03-31' },
    { id: 'custody_before', start: '2022-01-01', end: '2023-01-09' }, // ends the day before the start
    { id: 'never_released', start: '2023-01-01' }, // open at as-of
    { id: 'released_on_asof', start: '2023-01-01', end: '2025-12-31' }, // release day would be after as-of
    { id: 'one_day_remand', start: '2023-01-10', end: '2023-01-10' },
  ];
  const charges: LiteralCharge[] = [
    { id: 'in_at_start', charge: '2023-01-16', offence: '2023-01-15' }, // in custody, before release
    { id: 'in_at_start', charge: '2023-02-12', offence: '2023-02-11' }, // on the release day
  ];

  it('starts the day after the merged episode ends', () => {
    const r = run('2025-12-31', people, charges, custody, { index: 'release' });
    // index 2023-02-11: window [2023-02-11, 2024-02-10]; only the release-day offence counts, time 1
    expect(r.person('in_at_start')).toMatchObject({ index: '2023-02-11', windowEnd: '2024-02-10', reoffences: 1, time: 1 });
    expect(r.person('free_at_start')).toMatchObject({ index: '2023-01-10', windowEnd: '2024-01-09' });
    expect(r.person('custody_before').index).toBe('2023-01-10');
    expect(r.person('one_day_remand').index).toBe('2023-01-11');
  });

  it('gives no index to people not released by as-of, counted as not mature', () => {
    const r = run('2025-12-31', people, charges, custody, { index: 'release' });
    for (const id of ['never_released', 'released_on_asof']) {
      expect(r.person(id)).toMatchObject({ status: FOLLOWUP_STATUS.NO_INDEX, included: 0, index: 'none', windowEnd: 'none' });
    }
    expect(r.diagnostics.noIndex).toBe(2);
    expect(r.rows[0]).toMatchObject({ n: 4, not_mature: 2, no_index: 2 });
  });

  it('with the start index, counts the offence in custody and everyone', () => {
    const r = run('2025-12-31', people, charges, custody, { index: 'start' });
    // index 2023-01-10: both offences in the window; first 2023-01-15, time 6
    expect(r.person('in_at_start')).toMatchObject({ index: '2023-01-10', reoffences: 2, time: 6 });
    // window [2023-01-10, 2024-01-09] in custody throughout: counted with 0 liberty days
    expect(r.person('released_on_asof')).toMatchObject({ included: 1, libertyDays: 0 });
    expect(r.rows[0]).toMatchObject({ n: 6, not_mature: 0, no_index: 0 });
  });
});

describe('liberty clock', () => {
  // as-of 2026-01-01; start 2023-01-01; 12 months = 365 calendar days (2023 is not a leap year)
  const people: LiteralPerson[] = [
    { id: 'multi', start: '2023-01-01' },
    { id: 'open_custody', start: '2023-01-01' },
    { id: 'time_zero', start: '2023-01-01' },
    { id: 'custody_after', start: '2023-01-01' },
  ];
  const custody: LiteralCustody[] = [
    // multi: 10 + 30 (two overlapping raw episodes, 1-20 and 15-30 June) + 5 custody days
    { id: 'multi', start: '2023-03-01', end: '2023-03-10' },
    { id: 'multi', start: '2023-06-01', end: '2023-06-20' },
    { id: 'multi', start: '2023-06-15', end: '2023-06-30' },
    { id: 'multi', start: '2023-12-31', end: '2024-01-04' },
    { id: 'open_custody', start: '2023-06-01' },
    { id: 'time_zero', start: '2022-12-01', end: '2023-01-10' },
    // starts the day after the 365th liberty day: the window ends before it, not at its end
    { id: 'custody_after', start: '2024-01-01', end: '2024-01-31' },
  ];
  const charges: LiteralCharge[] = [
    { id: 'multi', charge: '2023-03-20', offence: '2023-03-05' }, // committed in custody
    { id: 'multi', charge: '2024-03-01', offence: '2024-02-14' }, // last day of the liberty window
    { id: 'multi', charge: '2024-03-01', offence: '2024-02-15' }, // day after
    { id: 'time_zero', charge: '2023-01-20', offence: '2023-01-05' }, // in custody, before any liberty day
    { id: 'custody_after', charge: '2024-01-02', offence: '2024-01-01' }, // first custody day after the window
  ];

  it('extends the window across custody that began before the first offence only', () => {
    const r = run('2026-01-01', people, charges, custody, { clock: 'liberty' });
    // First offence 5 March (inside the 1-10 March episode, which began before it, so it extends
    // the window). The June and 31 Dec - 4 Jan episodes begin after it and do not: they would
    // have stretched the window only because of what followed the offence (outcome-dependent).
    // Walk: 1 Jan -> 28 Feb = 59 liberty days (306 left); custody 1-10 Mar; 306 more from 11 Mar:
    // 11 Mar 2023 + 305 = 10 Jan 2024. [2023-01-01, 2024-01-10] is 375 days; custody in it
    // 10 + 30 + 5 = 45, so 330 liberty days. The offence of 14 Feb 2024 is now outside.
    expect(r.person('multi')).toMatchObject({ windowEnd: '2024-01-10', reoffences: 1, libertyDays: 330, first: '2023-03-05' });
    // offence in custody on 5 March counts; time = liberty days in [1 Jan, 5 Mar] = 59
    expect(r.person('multi').time).toBe(59);
  });

  it('maturity does not wait for custody that follows a reoffence', () => {
    // Offence on 1 Feb 2023, then 18 months in custody from 10 Feb 2023 (open at as-of
    // 2024-09-30). Stretching the window by that custody would leave the person never mature
    // (open custody); the window is instead [2023-01-01, 2023-12-31], mature on 2024-06-30.
    const r = run(
      '2024-09-30',
      [{ id: 'r', start: '2023-01-01' }, { id: 'n', start: '2023-01-01' }],
      [{ id: 'r', charge: '2023-02-05', offence: '2023-02-01' }],
      [{ id: 'r', start: '2023-02-10' }, { id: 'n', start: '2023-02-10' }],
      { clock: 'liberty' },
    );
    expect(r.person('r')).toMatchObject({ status: FOLLOWUP_STATUS.COUNTED, windowEnd: '2023-12-31', reoffended: 1, time: 32 });
    // the same custody without an offence before it does extend the window: open at as-of
    expect(r.person('n')).toMatchObject({ status: FOLLOWUP_STATUS.OPEN_CUSTODY, included: 0 });
  });

  it('cannot complete a window while custody is open at as-of', () => {
    const r = run('2026-01-01', people, charges, custody, { clock: 'liberty' });
    expect(r.person('open_custody')).toMatchObject({ status: FOLLOWUP_STATUS.OPEN_CUSTODY, included: 0, windowEnd: 'open' });
    expect(r.diagnostics.openCustody).toBe(1);
    expect(r.rows[0]).toMatchObject({ n: 3, not_mature: 1 });
  });

  it('ends on the last liberty day when custody starts the next day', () => {
    const r = run('2026-01-01', people, charges, custody, { clock: 'liberty' });
    // 2023-01-01..2023-12-31 holds the 365 liberty days; custody from 2024-01-01 does not extend it
    expect(r.person('custody_after')).toMatchObject({ windowEnd: '2023-12-31', reoffended: 0, time: 365, libertyDays: 365 });
  });

  it('gives time 0 to an offence in custody before any liberty day', () => {
    const r = run('2026-01-01', people, charges, custody, { clock: 'liberty' });
    // custody to 10 Jan, so the window is [2023-01-01, 2023-01-11 + 364 = 2024-01-10]
    expect(r.person('time_zero')).toMatchObject({ windowEnd: '2024-01-10', reoffended: 1, time: 0, libertyDays: 365 });
    expect(r.diagnostics.timeZeroEvents).toBe(1);
  });

  it('on the calendar clock the same people have fixed windows and fewer liberty days', () => {
    const r = run('2026-01-01', people, charges, custody, { clock: 'calendar' });
    // window [2023-01-01, 2023-12-31]: custody 10 + 30 + 1 (31 Dec) = 41 -> 324 liberty days
    expect(r.person('multi')).toMatchObject({ windowEnd: '2023-12-31', reoffences: 1, time: 64, libertyDays: 324 });
    // custody from 1 June to the end: 214 days -> 151 liberty days
    expect(r.person('open_custody')).toMatchObject({ included: 1, libertyDays: 151 });
    expect(r.person('time_zero')).toMatchObject({ time: 5, libertyDays: 355 });
    expect(r.rows[0].liberty_days).toBe(324 + 151 + 355 + 365);
  });
});

describe('rows per group, statistics and degenerate groups', () => {
  // as-of 2025-12-31; start 2023-01-01: window [2023-01-01, 2023-12-31], 365 days, no custody
  const people: LiteralPerson[] = [
    { id: 'a1', start: '2023-01-01', group: 'A' },
    { id: 'a2', start: '2023-01-01', group: 'A' },
    { id: 'a3', start: '2023-01-01', group: 'A' },
    { id: 'b1', start: '2023-01-01', group: 'B' },
    { id: 'b2', start: '2023-01-01', group: 'B' },
    { id: 'c1', start: '2025-06-01', group: 'C' }, // not mature: group C has n = 0
    { id: 'u1', start: '2023-01-01' }, // no group value
  ];
  const charges: LiteralCharge[] = [
    { id: 'a1', charge: '2023-01-11', offence: '2023-01-10' }, // time 10
    { id: 'a1', charge: '2023-05-06', offence: '2023-05-05' },
    { id: 'a2', charge: '2023-01-21', offence: '2023-01-20' }, // time 20
    { id: 'u1', charge: '2023-02-02', offence: '2023-02-01' }, // time 32
  ];
  const r = run('2025-12-31', people, charges);
  const row = (g: string | null) => r.rows.find((x) => x.group === g)!;

  it('has one row per group, then the people without a group value', () => {
    expect(r.rows.map((x) => x.group)).toEqual(['A', 'B', 'C', '(blank)']);
  });

  it('group A: rate 2/3 with the Wilson interval, median 20', () => {
    // R: prop.test(2, 3, correct = FALSE)$conf.int -> 0.207659600802048 0.938508055279604
    // R: survfit(Surv(c(10, 20, 365), c(1, 1, 0)) ~ 1, conf.type = "log-log") -> median 20, LCL 10, UCL NA
    const a = row('A');
    expect(a).toMatchObject({ n: 3, not_mature: 0, reoffenders: 2, reoffences: 3, per_person: 1, per_reoffender: 1.5 });
    expect(a.rate).toBeCloseTo(2 / 3, 15);
    expect(a.ci_low).toBeCloseTo(0.207659600802048, 12);
    expect(a.ci_high).toBeCloseTo(0.938508055279604, 12);
    expect(a.rate_reason).toBeNull();
    expect(a).toMatchObject({ median_days_to_first: 20, median_ci_low: 10, median_ci_high: null, median_days_to_first_reason: null });
    expect(a.liberty_days).toBe(3 * 365);
  });

  it('group B: no reoffenders gives rate 0, null per-reoffender and median with reasons', () => {
    // R: prop.test(0, 2, correct = FALSE)$conf.int -> 0 0.657619772493347
    const b = row('B');
    expect(b).toMatchObject({ n: 2, reoffenders: 0, rate: 0, reoffences: 0, per_person: 0, per_reoffender: null });
    expect(b.ci_low).toBe(0);
    expect(b.ci_high).toBeCloseTo(0.657619772493347, 12);
    expect(b.per_reoffender_reason).toMatch(/no reoffenders/);
    expect(b.median_days_to_first).toBeNull();
    expect(b.median_days_to_first_reason).toMatch(/no reoffences/);
  });

  it('group C: n = 0 gives nulls with reasons, never NaN', () => {
    const c = row('C');
    expect(c).toMatchObject({ n: 0, not_mature: 1, reoffenders: 0, reoffences: 0, liberty_days: 0 });
    expect(c).toMatchObject({ survival_n: 1, survival_events: 0 });
    expect(c.median_days_to_first_reason).toMatch(/no reoffences/);
    for (const k of ['rate', 'ci_low', 'ci_high', 'per_person', 'per_reoffender', 'median_days_to_first'] as const) {
      expect(c[k]).toBeNull();
    }
    expect(c.rate_reason).toMatch(/n = 0/);
    expect(c.per_person_reason).toMatch(/n = 0/);
    expect(JSON.stringify(r.rows)).not.toMatch(/NaN/);
  });

  it('without byGroup, one row over everyone with group null', () => {
    const all = followup(datasetFromLiterals({ asOf: '2025-12-31', people, charges }), { byGroup: false }).rows;
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ group: null, n: 6, not_mature: 1, reoffenders: 3, reoffences: 4 });
  });

  it('an empty cohort gives one null row with reasons', () => {
    const res = followup(datasetFromLiterals({ asOf: '2025-12-31', people: [] }));
    expect(res.rows).toEqual([
      expect.objectContaining({ group: null, n: 0, rate: null, median_days_to_first: null, rate_reason: expect.any(String) }),
    ]);
  });

  it('the curve has one Kaplan-Meier row per group and time', () => {
    const curve = followupCurve(r.persons, { byGroup: true });
    const a = curve.filter((x) => x.group === 'A');
    // times 10 (event), 20 (event), 365 (censored): S = 2/3, 1/3, 1/3
    expect(a.map((x) => [x.time, x.n_risk, x.n_event, x.n_censor])).toEqual([
      [10, 3, 1, 0],
      [20, 2, 1, 0],
      [365, 1, 0, 1],
    ]);
    expect(a[1].survival).toBeCloseTo(1 / 3, 15);
    // c1 (not mature for the rate) is in the curve: censored at the horizon 2025-06-30 (as-of
    // minus 6 months), 30 days after the index
    expect(curve.filter((x) => x.group === 'C').map((x) => [x.time, x.n_risk, x.n_event, x.n_censor])).toEqual([[30, 1, 0, 1]]);
  });
});

describe('options', () => {
  it('defaults to start index, 12m window, 6m waiting, calendar clock, Wilson at 95%', () => {
    expect(resolveFollowupOptions({})).toMatchObject({
      index: 'start',
      followUpText: '12m',
      waitingText: '6m',
      clock: 'calendar',
      level: 0.95,
      ciMethod: 'wilson',
      byGroup: true,
    });
  });

  it('accepts day durations: 90d window, 0d waiting', () => {
    // start 2023-01-01 + 90 days - 1 = 2023-03-31; waiting 0: mature when 2023-03-31 <= as-of
    const ds = datasetFromLiterals({ asOf: '2023-03-31', people: [{ id: 'x', start: '2023-01-01' }] });
    const { persons } = followupPersons(ds, { followUp: '90d', waiting: '0d' });
    expect(formatDay(persons.windowEnd[0])).toBe('2023-03-31');
    expect(persons.included[0]).toBe(1);
    expect(day('2023-03-31')).toBe(persons.windowEnd[0]);
  });

  it('rejects bad values with a RangeError naming them', () => {
    expect(() => resolveFollowupOptions({ followUp: '12x' })).toThrow(/follow-up.*12x/);
    expect(() => resolveFollowupOptions({ followUp: '0m' })).toThrow(RangeError);
    expect(() => resolveFollowupOptions({ waiting: 'six months' })).toThrow(/waiting/);
    expect(() => resolveFollowupOptions({ clock: 'street' as never })).toThrow(/clock/);
    expect(() => resolveFollowupOptions({ index: 'end' as never })).toThrow(/index/);
    expect(() => resolveFollowupOptions({ level: 1 })).toThrow(/level/);
    expect(() => resolveFollowupOptions({ ciMethod: 'exact' as never })).toThrow(/ciMethod/);
  });
});

describe('gaps clock, index-day charges and survival over everyone', () => {
  // as-of 2026-01-01: the observation horizon is 2025-07-01 (2025-07-01 + 6 months = as-of).
  const people: LiteralPerson[] = [
    { id: 'gaps', start: '2023-01-01' },
    { id: 'recent', start: '2025-05-01' },
    { id: 'index_day', start: '2023-01-01' },
  ];
  const custody: LiteralCustody[] = [
    { id: 'gaps', start: '2022-12-20', end: '2023-01-10' }, // in custody at the index
    { id: 'gaps', start: '2023-03-01', end: '2023-03-10' }, // a gap
    { id: 'gaps', start: '2023-06-01', end: '2023-08-01' }, // arrested on the offence day
  ];
  const charges: LiteralCharge[] = [
    { id: 'gaps', charge: '2023-06-02', offence: '2023-06-01' },
    { id: 'index_day', charge: '2023-01-05', offence: '2023-01-01' }, // the index offence
    { id: 'index_day', charge: '2023-02-03', offence: '2023-02-01' },
  ];
  const rows = (r: ReturnType<typeof run>, id: string) => {
    const p = people.findIndex((x) => x.id === id);
    const s = r.persons.survival;
    const out: number[][] = [];
    for (let i = s.offsets[p]; i < s.offsets[p + 1]; i++) out.push([s.entry[i], s.stop[i], s.event[i]]);
    return out;
  };

  it('enters the risk set on release, leaves a gap for custody, and dates an offence on the first custody day at the last liberty day', () => {
    const r = run('2026-01-01', people, charges, custody, { clock: 'gaps' });
    // release 10 Jan: entry on 11 Jan = time 10 (day d is time d - index + 1, so (10, ...]);
    // liberty to 28 Feb = time 59; custody 1-10 Mar; liberty from 11 Mar (time 70, entry 69);
    // the offence on 1 June, the first day of custody, ends the stretch at 31 May = time 151.
    expect(rows(r, 'gaps')).toEqual([
      [10, 59, 0],
      [69, 151, 1],
    ]);
    // the binary rate keeps the calendar window and counts the offence
    expect(r.person('gaps')).toMatchObject({ reoffended: 1, time: 152 });
  });

  it('censors people who are not mature at the horizon (as-of minus the waiting period)', () => {
    const r = run('2026-01-01', people, charges, custody, { clock: 'gaps' });
    // index 2025-05-01, horizon 2025-07-01: 31 + 30 + 1 = 62 days observed, no event
    expect(r.person('recent')).toMatchObject({ status: FOLLOWUP_STATUS.NOT_MATURE, included: 0 });
    expect(rows(r, 'recent')).toEqual([[0, 62, 0]]);
    expect(r.rows[0]).toMatchObject({ n: 2, not_mature: 1, survival_n: 3, survival_events: 2 });
  });

  it('counts charges on the index day and leaves them out with excludeIndexDay', () => {
    const kept = run('2026-01-01', people, charges, custody);
    expect(kept.person('index_day')).toMatchObject({ reoffences: 2, first: '2023-01-01', time: 1 });
    expect(kept.rows[0].index_day_charges).toBe(1);
    expect(kept.diagnostics.indexDayCharges).toBe(1);
    const left = run('2026-01-01', people, charges, custody, { excludeIndexDay: true });
    expect(left.person('index_day')).toMatchObject({ reoffences: 1, first: '2023-02-01', time: 32 });
    // still counted and named, so the reader sees what was left out
    expect(left.rows[0].index_day_charges).toBe(1);
  });
});
