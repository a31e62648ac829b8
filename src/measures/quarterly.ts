/**
 * Quarterly fixed-cohort desistance (MEASURES.md section 4): of the cohort, the share not
 * charged in each quarter, unadjusted and custody-adjusted, with the exposure rate per
 * 1,000 liberty days, optional harm weights and optional Kaplan-Meier cumulative desistance.
 *
 * **Definitions, to the day.** Quarter q = [qs, qe]. Person i's window in q is
 * [max(qs, cohort_start), min(qe, cohort_end, as-of)]; i is *eligible* when the window holds at
 * least one day. (Cutting at as-of changes nothing for complete quarters; for a quarter that
 * as-of falls inside, only asked for with an explicit `to`, it keeps liberty days from counting
 * days not yet observed.) Custody days are the window days covered by the person's merged
 * episodes (an open episode covers up to and including as-of); liberty days = window days -
 * custody days.
 *
 * - `in_custody_whole_quarter`: eligible people with 0 liberty days in their window.
 * - `charged`: eligible people with >= 1 event in their window. An event is a charge with
 *   `charge_date <= as-of` whose `charge_date` (basis `charge`) or `offence_date` (basis
 *   `offence`) lies in the window. On the offence basis a charge without an offence_date cannot
 *   be placed; it is excluded and counted in `diagnostics.excluded_missing_offence_date`.
 * - **A charge on a day the person is in custody still counts** (for `charged`, `charged_at_risk`
 *   and `charges`): people are charged from custody for offences committed earlier or inside,
 *   and dropping those charges would overstate desistance. A charge on the release day or the
 *   reception day is therefore counted like any other.
 * - At risk: custody `none` = every eligible person; `whole-quarter` = >= 1 liberty day;
 *   `min-liberty` = >= `minLibertyDays` liberty days (a window shorter than that, e.g. a cohort
 *   start late in the quarter, is never at risk).
 * - `desistance_unadjusted = 1 - charged / eligible`, `desistance = 1 - charged_at_risk / at_risk`,
 *   each with the interval (`ciMethod`, `level`) for the proportion not charged.
 * - `liberty_days`, `charges`: sums over at-risk people of their window's liberty days and of the
 *   events (every charge, not people) in their window; `charges_per_1000_liberty_days` with the
 *   exact Poisson interval (`rate_ci_low`, `rate_ci_high`).
 * - `provisional`: the quarter is incomplete on as-of (qe > as-of), or, on the offence basis,
 *   qe + lag > as-of (offences are charged late). On the charge basis a complete quarter is final.
 * - Degenerate cells never give NaN: with eligible = 0 or at_risk = 0 the proportion and its
 *   interval are null and `reason_unadjusted` / `reason` say why; with liberty_days = 0 the rate
 *   is null with `rate_reason`.
 *
 * **Weights** (`weights`, offence_code -> harm): `harm` = sum of the weights of the counted
 * charges, `harm_per_person` = harm / at_risk, `harm_per_1000_liberty_days`, and
 * `unweighted_charges` = counted charges whose code has no weight (or no code); they add 0 harm.
 *
 * **Cumulative desistance** (`cumulative`). For quarter q and a group, every person whose
 * cohort_start <= min(qe, as-of) enters a Kaplan-Meier estimate on a *liberty-day clock*: time
 * counts the person's liberty days from cohort_start (custody days stop the clock). The person's
 * follow-up is truncated at c = min(qe, cohort_end, as-of). If their first event (same basis as
 * above, any date from cohort_start on, including before `from`) is on or before c, they have an
 * event at t = liberty days in [cohort_start, event day] (an event on a custody day is at the
 * liberty time reached by then, possibly 0); otherwise they are censored at t = liberty days in
 * [cohort_start, c]. `cumulative_desistance` is the KM survival at the end of that curve, i.e. at
 * its last time, the longest follow-up anyone has by the end of q (`cumulative_liberty_days`, an
 * event or a censoring time): the estimated share not charged within that many liberty days of
 * joining the cohort. Since truncation only censors, this is the product over all event times of
 * the truncated data; with staggered cohort starts its tail rests on the earliest starters. The interval
 * is the log-log (Greenwood) interval from stats/kaplan-meier; it is null with
 * `cumulative_reason` where undefined (no events yet: S = 1; everyone charged: S = 0).
 * People who leave the cohort are censored at cohort_end.
 *
 * **Index-day charges.** `index_day_charges` counts the charges placed in an eligible person's
 * window whose offence date (or charge date without one) is their cohort start day: usually the
 * offence that brought them into the cohort. With `excludeIndexDay` they are left out of every
 * figure (charged, charges, harm, cumulative), and still counted there.
 *
 * **Groups.** Without `byGroup`, one row per quarter with `group: null` (everyone). With
 * `byGroup`, one row per quarter per group in the shared order of groups.ts (`treated`, then
 * `comparison`, then the others by name), then a row labelled "(blank)" for the people without a
 * group value if there are any (when the cohort has no groups at all, the null row is everyone).
 *
 * **Cost.** One pass over people; per person one pass over their charges (each placed in its
 * quarter by binary search) and one walk over their merged custody episodes. No per-day work and
 * no per-person allocation: O(people x quarters + charges + episodes). The cumulative fields add
 * one Kaplan-Meier fit per quarter and group (a sort of the cohort each).
 *
 * @example
 * import { datasetFromLiterals } from '../model/build.js';
 * const ds = datasetFromLiterals({ asOf: '2023-07-15', people: [{ id: 'a', start: '2023-01-01' }],
 *   charges: [{ id: 'a', charge: '2023-02-01' }] });
 * quarterly(ds, {}).map((r) => [r.quarter, r.eligible, r.charged, r.desistance]); // [['2023Q1', 1, 1, 0], ['2023Q2', 1, 0, 1]]
 */
import { custodyDaysIn, NO_DATE, OPEN_END, type Charges, type Dataset, type People } from '../model/dataset.js';
import { formatDay } from '../core/days.js';
import { addDuration, quarterEnd, quarterIndex, quarterLabel, quarterStart, lastCompleteQuarterBefore } from './periods.js';
import { type EventBasis, type QuarterlyOptions, resolveQuarterlyOptions } from './quarterly-options.js';
import { kaplanMeier, survivalAt } from '../stats/kaplan-meier.js';
import { BLANK_GROUP, groupOrder, groupRanks } from './groups.js';
import { poissonExact } from '../stats/poisson-exact.js';
import { proportionInterval } from '../stats/proportion-interval.js';

export type { QuarterlyOptions } from './quarterly-options.js';

export interface QuarterlyRow {
  quarter: string;
  quarter_start: string;
  quarter_end: string;
  group: string | null;
  eligible: number;
  in_custody_whole_quarter: number;
  charged: number;
  desistance_unadjusted: number | null;
  ci_low_unadjusted: number | null;
  ci_high_unadjusted: number | null;
  reason_unadjusted: string | null;
  at_risk: number;
  charged_at_risk: number;
  desistance: number | null;
  ci_low: number | null;
  ci_high: number | null;
  reason: string | null;
  liberty_days: number;
  charges: number;
  charges_per_1000_liberty_days: number | null;
  rate_ci_low: number | null;
  rate_ci_high: number | null;
  rate_reason: string | null;
  provisional: boolean;
  /**
   * Charges of the eligible people in their window whose offence date (or charge date without
   * one) is their cohort start day: usually the offence that brought them into the cohort.
   * Counted whether or not `excludeIndexDay` leaves them out of the figures. Absent on rows built
   * from counts (`--from-counts`).
   */
  index_day_charges?: number;
  /** With weights only. */
  harm?: number;
  harm_per_person?: number | null;
  harm_per_1000_liberty_days?: number | null;
  unweighted_charges?: number;
  /** With `cumulative` only. */
  cumulative_desistance?: number | null;
  cumulative_ci_low?: number | null;
  cumulative_ci_high?: number | null;
  cumulative_liberty_days?: number | null;
  cumulative_reason?: string | null;
}

export interface QuarterlyDiagnostics {
  /** Charges of cohort people dated after as-of (ignored: nothing after as-of exists). */
  excluded_after_as_of: number;
  /** Offence basis: charges (charge_date <= as-of) with no offence_date, which cannot be placed. */
  excluded_missing_offence_date: number;
  /** With weights: offence codes without a weight met in charges placed in a reported window, sorted. */
  unweighted_codes: string[];
  /** Plain-words notes for the user (e.g. an empty quarter range). */
  warnings: string[];
}

export interface QuarterlyResult {
  rows: QuarterlyRow[];
  diagnostics: QuarterlyDiagnostics;
  /** Every option value, defaults filled, with the quarter range actually used. */
  options: QuarterlyOptions & { from: number; to: number };
}

/** Quarterly desistance rows (see the module comment). */
export function quarterly(ds: Dataset, opts: Partial<QuarterlyOptions> = {}): QuarterlyRow[] {
  return computeQuarterly(ds, opts).rows;
}

/**
 * Quarterly desistance with diagnostics and the resolved options. Throws RangeError on a bad
 * option (including `from` after `to` when both are given).
 *
 * The steps, in the order of the definition (MEASURES.md §4), each a named function below:
 * 1. {@link quarterRange} and {@link quarterTable}: the quarters reported and their days;
 * 2. {@link groupSlots}: which row (group) each person feeds;
 * 3. per person, {@link observedSpan} (**eligibility**: the days of the range the person is in the
 *    cohort and observed) and {@link personWindow} (the **window** in one quarter);
 * 4. {@link placeEvents}: the person's **events** placed in their quarters (basis, as-of, weights);
 * 5. {@link CustodyWalk} and {@link isAtRisk}: the **custody adjustment** (liberty days, at risk);
 * 6. {@link tallyPerson} adds the person to the cells; {@link quarterRow} turns a cell into a row
 *    with its **rates** ({@link desistanceOf}, {@link exposureRateOf}); {@link cumulativeDesistance}
 *    adds the Kaplan-Meier **cumulative** fields.
 */
export function computeQuarterly(ds: Dataset, opts: Partial<QuarterlyOptions> = {}): QuarterlyResult {
  const o = resolveQuarterlyOptions(opts);
  const diagnostics = emptyDiagnostics();
  const { from, to } = quarterRange(ds, o, diagnostics);
  const options = { ...o, from, to };
  countUnplacedCharges(ds, o.basis, diagnostics);
  if (to < from || ds.people.n === 0) return { rows: [], diagnostics, options };

  const quarters = quarterTable(from, to);
  const slots = groupSlots(ds.people, o.byGroup);
  const weights = codeWeights(ds.charges, o.weights);
  const cells = cellTally(quarters.n * slots.n);
  const scratch = personEvents(quarters.n);
  const custody = new CustodyWalk(ds);
  const threshold = atRiskThreshold(o);
  for (let p = 0; p < ds.people.n; p++) {
    const span = observedSpan(ds, p, quarters);
    if (span === null) continue;
    placeEvents(ds, p, span, o.basis, quarters, weights, scratch, o.excludeIndexDay);
    tallyPerson(ds, p, span, quarters, slots, custody, threshold, scratch, cells);
  }
  if (weights) diagnostics.unweighted_codes = weights.unweightedCodes();

  const cumulative = o.cumulative ? cumulativeDesistance(ds, o.basis, quarters.qe, slots.n, slots.of, o.level, o.excludeIndexDay) : null;
  const rows: QuarterlyRow[] = [];
  for (let k = 0; k < quarters.n; k++) {
    for (let s = 0; s < slots.n; s++) {
      const cell = k * slots.n + s;
      rows.push(quarterRow(ds, o, quarters, k, slots.name(s), cells, cell, weights !== null, cumulative?.[cell] ?? null));
    }
  }
  return { rows, diagnostics, options };
}

/** Every person's standing in one quarter (see {@link quarterStatus}). */
export interface QuarterStatus {
  /** Quarter index (periods.ts). */
  quarter: number;
  /** Row slots (groups) and each person's slot. */
  slots: GroupSlots;
  slot: Int32Array;
  /** 1 when eligible in the quarter. */
  eligible: Uint8Array;
  /** 1 when at risk (eligible and enough liberty days for the custody mode). */
  atRisk: Uint8Array;
  /** 1 when eligible with >= 1 event in the window (basis and as-of as in the rows). */
  charged: Uint8Array;
  /** The person's window (eligible people only; 0 otherwise). */
  windowStart: Int32Array;
  windowEnd: Int32Array;
  /** Liberty days in the window (eligible people only). */
  liberty: Int32Array;
  /** Earliest charge_date of the person's events in the window (charged people only; OPEN_END otherwise). */
  firstCharge: Int32Array;
}

/**
 * Person-level standing in quarter `quarter` (an index), by the same steps as the rows: summing
 * `eligible`, `atRisk`, `charged` and `charged & atRisk` over a slot's people gives that row's
 * `eligible`, `at_risk`, `charged` and `charged_at_risk`. Used where people must be followed
 * one by one (the paired change between two quarters, the nowcast). `from`/`to` are ignored.
 */
export function quarterStatus(ds: Dataset, opts: Partial<QuarterlyOptions>, quarter: number): QuarterStatus {
  const o = resolveQuarterlyOptions({ ...opts, from: undefined, to: undefined });
  const n = ds.people.n;
  const t = quarterTable(quarter, quarter);
  const slots = groupSlots(ds.people, o.byGroup);
  const st: QuarterStatus = {
    quarter,
    slots,
    slot: new Int32Array(n),
    eligible: new Uint8Array(n),
    atRisk: new Uint8Array(n),
    charged: new Uint8Array(n),
    windowStart: new Int32Array(n),
    windowEnd: new Int32Array(n),
    liberty: new Int32Array(n),
    firstCharge: new Int32Array(n).fill(OPEN_END),
  };
  const ev = personEvents(1);
  const custody = new CustodyWalk(ds);
  const threshold = atRiskThreshold(o);
  for (let p = 0; p < n; p++) {
    st.slot[p] = slots.of(p);
    const span = observedSpan(ds, p, t);
    if (span === null) continue;
    placeEvents(ds, p, span, o.basis, t, null, ev, o.excludeIndexDay);
    const [a, b] = personWindow(span, t, 0);
    custody.start(p);
    const liberty = b - a + 1 - custody.daysIn(a, b);
    st.eligible[p] = 1;
    st.windowStart[p] = a;
    st.windowEnd[p] = b;
    st.liberty[p] = liberty;
    st.atRisk[p] = isAtRisk(liberty, threshold) ? 1 : 0;
    st.charged[p] = ev.events[0] > 0 ? 1 : 0;
    st.firstCharge[p] = ev.firstCharge[0];
  }
  return st;
}

function emptyDiagnostics(): QuarterlyDiagnostics {
  return { excluded_after_as_of: 0, excluded_missing_offence_date: 0, unweighted_codes: [], warnings: [] };
}

/* ------------------------------------------------------------------ 1. quarters */

/**
 * The quarter range reported: `from` defaults to the quarter of the earliest cohort_start (the
 * quarter of as-of for an empty cohort), `to` to the last complete quarter on as-of. Throws
 * RangeError when both are given and `from` is after `to`; pushes a warning for an empty cohort
 * or an empty range.
 */
export function quarterRange(ds: Dataset, o: QuarterlyOptions, diagnostics: QuarterlyDiagnostics): { from: number; to: number } {
  const { people, asOf } = ds;
  let from = o.from;
  if (from === undefined) {
    let earliest = Infinity;
    for (let p = 0; p < people.n; p++) if (people.cohortStart[p] < earliest) earliest = people.cohortStart[p];
    from = earliest === Infinity ? quarterIndex(asOf) : quarterIndex(earliest);
  }
  const to = o.to ?? lastCompleteQuarterBefore(asOf);
  if (o.from !== undefined && o.to !== undefined && o.from > o.to) {
    throw new RangeError(`from (${quarterLabel(o.from, o.quarters)}) is after to (${quarterLabel(o.to, o.quarters)})`);
  }
  if (people.n === 0) diagnostics.warnings.push('the cohort is empty');
  if (to < from) {
    diagnostics.warnings.push(
      `no quarter to report: the first quarter (${quarterLabel(from, o.quarters)}) is after the last (${quarterLabel(to, o.quarters)}${o.to === undefined ? ', the last complete quarter on as-of' : ''})`,
    );
  }
  return { from, to };
}

/**
 * Charges no quarter can hold, counted over the whole extract: dated after as-of (nothing after
 * as-of exists) and, on the offence basis, without an offence_date.
 */
export function countUnplacedCharges(ds: Dataset, basis: EventBasis, diagnostics: QuarterlyDiagnostics): void {
  const ch = ds.charges;
  for (let c = 0; c < ch.n; c++) {
    if (ch.chargeDate[c] > ds.asOf) diagnostics.excluded_after_as_of++;
    else if (basis === 'offence' && ch.offenceDate[c] === NO_DATE) diagnostics.excluded_missing_offence_date++;
  }
}

/** The quarters `from..to` as day numbers, and a lookup from day to quarter. */
export interface QuarterTable {
  /** Index of the first quarter (see periods.ts). */
  from: number;
  /** Number of quarters. */
  n: number;
  /** First and last day of quarter k (k = 0..n-1). */
  qs: Int32Array;
  qe: Int32Array;
  firstDay: number;
  lastDay: number;
  /** quarterAt[d - firstDay] = k, the quarter holding day d (a few KB: ~92 entries a quarter). */
  quarterAt: Int32Array;
}

/** The quarter table of `from..to` (at least one quarter). */
export function quarterTable(from: number, to: number): QuarterTable {
  const n = to - from + 1;
  const qs = new Int32Array(n);
  const qe = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    qs[k] = quarterStart(from + k);
    qe[k] = quarterEnd(from + k);
  }
  const firstDay = qs[0];
  const lastDay = qe[n - 1];
  const quarterAt = new Int32Array(lastDay - firstDay + 1);
  for (let k = 0; k < n; k++) quarterAt.fill(k, qs[k] - firstDay, qe[k] - firstDay + 1);
  return { from, n, qs, qe, firstDay, lastDay, quarterAt };
}

/* ------------------------------------------------------------------ 2. groups */

/** Row slots: one per group (in the order of groups.ts), then one for people without a group. */
export interface GroupSlots {
  n: number;
  /** Slot of person p. */
  of: (p: number) => number;
  /** Group name of slot s (null: everyone, or the people without a group). */
  name: (s: number) => string | null;
}

/**
 * Slots for the rows: without `byGroup` one slot (everyone, group null); with it one slot per
 * group, sorted, then a null slot when anyone has no group value.
 */
export function groupSlots(people: People, byGroup: boolean): GroupSlots {
  if (!byGroup) return { n: 1, of: () => 0, name: () => null };
  const names = people.groupNames;
  const order = groupOrder(names);
  const rank = groupRanks(names);
  let anyUngrouped = false;
  for (let p = 0; p < people.n && !anyUngrouped; p++) anyUngrouped = people.group[p] < 0;
  const group = people.group;
  const ungrouped = names.length;
  return {
    n: names.length + (anyUngrouped ? 1 : 0),
    of: (p) => (group[p] < 0 ? ungrouped : rank[group[p]]),
    name: (s) => (s < names.length ? names[order[s]] : names.length > 0 ? BLANK_GROUP : null),
  };
}

/* ------------------------------------------------------------------ 3. eligibility and windows */

/** A person's observed days within the reported range, and the quarters they touch. */
export interface Span {
  lo: number;
  hi: number;
  k0: number;
  k1: number;
  /** cohort_start and min(cohort_end, as-of). */
  cs: number;
  ce: number;
}

/**
 * **Eligibility.** The days of the reported range on which person p is in the cohort and
 * observed, [max(firstDay, cohort_start), min(lastDay, cohort_end, as-of)], and the quarters
 * k0..k1 they touch; null when there is none. The person is eligible in exactly the quarters
 * k0..k1 (cohort_start <= qe and cohort_end >= qs, cut at as-of).
 */
export function observedSpan(ds: Dataset, p: number, t: QuarterTable): Span | null {
  const cs = ds.people.cohortStart[p];
  const ceRaw = ds.people.cohortEnd[p];
  const ce = ceRaw < ds.asOf ? ceRaw : ds.asOf;
  const lo = cs > t.firstDay ? cs : t.firstDay;
  const hi = ce < t.lastDay ? ce : t.lastDay;
  if (lo > hi) return null;
  return { lo, hi, k0: t.quarterAt[lo - t.firstDay], k1: t.quarterAt[hi - t.firstDay], cs, ce };
}

/** Person's window in quarter k (k within the span): [max(qs, cohort_start), min(qe, cohort_end, as-of)]. */
export function personWindow(span: Span, t: QuarterTable, k: number): [number, number] {
  return [t.qs[k] > span.cs ? t.qs[k] : span.cs, t.qe[k] < span.ce ? t.qe[k] : span.ce];
}

/* ------------------------------------------------------------------ 4. events */

/** Harm weights by offence-code index, and the codes met without one. */
export interface CodeWeights {
  weight: Float64Array;
  has: Uint8Array;
  seen: Uint8Array;
  unweightedCodes: () => string[];
}

/** Weights by code index (null without weights). */
export function codeWeights(ch: Charges, weights: Map<string, number> | undefined): CodeWeights | null {
  if (!weights) return null;
  const weight = new Float64Array(ch.codes.length);
  const has = new Uint8Array(ch.codes.length);
  for (let i = 0; i < ch.codes.length; i++) {
    const w = weights.get(ch.codes[i]);
    if (w !== undefined) {
      weight[i] = w;
      has[i] = 1;
    }
  }
  const seen = new Uint8Array(ch.codes.length);
  const unweightedCodes = (): string[] => {
    const codes: string[] = [];
    for (let i = 0; i < seen.length; i++) if (seen[i] === 1) codes.push(ch.codes[i]);
    return codes.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  };
  return { weight, has, seen, unweightedCodes };
}

/** One person's events per quarter (scratch reused across people; only k0..k1 is meaningful). */
export interface PersonEvents {
  events: Int32Array;
  /** Charges in the quarter dated (offence date, or charge date without one) on cohort_start. */
  indexDay: Int32Array;
  harm: Float64Array;
  unweighted: Int32Array;
  /** Earliest charge_date of the quarter's events (OPEN_END when none): when the person became known as charged. */
  firstCharge: Int32Array;
}

export function personEvents(nQuarters: number): PersonEvents {
  return { events: new Int32Array(nQuarters), indexDay: new Int32Array(nQuarters), harm: new Float64Array(nQuarters), unweighted: new Int32Array(nQuarters), firstCharge: new Int32Array(nQuarters) };
}

/**
 * Place person p's events in their quarters: a charge with charge_date <= as-of whose
 * charge_date (basis `charge`) or offence_date (basis `offence`) lies in the span (a missing
 * offence_date lies in none) counts once in its quarter, with its harm weight when weighted.
 * A charge whose offence date (or charge date without one) is cohort_start is counted in
 * `indexDay`, and left out of the events when `excludeIndexDay`.
 */
export function placeEvents(ds: Dataset, p: number, span: Span, basis: EventBasis, t: QuarterTable, weights: CodeWeights | null, out: PersonEvents, excludeIndexDay = false): void {
  const { events, indexDay, harm, unweighted, firstCharge } = out;
  for (let k = span.k0; k <= span.k1; k++) {
    events[k] = 0;
    indexDay[k] = 0;
    harm[k] = 0;
    unweighted[k] = 0;
    firstCharge[k] = OPEN_END;
  }
  const { chargeDate, offenceDate, offenceCode, personStart } = ds.charges;
  const dates = basis === 'offence' ? offenceDate : chargeDate;
  for (let c = personStart[p], cEnd = personStart[p + 1]; c < cEnd; c++) {
    if (chargeDate[c] > ds.asOf) continue;
    const d = dates[c];
    if (d < span.lo || d > span.hi) continue; // NO_DATE is below every lo
    const k = t.quarterAt[d - t.firstDay];
    if ((offenceDate[c] === NO_DATE ? chargeDate[c] : offenceDate[c]) === span.cs) {
      indexDay[k]++; // the index offence, usually
      if (excludeIndexDay) continue;
    }
    events[k]++;
    if (chargeDate[c] < firstCharge[k]) firstCharge[k] = chargeDate[c];
    if (weights) {
      const code = offenceCode[c];
      if (code >= 0 && weights.has[code] === 1) harm[k] += weights.weight[code];
      else {
        unweighted[k]++;
        if (code >= 0) weights.seen[code] = 1;
      }
    }
  }
}

/* ------------------------------------------------------------------ 5. custody adjustment */

/**
 * Custody days of one person in successive windows, walking their merged episodes forward once
 * (windows must come in increasing order after {@link CustodyWalk.start}). An open episode
 * ends at as-of.
 */
export class CustodyWalk {
  private j = 0;
  private jEnd = 0;
  constructor(private readonly ds: Dataset) {}
  /** Begin person p. */
  start(p: number): void {
    this.j = this.ds.custody.personStart[p];
    this.jEnd = this.ds.custody.personStart[p + 1];
  }
  /** Custody days in [a, b]. */
  daysIn(a: number, b: number): number {
    const { start: uS, end: uE } = this.ds.custody;
    const asOf = this.ds.asOf;
    while (this.j < this.jEnd && (uE[this.j] < asOf ? uE[this.j] : asOf) < a) this.j++;
    let days = 0;
    for (let i = this.j; i < this.jEnd && uS[i] <= b; i++) {
      const e = uE[i] < asOf ? uE[i] : asOf;
      const l = uS[i] > a ? uS[i] : a;
      const h = e < b ? e : b;
      if (h >= l) days += h - l + 1;
    }
    return days;
  }
}

/** Liberty days a person needs to be at risk: `none` 0, `whole-quarter` 1, `min-liberty` N. */
export function atRiskThreshold(o: Pick<QuarterlyOptions, 'custody' | 'minLibertyDays'>): number {
  return o.custody === 'none' ? 0 : o.custody === 'whole-quarter' ? 1 : o.minLibertyDays;
}

/** At risk: at least `threshold` liberty days in the window. */
export function isAtRisk(libertyDays: number, threshold: number): boolean {
  return libertyDays >= threshold;
}

/* ------------------------------------------------------------------ 6. cells and rates */

const CELL_FIELDS = ['eligible', 'whole', 'charged', 'atRisk', 'chargedAtRisk', 'liberty', 'charges', 'harm', 'unweighted', 'indexDay'] as const;

/** Sums per cell (cell = k * slots + slot): one array per counted field. */
export type CellTally = Record<(typeof CELL_FIELDS)[number], Float64Array>;

export function cellTally(cells: number): CellTally {
  return Object.fromEntries(CELL_FIELDS.map((f) => [f, new Float64Array(cells)])) as CellTally;
}

/**
 * Add person p to the cells of the quarters they are eligible in: eligible; in custody all
 * quarter when 0 liberty days; charged when >= 1 event; and, when at risk, at risk, charged at
 * risk, liberty days, charges and harm.
 */
export function tallyPerson(
  ds: Dataset,
  p: number,
  span: Span,
  t: QuarterTable,
  slots: GroupSlots,
  custody: CustodyWalk,
  threshold: number,
  ev: PersonEvents,
  cells: CellTally,
): void {
  const slot = slots.of(p);
  custody.start(p);
  for (let k = span.k0; k <= span.k1; k++) {
    const [a, b] = personWindow(span, t, k);
    const liberty = b - a + 1 - custody.daysIn(a, b);
    const cell = k * slots.n + slot;
    const anyEvent = ev.events[k] > 0 ? 1 : 0;
    cells.eligible[cell]++;
    cells.indexDay[cell] += ev.indexDay[k];
    if (liberty === 0) cells.whole[cell]++;
    cells.charged[cell] += anyEvent;
    if (isAtRisk(liberty, threshold)) {
      cells.atRisk[cell]++;
      cells.chargedAtRisk[cell] += anyEvent;
      cells.liberty[cell] += liberty;
      cells.charges[cell] += ev.events[k];
      cells.harm[cell] += ev.harm[k];
      cells.unweighted[cell] += ev.unweighted[k];
    }
  }
}

/** A proportion with its interval, or nulls and a reason. */
export interface Estimate {
  estimate: number | null;
  ci_low: number | null;
  ci_high: number | null;
  reason: string | null;
}

/**
 * Desistance over `n` people of whom `charged` were charged: 1 - charged / n with the interval
 * of `ciMethod` at `level`; null with `emptyReason` when n = 0.
 */
export function desistanceOf(n: number, charged: number, o: Pick<QuarterlyOptions, 'ciMethod' | 'level'>, emptyReason: string): Estimate {
  if (n === 0) return { estimate: null, ci_low: null, ci_high: null, reason: emptyReason };
  const e = proportionInterval(n - charged, n, o.ciMethod, o.level);
  return { estimate: e.estimate, ci_low: e.ci_low, ci_high: e.ci_high, reason: e.reason ?? null };
}

/**
 * Charges per 1,000 liberty days with the exact Poisson interval; null with a reason when there
 * are no liberty days.
 */
export function exposureRateOf(charges: number, libertyDays: number, atRisk: number, level: number): Estimate {
  if (libertyDays === 0) {
    const reason = atRisk === 0 ? 'no liberty days: nobody is at risk in this quarter' : 'no liberty days at risk in this quarter';
    return { estimate: null, ci_low: null, ci_high: null, reason };
  }
  const r = poissonExact(charges, libertyDays, level);
  return {
    estimate: r.estimate === null ? null : r.estimate * 1000,
    ci_low: r.ci_low === null ? null : r.ci_low * 1000,
    ci_high: r.ci_high === null ? null : r.ci_high * 1000,
    reason: r.reason ?? null,
  };
}

/** Why nobody is at risk, in the words of the custody mode. */
function notAtRiskWords(o: Pick<QuarterlyOptions, 'custody' | 'minLibertyDays'>): string {
  return o.custody === 'min-liberty'
    ? `had fewer than ${o.minLibertyDays} liberty day${o.minLibertyDays === 1 ? '' : 's'} in the quarter`
    : 'spent the whole quarter in custody';
}

/**
 * Provisional: quarter k is incomplete on as-of, or, on the offence basis, its end + lag is after
 * as-of (offences are charged late).
 */
export function isProvisional(qe: number, asOf: number, o: Pick<QuarterlyOptions, 'basis' | 'lag'>): boolean {
  return qe > asOf || (o.basis === 'offence' && addDuration(qe, o.lag) > asOf);
}

/** The counts of one cell (quarter x group), from which every rate of its row follows. */
export interface QuarterCounts {
  eligible: number;
  in_custody_whole_quarter: number;
  charged: number;
  at_risk: number;
  charged_at_risk: number;
  liberty_days: number;
  charges: number;
}

/**
 * A row from its counts: the two desistance proportions with their intervals and the exposure
 * rate, with the reasons when a figure cannot be estimated. Shared by the native engine and by
 * `--from-counts` (counts computed elsewhere, e.g. by `desist sql` in a warehouse).
 */
export function quarterRowFromCounts(
  o: Pick<QuarterlyOptions, 'ciMethod' | 'level' | 'custody' | 'minLibertyDays'>,
  head: Pick<QuarterlyRow, 'quarter' | 'quarter_start' | 'quarter_end' | 'group' | 'provisional'>,
  c: QuarterCounts,
  /** why the quarter has no figures when it starts after the as-of date (every reason says so) */
  notYet?: string,
): QuarterlyRow {
  const nobody = notYet ?? 'nobody is eligible in this quarter (eligible = 0)';
  const unadjusted = desistanceOf(c.eligible, c.charged, o, nobody);
  const adjusted = desistanceOf(
    c.at_risk,
    c.charged_at_risk,
    o,
    c.eligible === 0 ? nobody : `nobody is at risk: all ${c.eligible} eligible ${c.eligible === 1 ? 'person' : 'people'} ${notAtRiskWords(o)} (at_risk = 0)`,
  );
  const rate = exposureRateOf(c.charges, c.liberty_days, c.at_risk, o.level);
  if (notYet) rate.reason = notYet;
  return {
    quarter: head.quarter,
    quarter_start: head.quarter_start,
    quarter_end: head.quarter_end,
    group: head.group,
    eligible: c.eligible,
    in_custody_whole_quarter: c.in_custody_whole_quarter,
    charged: c.charged,
    desistance_unadjusted: unadjusted.estimate,
    ci_low_unadjusted: unadjusted.ci_low,
    ci_high_unadjusted: unadjusted.ci_high,
    reason_unadjusted: unadjusted.reason,
    at_risk: c.at_risk,
    charged_at_risk: c.charged_at_risk,
    desistance: adjusted.estimate,
    ci_low: adjusted.ci_low,
    ci_high: adjusted.ci_high,
    reason: adjusted.reason,
    liberty_days: c.liberty_days,
    charges: c.charges,
    charges_per_1000_liberty_days: rate.estimate,
    rate_ci_low: rate.ci_low,
    rate_ci_high: rate.ci_high,
    rate_reason: rate.reason,
    provisional: head.provisional,
  };
}

/** The row of one cell: counts, the two desistance proportions, the exposure rate, harm, cumulative. */
function quarterRow(
  ds: Dataset,
  o: QuarterlyOptions,
  t: QuarterTable,
  k: number,
  group: string | null,
  cells: CellTally,
  cell: number,
  weighted: boolean,
  cumulative: CumulativeCell | null,
): QuarterlyRow {
  const atRisk = cells.atRisk[cell];
  const liberty = cells.liberty[cell];
  // a quarter that starts after as-of has not happened yet: say so, not "nobody is eligible"
  const future = t.qs[k] > ds.asOf ? `the quarter starts after the as-of date ${formatDay(ds.asOf)}: it has not happened yet` : undefined;
  const row = quarterRowFromCounts(
    o,
    { quarter: quarterLabel(t.from + k, o.quarters), quarter_start: formatDay(t.qs[k]), quarter_end: formatDay(t.qe[k]), group, provisional: isProvisional(t.qe[k], ds.asOf, o) },
    {
      eligible: cells.eligible[cell],
      in_custody_whole_quarter: cells.whole[cell],
      charged: cells.charged[cell],
      at_risk: atRisk,
      charged_at_risk: cells.chargedAtRisk[cell],
      liberty_days: liberty,
      charges: cells.charges[cell],
    },
    future,
  );
  // the engine knows the index-day charges; counts from a warehouse query (--from-counts) do not
  row.index_day_charges = cells.indexDay[cell];
  if (weighted) {
    const harm = cells.harm[cell];
    row.harm = harm;
    row.harm_per_person = atRisk === 0 ? null : harm / atRisk;
    row.harm_per_1000_liberty_days = liberty === 0 ? null : (harm / liberty) * 1000;
    row.unweighted_charges = cells.unweighted[cell];
  }
  if (cumulative) {
    row.cumulative_desistance = cumulative.estimate;
    row.cumulative_ci_low = cumulative.ci_low;
    row.cumulative_ci_high = cumulative.ci_high;
    row.cumulative_liberty_days = cumulative.time;
    row.cumulative_reason = cumulative.reason;
  }
  return row;
}

interface CumulativeCell {
  estimate: number | null;
  ci_low: number | null;
  ci_high: number | null;
  time: number | null;
  reason: string | null;
}

/** Liberty days of person p in [a, b] (b <= asOf), walking the merged episodes. */
function libertyDays(ds: Dataset, p: number, a: number, b: number): number {
  return b < a ? 0 : b - a + 1 - custodyDaysIn(ds.custody, p, a, b, ds.asOf);
}

/**
 * Kaplan-Meier cumulative desistance per quarter and slot (see the module comment).
 * Returns one cell per (quarter, slot), cell = k * nSlots + slot.
 */
function cumulativeDesistance(
  ds: Dataset,
  basis: 'charge' | 'offence',
  qe: Int32Array,
  nSlots: number,
  slotOf: (p: number) => number,
  level: number,
  excludeIndexDay: boolean,
): CumulativeCell[] {
  const { people, charges: ch, asOf } = ds;
  const n = people.n;
  // per person: first event day since cohort_start (within the cohort, <= as-of) and its liberty time
  const firstEvent = new Int32Array(n);
  const eventTime = new Float64Array(n);
  const slotCount = new Int32Array(nSlots + 1);
  for (let p = 0; p < n; p++) {
    const cs = people.cohortStart[p];
    const ce = people.cohortEnd[p] < asOf ? people.cohortEnd[p] : asOf;
    let first = 0x7fffffff;
    for (let c = ch.personStart[p], cEnd = ch.personStart[p + 1]; c < cEnd; c++) {
      if (ch.chargeDate[c] > asOf) continue;
      const d = basis === 'offence' ? ch.offenceDate[c] : ch.chargeDate[c];
      if (excludeIndexDay && (ch.offenceDate[c] === NO_DATE ? ch.chargeDate[c] : ch.offenceDate[c]) === cs) continue;
      if (d >= cs && d <= ce && d < first) first = d;
    }
    firstEvent[p] = first;
    eventTime[p] = first === 0x7fffffff ? -1 : libertyDays(ds, p, cs, first);
    slotCount[slotOf(p) + 1]++;
  }
  for (let s = 0; s < nSlots; s++) slotCount[s + 1] += slotCount[s];
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  const fill = new Int32Array(nSlots);
  const out: CumulativeCell[] = [];
  for (let k = 0; k < qe.length; k++) {
    for (let s = 0; s < nSlots; s++) fill[s] = slotCount[s];
    for (let p = 0; p < n; p++) {
      const cs = people.cohortStart[p];
      const ce = people.cohortEnd[p] < asOf ? people.cohortEnd[p] : asOf;
      const cut = qe[k] < ce ? qe[k] : ce;
      if (cs > cut) continue; // not yet in the cohort (or no observed day)
      const s = slotOf(p);
      const at = fill[s]++;
      if (firstEvent[p] <= cut) {
        time[at] = eventTime[p];
        event[at] = 1;
      } else {
        time[at] = libertyDays(ds, p, cs, cut);
        event[at] = 0;
      }
    }
    for (let s = 0; s < nSlots; s++) {
      const lo = slotCount[s];
      const hi = fill[s];
      if (hi === lo) {
        out.push({ estimate: null, ci_low: null, ci_high: null, time: null, reason: 'nobody in the cohort (group) by the end of this quarter' });
        continue;
      }
      const km = kaplanMeier(time.subarray(lo, hi), event.subarray(lo, hi), { level });
      const last = km.table[km.table.length - 1];
      const at = survivalAt(km, last.time);
      out.push({ estimate: at.estimate, ci_low: at.ci_low, ci_high: at.ci_high, time: last.time, reason: at.reason ?? null });
    }
  }
  return out;
}
