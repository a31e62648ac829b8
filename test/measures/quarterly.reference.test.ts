/**
 * quarterly() against an independent, deliberately naive reference: for every quarter, every
 * person and every day, look the day up in a Set of custody days built from the RAW episodes
 * (unmerged, overlapping, adjacent, open), and count. No code from src/ is used for the
 * reference's dates (quarters and ISO strings come from `Date.UTC`), so a shared bug in day
 * arithmetic cannot hide.
 *
 * The data: ~300 people from a seeded generator, with overlapping, adjacent and open custody,
 * charges on custody edges, missing offence dates, charges after as-of, cohort ends, and
 * cohort starts after as-of.
 */
import { describe, expect, it } from 'vitest';
import { datasetFromLiterals, type LiteralCharge, type LiteralCustody, type LiteralPerson } from '../../src/model/build.js';
import { computeQuarterly } from '../../src/measures/quarterly.js';
import type { CustodyMode, EventBasis } from '../../src/measures/quarterly-options.js';
import { kaplanMeier, survivalAt } from '../../src/stats/kaplan-meier.js';

const DAY = 86400000;
const toDay = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / DAY;
const iso = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

/** mulberry32: a small seeded PRNG. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RawPerson {
  id: string;
  start: number;
  end: number | null;
  group: string | null;
}
interface RawCharge {
  id: string;
  charge: number;
  offence: number | null;
}
interface RawCustody {
  id: string;
  start: number;
  end: number | null;
}

const T0 = toDay(2021, 1, 1);
const AS_OF = toDay(2024, 5, 20);

function generate(seed: number, n: number) {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const people: RawPerson[] = [];
  const charges: RawCharge[] = [];
  const custody: RawCustody[] = [];
  for (let i = 0; i < n; i++) {
    const id = `P${String(i).padStart(4, '0')}`;
    const start = r() < 0.02 ? AS_OF + int(1, 40) : T0 + int(0, 1000);
    const end = r() < 0.35 ? start + int(-2, 700) : null; // a few end before they start
    people.push({ id, start, end, group: r() < 0.1 ? null : r() < 0.5 ? 'north' : 'south' });
    // custody: a random walk of episodes, some adjacent, some overlapping, maybe an open one
    let t = T0 + int(-200, 600);
    const nEp = int(0, 5);
    const eps: RawCustody[] = [];
    for (let k = 0; k < nEp; k++) {
      const len = r() < 0.2 ? 0 : int(0, 150);
      const open = k === nEp - 1 && r() < 0.25;
      eps.push({ id, start: t, end: open ? null : t + len });
      const gap = r();
      t = gap < 0.2 ? t + len + 1 /* adjacent */ : gap < 0.4 ? t + int(0, len) /* overlapping */ : t + len + int(2, 300);
    }
    custody.push(...eps);
    // charges, some on episode edges, some without an offence date, some after as-of
    const nCh = int(0, 12);
    for (let k = 0; k < nCh; k++) {
      let c: number;
      const u = r();
      if (u < 0.15 && eps.length > 0) c = eps[int(0, eps.length - 1)].start;
      else if (u < 0.3 && eps.length > 0) c = eps[int(0, eps.length - 1)].end ?? AS_OF;
      else if (u < 0.35) c = AS_OF + int(0, 60);
      else c = start + int(-100, 1100);
      const offence = r() < 0.12 ? null : c - (r() < 0.5 ? 0 : int(0, 200));
      charges.push({ id, charge: c, offence });
    }
  }
  return { people, charges, custody };
}

interface Quarter {
  label: string;
  qs: number;
  qe: number;
}

function quartersBetween(fromDay: number, toQ: { y: number; q: number }): Quarter[] {
  const d = new Date(fromDay * DAY);
  let y = d.getUTCFullYear();
  let q = Math.floor(d.getUTCMonth() / 3) + 1;
  const out: Quarter[] = [];
  while (y < toQ.y || (y === toQ.y && q <= toQ.q)) {
    const qs = toDay(y, (q - 1) * 3 + 1, 1);
    const qe = (q === 4 ? toDay(y + 1, 1, 1) : toDay(y, q * 3 + 1, 1)) - 1;
    out.push({ label: `${y}Q${q}`, qs, qe });
    if (++q === 5) {
      q = 1;
      y++;
    }
  }
  return out;
}

interface RefCounts {
  quarter: string;
  group: string | null;
  eligible: number;
  in_custody_whole_quarter: number;
  charged: number;
  at_risk: number;
  charged_at_risk: number;
  liberty_days: number;
  charges: number;
}

/**
 * Charges by person, exact duplicate rows kept once: the model drops rows equal in every
 * column (model/build.ts), so the reference does too.
 */
function chargesByPerson(charges: RawCharge[]): Map<string, RawCharge[]> {
  const seen = new Set<string>();
  const out = new Map<string, RawCharge[]>();
  for (const c of charges) {
    const key = `${c.id}|${c.charge}|${c.offence}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!out.has(c.id)) out.set(c.id, []);
    out.get(c.id)!.push(c);
  }
  return out;
}

/** The naive reference: day by day, Set of raw custody days. */
function reference(
  data: ReturnType<typeof generate>,
  quarters: Quarter[],
  basis: EventBasis,
  mode: CustodyMode,
  minLiberty: number,
  byGroup: boolean,
): RefCounts[] {
  const custodyDays = new Map<string, Set<number>>();
  for (const e of data.custody) {
    let set = custodyDays.get(e.id);
    if (!set) custodyDays.set(e.id, (set = new Set()));
    const last = Math.min(e.end ?? AS_OF, AS_OF);
    for (let d = e.start; d <= last; d++) set.add(d);
  }
  const chargesOf = chargesByPerson(data.charges);
  const groups: (string | null)[] = byGroup
    ? [...[...new Set(data.people.map((p) => p.group).filter((g): g is string => g !== null))].sort(), ...(data.people.some((p) => p.group === null) ? [null] : [])]
    : [null];
  const out: RefCounts[] = [];
  for (const q of quarters) {
    for (const g of groups) {
      const row: RefCounts = { quarter: q.label, group: g, eligible: 0, in_custody_whole_quarter: 0, charged: 0, at_risk: 0, charged_at_risk: 0, liberty_days: 0, charges: 0 };
      for (const p of data.people) {
        if (byGroup && p.group !== g) continue;
        const set = custodyDays.get(p.id) ?? new Set<number>();
        let windowDays = 0;
        let liberty = 0;
        const inWindow = (d: number) => d >= q.qs && d <= q.qe && d >= p.start && (p.end === null || d <= p.end) && d <= AS_OF;
        for (let d = q.qs; d <= q.qe; d++) {
          if (!inWindow(d)) continue;
          windowDays++;
          if (!set.has(d)) liberty++;
        }
        if (windowDays === 0) continue;
        let events = 0;
        for (const c of chargesOf.get(p.id) ?? []) {
          if (c.charge > AS_OF) continue;
          const d = basis === 'charge' ? c.charge : c.offence;
          if (d !== null && inWindow(d)) events++;
        }
        row.eligible++;
        if (liberty === 0) row.in_custody_whole_quarter++;
        if (events > 0) row.charged++;
        const atRisk = mode === 'none' || (mode === 'whole-quarter' ? liberty >= 1 : liberty >= minLiberty);
        if (atRisk) {
          row.at_risk++;
          if (events > 0) row.charged_at_risk++;
          row.liberty_days += liberty;
          row.charges += events;
        }
      }
      out.push(row);
    }
  }
  return out;
}

/** Naive cumulative KM input per quarter (everyone, no groups), fed to the stats module. */
function referenceCumulative(data: ReturnType<typeof generate>, quarters: Quarter[], basis: EventBasis) {
  const custodyDays = new Map<string, Set<number>>();
  for (const e of data.custody) {
    if (!custodyDays.has(e.id)) custodyDays.set(e.id, new Set());
    for (let d = e.start; d <= Math.min(e.end ?? AS_OF, AS_OF); d++) custodyDays.get(e.id)!.add(d);
  }
  const chargesOf = chargesByPerson(data.charges);
  return quarters.map((q) => {
    const time: number[] = [];
    const event: number[] = [];
    for (const p of data.people) {
      const cut = Math.min(q.qe, p.end ?? Infinity, AS_OF);
      if (p.start > cut) continue;
      const set = custodyDays.get(p.id) ?? new Set<number>();
      let clock = 0;
      let done = false;
      for (let d = p.start; d <= cut && !done; d++) {
        if (!set.has(d)) clock++;
        const hit = (chargesOf.get(p.id) ?? []).some((c) => c.charge <= AS_OF && (basis === 'charge' ? c.charge : c.offence) === d);
        if (hit) {
          time.push(clock);
          event.push(1);
          done = true;
        }
      }
      if (!done) {
        time.push(clock);
        event.push(0);
      }
    }
    const km = kaplanMeier(time, event);
    return km.table.length === 0 ? null : survivalAt(km, km.table[km.table.length - 1].time).estimate;
  });
}

const data = generate(20240520, 300);
const literals = {
  asOf: iso(AS_OF),
  people: data.people.map((p): LiteralPerson => ({ id: p.id, start: iso(p.start), ...(p.end === null ? {} : { end: iso(p.end) }), ...(p.group === null ? {} : { group: p.group }) })),
  charges: data.charges.map((c): LiteralCharge => ({ id: c.id, charge: iso(c.charge), ...(c.offence === null ? {} : { offence: iso(c.offence) }) })),
  custody: data.custody.map((c): LiteralCustody => ({ id: c.id, start: iso(c.start), ...(c.end === null ? {} : { end: iso(c.end) }) })),
};
const ds = datasetFromLiterals(literals);
const earliest = Math.min(...data.people.map((p) => p.start));
// as-of 20 May 2024: the last complete quarter is 2024Q1
const defaultQuarters = quartersBetween(earliest, { y: 2024, q: 1 });

describe('quarterly vs a naive day-by-day reference (300 seeded people)', () => {
  it('the generator produced the awkward cases', () => {
    const ids = new Set(data.custody.map((c) => c.id));
    expect(ids.size).toBeGreaterThan(100);
    expect(data.custody.some((c) => c.end === null)).toBe(true);
    expect(data.charges.some((c) => c.offence === null)).toBe(true);
    expect(data.charges.some((c) => c.charge > AS_OF)).toBe(true);
    expect(data.people.some((p) => p.start > AS_OF)).toBe(true);
    expect(defaultQuarters.length).toBeGreaterThanOrEqual(13);
  });

  for (const basis of ['charge', 'offence'] as const) {
    for (const mode of ['none', 'whole-quarter', 'min-liberty'] as const) {
      for (const byGroup of [false, true]) {
        it(`basis ${basis}, custody ${mode}${byGroup ? ', by group' : ''}`, () => {
          const res = computeQuarterly(ds, { basis, custody: mode, minLibertyDays: 45, byGroup });
          const got = res.rows.map((r) => ({
            quarter: r.quarter,
            // people without a group value are labelled "(blank)" (groups.ts); the reference uses null
            group: r.group === '(blank)' ? null : r.group,
            eligible: r.eligible,
            in_custody_whole_quarter: r.in_custody_whole_quarter,
            charged: r.charged,
            at_risk: r.at_risk,
            charged_at_risk: r.charged_at_risk,
            liberty_days: r.liberty_days,
            charges: r.charges,
          }));
          const want = reference(data, defaultQuarters, basis, mode, 45, byGroup);
          expect(got).toEqual(want);
          expect(want.some((w) => w.in_custody_whole_quarter > 0)).toBe(true);
          const unique = [...chargesByPerson(data.charges).values()].flat();
          expect(res.diagnostics.excluded_after_as_of).toBe(unique.filter((c) => c.charge > AS_OF).length);
          expect(res.diagnostics.excluded_missing_offence_date).toBe(
            basis === 'offence' ? unique.filter((c) => c.charge <= AS_OF && c.offence === null).length : 0,
          );
        });
      }
    }
  }

  it('an explicit range running past as-of counts only observed days', () => {
    const qs = quartersBetween(toDay(2023, 10, 1), { y: 2024, q: 3 });
    const res = computeQuarterly(ds, { from: 2023 * 4 + 3, to: 2024 * 4 + 2, custody: 'min-liberty', minLibertyDays: 10 });
    const want = reference(data, qs, 'charge', 'min-liberty', 10, false);
    expect(res.rows.map((r) => [r.quarter, r.eligible, r.at_risk, r.liberty_days, r.charges, r.provisional])).toEqual(
      want.map((w, i) => [w.quarter, w.eligible, w.at_risk, w.liberty_days, w.charges, qs[i].qe > AS_OF]),
    );
    expect(want[want.length - 1].eligible).toBe(0); // 2024Q3 starts after as-of
  });

  for (const basis of ['charge', 'offence'] as const) {
    it(`cumulative desistance (${basis}) matches KM fed by a day-by-day clock`, () => {
      const res = computeQuarterly(ds, { basis, cumulative: true });
      const want = referenceCumulative(data, defaultQuarters, basis);
      expect(res.rows.map((r) => r.cumulative_desistance)).toEqual(want);
    });
  }
});
