/**
 * Follow-up reoffending against an independent, naive day-by-day implementation on a seeded
 * random dataset (~300 people with overlapping, adjacent and open custody episodes, duplicate
 * and code-less charges, missing offence dates).
 *
 * The naive version shares nothing with the real one but the calendar primitives of io/dates.ts:
 * it builds a Set of custody days from the RAW (unmerged) episodes, walks day by day from the
 * index to find release days and liberty-window ends, and scans every raw charge with a string
 * key for de-duplication.
 */
import { describe, expect, it } from 'vitest';
import { addMonths, formatDay } from '../../src/core/days.js';
import { parseIsoOption } from '../../src/io/dates.js';
import { datasetFromLiterals, type LiteralCharge, type LiteralCustody, type LiteralPerson } from '../../src/model/build.js';
import { followup, type FollowupClock, type FollowupIndexMode } from '../../src/measures/followup.js';

/** mulberry32: a small seeded generator, so the dataset is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AS_OF = '2024-06-30';
const asOf = parseIsoOption(AS_OF, 'as-of');

interface RawPerson {
  id: string;
  start: number;
  group: string;
  custody: { s: number; e: number | null }[];
  charges: { cd: number; od: number | null; code: string }[];
}

function makeData(seed: number, nPeople: number): RawPerson[] {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const lo = parseIsoOption('2020-01-01', 'x');
  const hi = parseIsoOption('2024-06-15', 'x');
  const groups = ['A', 'B', 'C', ''];
  const out: RawPerson[] = [];
  for (let i = 0; i < nPeople; i++) {
    // a few fixed awkward starts: month ends and 29 February
    const start = r() < 0.1 ? parseIsoOption(['2020-02-29', '2021-01-31', '2022-08-31', '2023-03-31'][int(0, 3)], 'x') : int(lo, hi);
    const custody: RawPerson['custody'] = [];
    const nCust = r() < 0.4 ? 0 : int(1, 5);
    for (let k = 0; k < nCust; k++) {
      const s = start + int(-120, 700);
      const len = r() < 0.2 ? 0 : int(0, 200);
      const open = r() < 0.07;
      custody.push({ s, e: open ? null : s + len });
      // sometimes an overlapping or adjacent companion episode
      if (r() < 0.25) custody.push({ s: s + len + (r() < 0.5 ? 1 : -int(0, len)), e: s + len + int(1, 60) });
    }
    const charges: RawPerson['charges'] = [];
    const nCh = r() < 0.3 ? 0 : int(1, 8);
    for (let k = 0; k < nCh; k++) {
      const od = start + int(-60, 900);
      const cd = od + (r() < 0.8 ? int(0, 60) : int(61, 500));
      const code = r() < 0.15 ? '' : ['101', '102', '205', '300'][int(0, 3)];
      charges.push({ cd, od: r() < 0.1 ? null : od, code });
      // duplicates of one offence: same offence date and code, another charge date
      if (r() < 0.2) charges.push({ cd: cd + int(0, 30), od: r() < 0.1 ? null : od, code });
    }
    // the index offence: a charge dated on the start day (sometimes by its charge date alone)
    if (r() < 0.2) charges.push(r() < 0.3 ? { cd: start, od: null, code: '101' } : { cd: start + int(0, 30), od: start, code: '205' });
    out.push({ id: `P${String(i).padStart(4, '0')}`, start, group: groups[int(0, 3)], custody, charges });
  }
  return out;
}

function toDataset(data: RawPerson[]) {
  const people: LiteralPerson[] = data.map((p) => (p.group ? { id: p.id, start: formatDay(p.start), group: p.group } : { id: p.id, start: formatDay(p.start) }));
  const custody: LiteralCustody[] = data.flatMap((p) =>
    p.custody.map((c) => (c.e === null ? { id: p.id, start: formatDay(c.s) } : { id: p.id, start: formatDay(c.s), end: formatDay(c.e) })),
  );
  const charges: LiteralCharge[] = data.flatMap((p) =>
    p.charges.map((c) => ({ id: p.id, charge: formatDay(c.cd), ...(c.od === null ? {} : { offence: formatDay(c.od) }), ...(c.code ? { code: c.code } : {}) })),
  );
  return datasetFromLiterals({ asOf: AS_OF, people, charges, custody });
}

type Dur = { months: number } | { days: number };
const plus = (d: number, dur: Dur) => ('months' in dur ? addMonths(d, dur.months) : d + dur.days);

interface Tally {
  n: number;
  not_mature: number;
  reoffenders: number;
  reoffences: number;
  liberty_days: number;
}

/** The naive measure, day by day. */
function naive(data: RawPerson[], index: FollowupIndexMode, clock: FollowupClock, followUp: Dur, waiting: Dur, excludeIndexDay = false) {
  const tally = new Map<string, Tally>();
  /** time to first reoffence (clock days in [index, first]) or the censoring time, by person id */
  const times = new Map<string, number>();
  /** survival rows [entry, stop, event] of everyone with an index, by person id */
  const surv = new Map<string, number[][]>();
  // the observation horizon: the latest day d with d + waiting <= as-of
  let horizon = asOf;
  while (plus(horizon, waiting) > asOf) horizon--;
  for (const p of data) {
    const t = tally.get(p.group || '(blank)') ?? { n: 0, not_mature: 0, reoffenders: 0, reoffences: 0, liberty_days: 0 };
    tally.set(p.group || '(blank)', t);
    // custody days from raw episodes; an open end (or anything after as-of) stops at as-of
    const inCustody = new Set<number>();
    for (const c of p.custody) {
      const e = c.e === null ? asOf : Math.min(c.e, asOf);
      for (let d = c.s; d <= e; d++) inCustody.add(d);
    }
    /** first day of the custody run holding day d */
    const runStart = (d: number) => {
      while (inCustody.has(d - 1)) d--;
      return d;
    };
    let idx = p.start;
    if (index === 'release') {
      while (inCustody.has(idx)) idx++;
      if (idx > asOf && inCustody.has(p.start)) {
        t.not_mature++; // never released by as-of
        continue;
      }
    }
    const offence = (c: RawPerson['charges'][number]) => c.od ?? c.cd;
    const counts = (od: number) => !(excludeIndexDay && od === idx);
    const calEnd = plus(idx, followUp) - 1;
    const L = calEnd - idx + 1;
    /** the liberty window: custody runs that begin on or after `cutoff` count as liberty */
    const libertyEnd = (cutoff: number) => {
      let free = 0;
      let d = idx;
      for (; ; d++) {
        if (!inCustody.has(d) || runStart(d) >= cutoff) free++;
        if (free === L) break;
      }
      return d;
    };
    let end = calEnd;
    if (clock === 'liberty') {
      end = libertyEnd(Infinity);
      const firstAny = Math.min(...p.charges.filter((c) => c.cd <= asOf && offence(c) >= idx && counts(offence(c))).map(offence));
      if (firstAny <= end) end = libertyEnd(firstAny);
    }
    const waitEnd = plus(end, waiting);
    const deadline = Math.min(waitEnd, asOf);
    const inWindow = p.charges.filter((c) => offence(c) >= idx && offence(c) <= end && c.cd <= deadline && counts(offence(c)));
    // survival: everyone with an index, censored at the earlier of the window end and the horizon
    const cut = Math.min(end, horizon);
    const first = Math.min(...inWindow.map(offence));
    const f = first <= cut ? first : Infinity;
    const free = (a: number, b: number) => {
      let n = 0;
      for (let d = a; d <= b; d++) if (!inCustody.has(d)) n++;
      return n;
    };
    const rows: number[][] = [];
    if (clock === 'gaps') {
      let a0 = idx;
      while (inCustody.has(a0)) a0++;
      const fg = Math.min(...inWindow.map(offence).filter((od) => od >= a0 && od <= cut));
      let runFrom = -1;
      for (let d = a0; d <= cut; d++) {
        const lib = !inCustody.has(d);
        if (lib && runFrom < 0) runFrom = d;
        if (d === fg && lib) {
          rows.push([runFrom - idx, d - idx + 1, 1]);
          break;
        }
        if (d === fg) {
          // in custody: the event closes the stretch before this custody run
          if (runFrom >= 0) rows.push([runFrom - idx, d - idx, 1]);
          else rows[rows.length - 1][2] = 1;
          break;
        }
        if (!lib && runFrom >= 0) {
          rows.push([runFrom - idx, d - idx, 0]);
          runFrom = -1;
        }
        if (d === cut && runFrom >= 0) rows.push([runFrom - idx, d - idx + 1, 0]);
      }
    } else if (cut >= idx) {
      const stopDay = f === Infinity ? cut : f;
      rows.push([0, clock === 'liberty' ? free(idx, stopDay) : stopDay - idx + 1, f === Infinity ? 0 : 1]);
    }
    if (rows.length > 0) surv.set(p.id, rows);

    if (waitEnd > asOf) {
      t.not_mature++;
      continue;
    }
    t.n++;
    const seen = new Set<string>();
    for (const c of inWindow) seen.add(`${offence(c)}|${c.code}`);
    if (seen.size > 0) t.reoffenders++;
    let time = clock === 'liberty' ? free(idx, end) : L;
    if (seen.size > 0) time = clock === 'liberty' ? free(idx, first) : first - idx + 1;
    times.set(p.id, time);
    t.reoffences += seen.size;
    t.liberty_days += free(idx, end);
  }
  return { tally, times, surv };
}

describe('follow-up matches a naive day-by-day implementation (300 seeded people)', () => {
  const data = makeData(20240630, 300);
  const ds = toDataset(data);
  const settings: { followUp: string; waiting: string; f: Dur; w: Dur }[] = [
    { followUp: '12m', waiting: '6m', f: { months: 12 }, w: { months: 6 } },
    { followUp: '90d', waiting: '0d', f: { days: 90 }, w: { days: 0 } },
    { followUp: '24m', waiting: '3m', f: { months: 24 }, w: { months: 3 } },
  ];
  for (const s of settings) {
    for (const index of ['start', 'release'] as const) {
      for (const clock of ['calendar', 'liberty', 'gaps'] as const) {
       for (const excludeIndexDay of [false, true]) {
        it(`index ${index}, clock ${clock}, follow-up ${s.followUp}, waiting ${s.waiting}${excludeIndexDay ? ', index day excluded' : ''}`, () => {
          const res = followup(ds, { index, clock, followUp: s.followUp, waiting: s.waiting, excludeIndexDay });
          const { tally: want, times, surv } = naive(data, index, clock, s.f, s.w, excludeIndexDay);
          const got = new Map(res.rows.map((r) => [r.group ?? '(blank)', r]));
          expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
          for (const [g, w] of want) {
            const r = got.get(g)!;
            expect({ group: g, n: r.n, not_mature: r.not_mature, reoffenders: r.reoffenders, reoffences: r.reoffences, liberty_days: r.liberty_days }).toEqual({
              group: g,
              ...w,
            });
          }
          // per person: time to first reoffence / censoring time on the chosen clock
          const gotTimes = new Map<string, number>();
          for (let p = 0; p < ds.people.n; p++) if (res.persons.included[p]) gotTimes.set(ds.people.id(p), res.persons.time[p]);
          expect(gotTimes).toEqual(times);
          // survival rows of everyone with an index
          const sv = res.persons.survival;
          const gotSurv = new Map<string, number[][]>();
          for (let p = 0; p < ds.people.n; p++) {
            const rows: number[][] = [];
            for (let i = sv.offsets[p]; i < sv.offsets[p + 1]; i++) rows.push([sv.entry[i], sv.stop[i], sv.event[i]]);
            if (rows.length > 0) gotSurv.set(ds.people.id(p), rows);
          }
          expect(gotSurv).toEqual(surv);
          // the data must exercise the cases it is meant to
          const total = [...want.values()].reduce((a, w) => a + w.n, 0);
          expect(total).toBeGreaterThan(50);
          expect([...want.values()].reduce((a, w) => a + w.not_mature, 0)).toBeGreaterThan(0);
          expect([...want.values()].reduce((a, w) => a + w.reoffenders, 0)).toBeGreaterThan(10);
        });
       }
      }
    }
  }

  it('the dataset holds the awkward cases (no index, open custody, stand-ins, duplicates)', () => {
    const rel = followup(ds, { index: 'release', clock: 'liberty' });
    expect(rel.diagnostics.noIndex).toBeGreaterThan(0);
    expect(rel.diagnostics.openCustody).toBeGreaterThan(0);
    expect(rel.diagnostics.chargeDateStoodInInWindow).toBeGreaterThan(0);
    expect(rel.diagnostics.duplicateReoffences).toBeGreaterThan(0);
    const start = followup(ds, { clock: 'gaps' });
    expect(start.diagnostics.indexDayCharges).toBeGreaterThan(0);
    expect(start.diagnostics.beforeEntry).toBeGreaterThan(0);
    expect(start.diagnostics.noSurvivalFollowUp).toBeGreaterThan(0);
    // counted people whose liberty window was cut short by custody after their first offence
    const lib = followup(ds, { clock: 'liberty' });
    let cut = 0;
    for (let p = 0; p < ds.people.n; p++) if (lib.persons.included[p] === 1 && lib.persons.libertyDays[p] < 365) cut++;
    expect(cut).toBeGreaterThan(0);
  });
});
