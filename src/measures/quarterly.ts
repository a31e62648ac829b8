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
 * **Groups.** Without `byGroup`, one row per quarter with `group: null` (everyone). With
 * `byGroup`, one row per quarter per group, groups in code-unit order of their names, then a
 * row with `group: null` for the people without a group value if there are any (when the cohort
 * has no groups at all, that row is everyone).
 *
 * **Cost.** One pass over people; per person one pass over their charges (each placed in its
 * quarter by binary search) and one walk over their merged custody episodes. No per-day work and
 * no per-person allocation: O(people x quarters + charges + episodes). The cumulative fields add
 * one Kaplan-Meier fit per quarter and group (a sort of the cohort each).
 *
 * @example
 * const ds = datasetFromLiterals({ asOf: '2023-07-15', people: [{ id: 'a', start: '2023-01-01' }],
 *   charges: [{ id: 'a', charge: '2023-02-01' }] });
 * quarterly(ds, {}).map((r) => [r.quarter, r.eligible, r.charged, r.desistance]);
 * // [['2023Q1', 1, 1, 0], ['2023Q2', 1, 0, 1]]
 */
import { NO_DATE, type Dataset } from '../model/dataset.js';
import { formatDay } from '../core/days.js';
import { addDuration, quarterEnd, quarterIndex, quarterLabel, quarterStart, lastCompleteQuarterBefore } from './periods.js';
import { type QuarterlyOptions, resolveQuarterlyOptions } from './quarterly-options.js';
import { kaplanMeier, survivalAt } from '../stats/kaplan-meier.js';
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
 */
export function computeQuarterly(ds: Dataset, opts: Partial<QuarterlyOptions> = {}): QuarterlyResult {
  const o = resolveQuarterlyOptions(opts);
  const { people, charges: ch, custody: cu, asOf } = ds;
  const n = people.n;
  const offenceBasis = o.basis === 'offence';
  const diagnostics: QuarterlyDiagnostics = {
    excluded_after_as_of: 0,
    excluded_missing_offence_date: 0,
    unweighted_codes: [],
    warnings: [],
  };

  // ---- quarter range
  let from = o.from;
  if (from === undefined) {
    let earliest = Infinity;
    for (let p = 0; p < n; p++) if (people.cohortStart[p] < earliest) earliest = people.cohortStart[p];
    from = earliest === Infinity ? quarterIndex(asOf) : quarterIndex(earliest);
  }
  const to = o.to ?? lastCompleteQuarterBefore(asOf);
  if (o.from !== undefined && o.to !== undefined && o.from > o.to) {
    throw new RangeError(`from (${quarterLabel(o.from, o.quarters)}) is after to (${quarterLabel(o.to, o.quarters)})`);
  }
  const options = { ...o, from, to };
  const nQ = Math.max(0, to - from + 1);
  if (n === 0) diagnostics.warnings.push('the cohort is empty');
  if (nQ === 0) {
    diagnostics.warnings.push(
      `no quarter to report: the first quarter (${quarterLabel(from, o.quarters)}) is after the last (${quarterLabel(to, o.quarters)}${o.to === undefined ? ', the last complete quarter on as-of' : ''})`,
    );
  }

  // ---- diagnostics over all charges (cheap separate pass)
  for (let c = 0; c < ch.n; c++) {
    if (ch.chargeDate[c] > asOf) diagnostics.excluded_after_as_of++;
    else if (offenceBasis && ch.offenceDate[c] === NO_DATE) diagnostics.excluded_missing_offence_date++;
  }
  if (nQ === 0 || n === 0) return { rows: [], diagnostics, options };

  const qs = new Int32Array(nQ);
  const qe = new Int32Array(nQ);
  for (let k = 0; k < nQ; k++) {
    qs[k] = quarterStart(from + k);
    qe[k] = quarterEnd(from + k);
  }
  const firstDay = qs[0];
  const lastDay = qe[nQ - 1];

  // ---- group slots: sorted group names, then the null slot
  const names = people.groupNames;
  const order = names.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
  const rank = new Int32Array(names.length);
  order.forEach((g, r) => (rank[g] = r));
  let anyUngrouped = false;
  for (let p = 0; p < n && !anyUngrouped; p++) anyUngrouped = people.group[p] < 0;
  const nSlots = o.byGroup ? names.length + (anyUngrouped ? 1 : 0) : 1;
  const slotName = (s: number): string | null => (o.byGroup && s < names.length ? names[order[s]] : null);
  const slotOf = (p: number): number => {
    if (!o.byGroup) return 0;
    const g = people.group[p];
    return g < 0 ? names.length : rank[g];
  };

  // ---- weights per code index
  const weighted = o.weights !== undefined;
  const codeWeight = new Float64Array(ch.codes.length);
  const codeHasWeight = new Uint8Array(ch.codes.length);
  if (o.weights) {
    for (let i = 0; i < ch.codes.length; i++) {
      const w = o.weights.get(ch.codes[i]);
      if (w !== undefined) {
        codeWeight[i] = w;
        codeHasWeight[i] = 1;
      }
    }
  }
  const unweightedSeen = new Uint8Array(ch.codes.length);

  // ---- accumulators, cell = k * nSlots + slot
  const cells = nQ * nSlots;
  const aEligible = new Float64Array(cells);
  const aWhole = new Float64Array(cells);
  const aCharged = new Float64Array(cells);
  const aAtRisk = new Float64Array(cells);
  const aChargedAtRisk = new Float64Array(cells);
  const aLiberty = new Float64Array(cells);
  const aCharges = new Float64Array(cells);
  const aHarm = new Float64Array(cells);
  const aUnweighted = new Float64Array(cells);
  // per-person scratch, reset over the person's quarter range only
  const ev = new Int32Array(nQ);
  const evHarm = new Float64Array(nQ);
  const evUnw = new Int32Array(nQ);

  const threshold = o.custody === 'none' ? 0 : o.custody === 'whole-quarter' ? 1 : o.minLibertyDays;
  const { chargeDate, offenceDate, offenceCode } = ch;
  const cStart = ch.personStart;
  const uStart = cu.personStart;
  const uS = cu.start;
  const uE = cu.end;

  // quarterAt[d - firstDay] = index k of the quarter holding day d (a few KB: ~92 days a quarter)
  const quarterAt = new Int32Array(lastDay - firstDay + 1);
  for (let k = 0; k < nQ; k++) quarterAt.fill(k, qs[k] - firstDay, qe[k] - firstDay + 1);
  const cohortStart = people.cohortStart;
  const cohortEnd = people.cohortEnd;
  const groupOf = people.group;
  const byGroup = o.byGroup;
  const ungroupedSlot = names.length;

  for (let p = 0; p < n; p++) {
    const cs = cohortStart[p];
    const ceRaw = cohortEnd[p];
    const ce = ceRaw < asOf ? ceRaw : asOf;
    const lo = cs > firstDay ? cs : firstDay;
    const hi = ce < lastDay ? ce : lastDay;
    if (lo > hi) continue;
    const k0 = quarterAt[lo - firstDay];
    const k1 = quarterAt[hi - firstDay];
    const g = groupOf[p];
    const slot = !byGroup ? 0 : g < 0 ? ungroupedSlot : rank[g];

    for (let k = k0; k <= k1; k++) {
      ev[k] = 0;
      evHarm[k] = 0;
      evUnw[k] = 0;
    }
    // events: each charge placed in its quarter
    for (let c = cStart[p], cEnd = cStart[p + 1]; c < cEnd; c++) {
      if (chargeDate[c] > asOf) continue;
      const d = offenceBasis ? offenceDate[c] : chargeDate[c];
      if (d < lo || d > hi) continue; // NO_DATE is below every lo
      const k = quarterAt[d - firstDay];
      ev[k]++;
      if (weighted) {
        const code = offenceCode[c];
        if (code >= 0 && codeHasWeight[code] === 1) evHarm[k] += codeWeight[code];
        else {
          evUnw[k]++;
          if (code >= 0) unweightedSeen[code] = 1;
        }
      }
    }

    // custody: one forward walk over the merged episodes
    let j = uStart[p];
    const jEnd = uStart[p + 1];
    for (let k = k0; k <= k1; k++) {
      const a = qs[k] > cs ? qs[k] : cs;
      const b = qe[k] < ce ? qe[k] : ce;
      while (j < jEnd && (uE[j] < asOf ? uE[j] : asOf) < a) j++;
      let custodyDays = 0;
      for (let i = j; i < jEnd && uS[i] <= b; i++) {
        const e = uE[i] < asOf ? uE[i] : asOf;
        const l = uS[i] > a ? uS[i] : a;
        const h = e < b ? e : b;
        if (h >= l) custodyDays += h - l + 1;
      }
      const liberty = b - a + 1 - custodyDays;
      const cell = k * nSlots + slot;
      const anyEvent = ev[k] > 0 ? 1 : 0;
      aEligible[cell]++;
      if (liberty === 0) aWhole[cell]++;
      aCharged[cell] += anyEvent;
      if (liberty >= threshold) {
        aAtRisk[cell]++;
        aChargedAtRisk[cell] += anyEvent;
        aLiberty[cell] += liberty;
        aCharges[cell] += ev[k];
        if (weighted) {
          aHarm[cell] += evHarm[k];
          aUnweighted[cell] += evUnw[k];
        }
      }
    }
  }
  if (weighted) {
    const codes: string[] = [];
    for (let i = 0; i < unweightedSeen.length; i++) if (unweightedSeen[i] === 1) codes.push(ch.codes[i]);
    diagnostics.unweighted_codes = codes.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  const cumulative = o.cumulative ? cumulativeDesistance(ds, o.basis, qe, nSlots, slotOf, o.level) : null;

  // ---- rows
  const rows: QuarterlyRow[] = [];
  const notAtRisk =
    o.custody === 'min-liberty'
      ? `had fewer than ${o.minLibertyDays} liberty day${o.minLibertyDays === 1 ? '' : 's'} in the quarter`
      : 'spent the whole quarter in custody';
  for (let k = 0; k < nQ; k++) {
    const qi = from + k;
    const provisional = qe[k] > asOf || (offenceBasis && addDuration(qe[k], o.lag) > asOf);
    for (let s = 0; s < nSlots; s++) {
      const cell = k * nSlots + s;
      const eligible = aEligible[cell];
      const charged = aCharged[cell];
      const atRisk = aAtRisk[cell];
      const chargedAtRisk = aChargedAtRisk[cell];
      const liberty = aLiberty[cell];
      const nCharges = aCharges[cell];

      // a quarter that starts after as-of has not happened yet: say so, not "nobody is eligible"
      const noneEligible = qs[k] > asOf ? `the quarter starts after the as-of date ${formatDay(asOf)}: it has not happened yet` : 'nobody is eligible in this quarter (eligible = 0)';
      let du: number | null = null, duLo: number | null = null, duHi: number | null = null;
      let reasonU: string | null = null;
      if (eligible === 0) reasonU = noneEligible;
      else {
        const e = proportionInterval(eligible - charged, eligible, o.ciMethod, o.level);
        [du, duLo, duHi, reasonU] = [e.estimate, e.ci_low, e.ci_high, e.reason ?? null];
      }
      let d: number | null = null, dLo: number | null = null, dHi: number | null = null;
      let reason: string | null = null;
      if (eligible === 0) reason = noneEligible;
      else if (atRisk === 0) reason = `nobody is at risk: all ${eligible} eligible ${eligible === 1 ? 'person' : 'people'} ${notAtRisk} (at_risk = 0)`;
      else {
        const e = proportionInterval(atRisk - chargedAtRisk, atRisk, o.ciMethod, o.level);
        [d, dLo, dHi, reason] = [e.estimate, e.ci_low, e.ci_high, e.reason ?? null];
      }
      let rate: number | null = null, rLo: number | null = null, rHi: number | null = null;
      let rateReason: string | null = null;
      if (liberty === 0) {
        rateReason = qs[k] > asOf ? noneEligible : atRisk === 0 ? 'no liberty days: nobody is at risk in this quarter' : 'no liberty days at risk in this quarter';
      } else {
        const r = poissonExact(nCharges, liberty, o.level);
        rate = r.estimate === null ? null : r.estimate * 1000;
        rLo = r.ci_low === null ? null : r.ci_low * 1000;
        rHi = r.ci_high === null ? null : r.ci_high * 1000;
        rateReason = r.reason ?? null;
      }
      const row: QuarterlyRow = {
        quarter: quarterLabel(qi, o.quarters),
        quarter_start: formatDay(qs[k]),
        quarter_end: formatDay(qe[k]),
        group: slotName(s),
        eligible,
        in_custody_whole_quarter: aWhole[cell],
        charged,
        desistance_unadjusted: du,
        ci_low_unadjusted: duLo,
        ci_high_unadjusted: duHi,
        reason_unadjusted: reasonU,
        at_risk: atRisk,
        charged_at_risk: chargedAtRisk,
        desistance: d,
        ci_low: dLo,
        ci_high: dHi,
        reason,
        liberty_days: liberty,
        charges: nCharges,
        charges_per_1000_liberty_days: rate,
        rate_ci_low: rLo,
        rate_ci_high: rHi,
        rate_reason: rateReason,
        provisional,
      };
      if (weighted) {
        const harm = aHarm[cell];
        row.harm = harm;
        row.harm_per_person = atRisk === 0 ? null : harm / atRisk;
        row.harm_per_1000_liberty_days = liberty === 0 ? null : (harm / liberty) * 1000;
        row.unweighted_charges = aUnweighted[cell];
      }
      if (cumulative) {
        const c = cumulative[cell];
        row.cumulative_desistance = c.estimate;
        row.cumulative_ci_low = c.ci_low;
        row.cumulative_ci_high = c.ci_high;
        row.cumulative_liberty_days = c.time;
        row.cumulative_reason = c.reason;
      }
      rows.push(row);
    }
  }
  return { rows, diagnostics, options };
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
  if (b < a) return 0;
  const { personStart, start, end } = ds.custody;
  const asOf = ds.asOf;
  let custody = 0;
  for (let i = personStart[p], iEnd = personStart[p + 1]; i < iEnd && start[i] <= b; i++) {
    const e = end[i] < asOf ? end[i] : asOf;
    const l = start[i] > a ? start[i] : a;
    const h = e < b ? e : b;
    if (h >= l) custody += h - l + 1;
  }
  return b - a + 1 - custody;
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
