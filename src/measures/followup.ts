/**
 * Follow-up reoffending, proven-reoffending style (MEASURES.md §5), from charge extracts:
 * a charge-based proxy of "proven" reoffending.
 *
 * For each person:
 *
 * 1. **Index day** (`index`):
 *    - `start`: `cohort_start`.
 *    - `release`: the first liberty day on or after `cohort_start`. Someone in custody on
 *      `cohort_start` starts the day after that merged episode ends. When that episode is still
 *      open at as-of (or ends on or after as-of) the person was never released by as-of: they have
 *      **no index**, are counted in `no_index` and also in `not_mature` (never dropped silently).
 * 2. **Window** `[index, windowEnd]`, `L` = the calendar length of `followUp` from the index:
 *    - `calendar` clock: `windowEnd = index + followUp - 1 day`. Months clamp to the month's end:
 *      31 Jan 2023 + 12m = 31 Jan 2024, so the window ends 30 Jan 2024; 29 Feb 2024 + 12m =
 *      28 Feb 2025 (clamped), so it ends 27 Feb 2025 (L = 365 days in both cases).
 *    - `liberty` clock: `windowEnd` is the day on which the person has spent `L` liberty days since
 *      the index (custody days inside extend the window; merged episodes are walked in order).
 *      If the walk reaches a custody episode that is open at as-of (or ends on/after as-of), the
 *      window cannot complete within the data: `windowEnd = OPEN_END`, status `OPEN_CUSTODY`,
 *      counted as not mature.
 *    Custody days are those of the merged episodes, open ends covering up to as-of (§2).
 * 3. **Reoffence**: a charge whose offence date (or, when missing, its charge date, which then
 *    "stands in" and is counted in diagnostics) lies in `[index, windowEnd]` and whose
 *    `charge_date <= windowEnd + waiting` (waiting added on the calendar, months clamped).
 *    On the liberty clock, offences committed on custody days inside the window count too
 *    (an offence in prison is still an offence; custody only stretches the window).
 *    Reoffences are de-duplicated on (person, offence date, offence code); a missing code is a
 *    value like any other, so two code-less charges for the same offence day count once.
 * 4. **Maturity**: a person is counted only if `windowEnd + waiting <= asOf`; otherwise status
 *    `NOT_MATURE` and reported in `not_mature`.
 * 5. **Time to first reoffence**, one convention for both clocks: the number of clock days in the
 *    closed interval `[index, first offence day]`. Calendar: `first - index + 1` (an offence on the
 *    index day is time 1). Liberty: the liberty days in `[index, first]`, which is 0 when the
 *    offence falls on a custody day before any liberty day (e.g. committed in custody on a
 *    `start` index). People with no reoffence are censored at the window length on that clock,
 *    `L`, in both cases (the liberty window holds exactly `L` liberty days). Times lie in `[0, L]`.
 *
 * `cohort_end` plays no part: as in proven-reoffending statistics the follow-up runs from the
 * index regardless of later cohort exit.
 *
 * Costs: one pass over people with CSR offsets into charges and merged custody; O(charges +
 * episodes) overall, typed arrays only, no per-day loops. Memory: ~30 bytes per person.
 */
import { NO_DATE, OPEN_END } from '../core/days.js';
import { custodyDaysIn, type Dataset } from '../model/dataset.js';
import { addDuration, formatDuration, parseDuration, type Duration } from './periods.js';
import { kaplanMeier } from '../stats/kaplan-meier.js';
import { PROPORTION_METHODS, proportionInterval, type ProportionMethod } from '../stats/proportion-interval.js';

export type FollowupIndexMode = 'start' | 'release';
export type FollowupClock = 'calendar' | 'liberty';

export interface FollowupOptions {
  /** Default 'start'. */
  index?: FollowupIndexMode;
  /** Window length, `12m` / `90d` or parsed. Default 12 months. Must be at least 1 day. */
  followUp?: Duration | string;
  /** Time allowed after the window for a charge to be recorded. Default 6 months. */
  waiting?: Duration | string;
  /** Default 'calendar'. */
  clock?: FollowupClock;
  /** Confidence level of every interval. Default 0.95. */
  level?: number;
  /** Interval for the reoffending rate (a proportion). Default 'wilson'. */
  ciMethod?: ProportionMethod;
  /** One row per group (the cohort's `group` column). Default true; ignored when there are no groups. */
  byGroup?: boolean;
}

export interface ResolvedFollowupOptions {
  index: FollowupIndexMode;
  followUp: Duration;
  waiting: Duration;
  clock: FollowupClock;
  level: number;
  ciMethod: ProportionMethod;
  byGroup: boolean;
  /** `followUp` and `waiting` as strings (`12m`), for echoing in output meta. */
  followUpText: string;
  waitingText: string;
}

/** Per-person status codes (`FollowupPersons.status`). Every non-zero code counts as not mature. */
export const FOLLOWUP_STATUS = {
  /** Mature: counted in `n`. */
  COUNTED: 0,
  /** windowEnd + waiting is after as-of. */
  NOT_MATURE: 1,
  /** `release` index: in custody at cohort_start and not released by as-of. */
  NO_INDEX: 2,
  /** `liberty` clock: in custody at as-of before the window completed. */
  OPEN_CUSTODY: 3,
} as const;

/**
 * Per-person results, one entry per person in cohort order (index = person number in the
 * Dataset). Everything a later comparison needs (binary, count, time-to-event and exposure
 * outcomes); read only where `included[p] === 1` unless stated otherwise.
 */
export interface FollowupPersons {
  n: number;
  /** FOLLOWUP_STATUS code, for every person. */
  status: Uint8Array;
  /** 1 when the person is counted (mature), else 0. */
  included: Uint8Array;
  /** Index day; NO_DATE for NO_INDEX. Set for every other person, mature or not. */
  index: Int32Array;
  /**
   * Last day of the window; NO_DATE for NO_INDEX, OPEN_END for OPEN_CUSTODY. Set for every other
   * person (for NOT_MATURE people it says when their window ends).
   */
  windowEnd: Int32Array;
  /** 1 when at least one reoffence (0 for people not counted). */
  reoffended: Uint8Array;
  /** De-duplicated reoffences (0 for people not counted). */
  reoffences: Int32Array;
  /** Day of the first reoffence; NO_DATE when none or not counted. */
  firstReoffence: Int32Array;
  /**
   * Time to first reoffence on the chosen clock (clock days in [index, first]), or the censoring
   * time `L` (window length on that clock) when `reoffended` is 0. -1 for people not counted.
   */
  time: Int32Array;
  /** Liberty days in the window (custody days excluded). -1 for people not counted. */
  libertyDays: Int32Array;
  /** Index into `groupNames`, -1 without a group value (the Dataset's own array, not a copy). */
  group: Int32Array;
  groupNames: string[];
}

export interface FollowupDiagnostics {
  /**
   * Charges of counted people, charged on or before the end of their waiting period (the
   * charges considered), whose offence date was missing so their charge date stood in.
   */
  chargeDateStoodIn: number;
  /** Of those, the charges that fell in the window (reoffence charges, before de-duplication). */
  chargeDateStoodInInWindow: number;
  /** Charges considered (see above). */
  chargesConsidered: number;
  /** Reoffence charges dropped as the same person, offence date and offence code. */
  duplicateReoffences: number;
  /** Offences in the window of counted people, charged after the waiting period (not counted). */
  chargedAfterWaiting: number;
  /** `release` index: never released by as-of (also in notMature). */
  noIndex: number;
  /** `liberty` clock: window cut short by custody open at as-of (also in notMature). */
  openCustody: number;
  /** Everyone not counted: NOT_MATURE + NO_INDEX + OPEN_CUSTODY. */
  notMature: number;
  /** Liberty clock only: first reoffences at time 0 (committed in custody before any liberty day). */
  timeZeroEvents: number;
}

/** One output row (CLI.md `followup` fields plus extras). Null figures carry a `*_reason`. */
export interface FollowupRow {
  /** Group name; null when rows are not split by group. '' = people with no group value. */
  group: string | null;
  /** People counted (mature). */
  n: number;
  /** People not counted: window + waiting after as-of, no index, or window open in custody. */
  not_mature: number;
  /** Of not_mature, the people with no index (release index only). */
  no_index: number;
  reoffenders: number;
  /** reoffenders / n. */
  rate: number | null;
  ci_low: number | null;
  ci_high: number | null;
  rate_reason: string | null;
  /** De-duplicated reoffences of counted people. */
  reoffences: number;
  /** reoffences / n. */
  per_person: number | null;
  per_person_reason: string | null;
  /** reoffences / reoffenders. */
  per_reoffender: number | null;
  per_reoffender_reason: string | null;
  /** Kaplan-Meier median time to first reoffence, on the chosen clock, censored at window end. */
  median_days_to_first: number | null;
  /** Interval of the median (read off the log-log confidence curves, as R print.survfit). */
  median_ci_low: number | null;
  median_ci_high: number | null;
  median_days_to_first_reason: string | null;
  /** Sum over counted people of liberty days in their window (exposure for rate ratios). */
  liberty_days: number;
}

export interface FollowupResult {
  rows: FollowupRow[];
  persons: FollowupPersons;
  diagnostics: FollowupDiagnostics;
  options: ResolvedFollowupOptions;
}

function asDuration(v: Duration | string | undefined, fallback: string, what: string): Duration {
  if (v === undefined) return parseDuration(fallback);
  if (typeof v === 'string') {
    try {
      return parseDuration(v);
    } catch (e) {
      throw new RangeError(`${what}: ${(e as Error).message}`);
    }
  }
  const n = 'months' in v ? v.months : v.days;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what}: expected a whole number of months or days >= 0`);
  return v;
}

/** Fill in defaults and check every option; throws RangeError naming the bad one. */
export function resolveFollowupOptions(opts: FollowupOptions = {}): ResolvedFollowupOptions {
  const index = opts.index ?? 'start';
  if (index !== 'start' && index !== 'release') throw new RangeError(`index must be 'start' or 'release'; got '${String(index)}'`);
  const clock = opts.clock ?? 'calendar';
  if (clock !== 'calendar' && clock !== 'liberty') throw new RangeError(`clock must be 'calendar' or 'liberty'; got '${String(clock)}'`);
  const followUp = asDuration(opts.followUp, '12m', 'follow-up');
  if (('months' in followUp ? followUp.months : followUp.days) < 1) throw new RangeError('follow-up must be at least 1 day or 1 month');
  const waiting = asDuration(opts.waiting, '6m', 'waiting');
  const level = opts.level ?? 0.95;
  if (!(typeof level === 'number' && level > 0 && level < 1)) throw new RangeError(`level must be strictly between 0 and 1; got ${String(level)}`);
  const ciMethod = opts.ciMethod ?? 'wilson';
  if (!(PROPORTION_METHODS as readonly string[]).includes(ciMethod)) {
    throw new RangeError(`ciMethod must be one of ${PROPORTION_METHODS.join(', ')}; got '${String(ciMethod)}'`);
  }
  return {
    index,
    clock,
    followUp,
    waiting,
    level,
    ciMethod,
    byGroup: opts.byGroup ?? true,
    followUpText: formatDuration(followUp),
    waitingText: formatDuration(waiting),
  };
}

/**
 * A fast `d -> addDuration(d, dur)`: day durations are one addition; month durations are
 * memoised over a dense day range (index days of a cohort span a few thousand days).
 */
function durationAdder(dur: Duration): (d: number) => number {
  if (!('months' in dur)) {
    const k = dur.days;
    return (d) => d + k;
  }
  let base = 0;
  let cache: Int32Array | null = null;
  const CACHE_SPAN = 1 << 16; // ~180 years of days
  return (d) => {
    if (cache === null) {
      base = d - (CACHE_SPAN >> 1);
      cache = new Int32Array(CACHE_SPAN).fill(NO_DATE);
    }
    const i = d - base;
    if (i >= 0 && i < CACHE_SPAN) {
      let v = cache[i];
      if (v === NO_DATE) v = cache[i] = addDuration(d, dur);
      return v;
    }
    return addDuration(d, dur);
  };
}

/** Number of distinct values in keys[0..k) (sorts that prefix in place). */
function distinctCount(keys: Float64Array, k: number): number {
  if (k < 2) return k;
  if (k <= 12) {
    let distinct = 0;
    for (let i = 0; i < k; i++) {
      const v = keys[i];
      let seen = false;
      for (let j = 0; j < i; j++) {
        if (keys[j] === v) {
          seen = true;
          break;
        }
      }
      if (!seen) distinct++;
    }
    return distinct;
  }
  const s = keys.subarray(0, k).sort();
  let distinct = 1;
  for (let i = 1; i < k; i++) if (s[i] !== s[i - 1]) distinct++;
  return distinct;
}

/**
 * The per-person part of the measure: index, window, maturity and outcomes for everyone.
 * Pure; one pass over people. {@link followup} adds the grouped rows and statistics.
 */
export function followupPersons(
  ds: Dataset,
  opts: FollowupOptions | ResolvedFollowupOptions = {},
): { persons: FollowupPersons; diagnostics: FollowupDiagnostics; options: ResolvedFollowupOptions } {
  const o = 'followUpText' in opts ? opts : resolveFollowupOptions(opts);
  const { people, charges, custody, asOf } = ds;
  const N = people.n;
  const release = o.index === 'release';
  const liberty = o.clock === 'liberty';
  const addFollow = durationAdder(o.followUp);
  const addWait = durationAdder(o.waiting);

  const status = new Uint8Array(N);
  const included = new Uint8Array(N);
  const indexDay = new Int32Array(N);
  const windowEndDay = new Int32Array(N);
  const reoffended = new Uint8Array(N);
  const reoffences = new Int32Array(N);
  const firstReoffence = new Int32Array(N).fill(NO_DATE);
  const time = new Int32Array(N).fill(-1);
  const libertyDays = new Int32Array(N).fill(-1);

  const cStart = custody.start;
  const cEnd = custody.end;
  const cOff = custody.personStart;
  const chOff = charges.personStart;
  const chDate = charges.chargeDate;
  const offDate = charges.offenceDate;
  const offCode = charges.offenceCode;
  const nCodes1 = charges.codes.length + 1;
  let keys = new Float64Array(64);

  let stoodIn = 0;
  let stoodInWindow = 0;
  let considered = 0;
  let duplicates = 0;
  let late = 0;
  let noIndex = 0;
  let openCustody = 0;
  let notMature = 0;
  let timeZero = 0;

  for (let p = 0; p < N; p++) {
    const cs = people.cohortStart[p];
    const k0 = cOff[p];
    const k1 = cOff[p + 1];

    // 1. index day (k = first episode that can touch days >= idx)
    let idx = cs;
    let k = k0;
    if (release) {
      let never = false;
      for (; k < k1; k++) {
        const s = cStart[k];
        if (s > cs) break;
        const e = cEnd[k] >= asOf ? asOf : cEnd[k];
        if (e < cs) continue;
        // in custody on cohort_start (merged episodes: at most one covers it)
        if (cEnd[k] >= asOf) never = true;
        else idx = e + 1;
        k++;
        break;
      }
      if (never) {
        status[p] = FOLLOWUP_STATUS.NO_INDEX;
        indexDay[p] = NO_DATE;
        windowEndDay[p] = NO_DATE;
        noIndex++;
        notMature++;
        continue;
      }
    }
    indexDay[p] = idx;

    // 2. window
    const calEnd = addFollow(idx) - 1;
    const L = calEnd - idx + 1;
    let wEnd = calEnd;
    if (liberty) {
      let cur = idx;
      let rem = L;
      wEnd = NO_DATE;
      for (let j = k; j < k1; j++) {
        const s = cStart[j];
        if (s > asOf) break; // nothing after as-of exists
        const e = cEnd[j] >= asOf ? asOf : cEnd[j];
        if (e < cur) continue;
        if (s > cur) {
          const gap = s - cur;
          if (gap >= rem) break;
          rem -= gap;
        }
        if (cEnd[j] >= asOf) {
          wEnd = OPEN_END;
          break;
        }
        cur = e + 1;
      }
      if (wEnd === NO_DATE) wEnd = cur + rem - 1;
    }
    windowEndDay[p] = wEnd;
    if (wEnd === OPEN_END) {
      status[p] = FOLLOWUP_STATUS.OPEN_CUSTODY;
      openCustody++;
      notMature++;
      continue;
    }

    // 3. maturity
    const waitEnd = addWait(wEnd);
    if (waitEnd > asOf) {
      status[p] = FOLLOWUP_STATUS.NOT_MATURE;
      notMature++;
      continue;
    }
    included[p] = 1;

    // 4. reoffences (charges are sorted by charge date within a person)
    let nk = 0;
    let first = OPEN_END;
    for (let j = chOff[p], j1 = chOff[p + 1]; j < j1; j++) {
      const cd = chDate[j];
      if (cd > waitEnd) break;
      considered++;
      let od = offDate[j];
      const stood = od === NO_DATE;
      if (stood) {
        od = cd;
        stoodIn++;
      }
      if (od < idx || od > wEnd) continue;
      if (stood) stoodInWindow++;
      if (nk === keys.length) {
        const bigger = new Float64Array(keys.length * 2);
        bigger.set(keys);
        keys = bigger;
      }
      keys[nk++] = od * nCodes1 + (offCode[j] + 1);
      if (od < first) first = od;
    }
    // Charges after waitEnd but offended in the window: counted for diagnostics only.
    for (let j = chOff[p + 1] - 1, j0 = chOff[p]; j >= j0; j--) {
      const cd = chDate[j];
      if (cd <= waitEnd) break;
      const od = offDate[j] === NO_DATE ? cd : offDate[j];
      if (od >= idx && od <= wEnd) late++;
    }

    const distinct = distinctCount(keys, nk);
    duplicates += nk - distinct;
    reoffences[p] = distinct;

    // custody days in the window (and up to the first reoffence on the liberty clock)
    if (distinct > 0) {
      reoffended[p] = 1;
      firstReoffence[p] = first;
      let t = first - idx + 1;
      if (liberty) {
        t -= custodyDaysIn(custody, p, idx, first, asOf);
        if (t === 0) timeZero++;
      }
      time[p] = t;
    } else {
      time[p] = L;
    }
    libertyDays[p] = liberty ? L : L - custodyDaysIn(custody, p, idx, wEnd, asOf);
  }

  return {
    persons: {
      n: N,
      status,
      included,
      index: indexDay,
      windowEnd: windowEndDay,
      reoffended,
      reoffences,
      firstReoffence,
      time,
      libertyDays,
      group: people.group,
      groupNames: people.groupNames,
    },
    diagnostics: {
      chargeDateStoodIn: stoodIn,
      chargeDateStoodInInWindow: stoodInWindow,
      chargesConsidered: considered,
      duplicateReoffences: duplicates,
      chargedAfterWaiting: late,
      noIndex,
      openCustody,
      notMature,
      timeZeroEvents: timeZero,
    },
    options: o,
  };
}

/**
 * Row slots: with groups, slot g for groupNames[g] and slot G for people with no group value;
 * otherwise everyone in slot 0. Returns the slot of each person and the labels.
 */
export function followupSlots(
  persons: FollowupPersons,
  byGroup: boolean,
): { slotOf: (p: number) => number; labels: (string | null)[] } {
  const G = persons.groupNames.length;
  if (!byGroup || G === 0) return { slotOf: () => 0, labels: [null] };
  const group = persons.group;
  let anyUngrouped = false;
  for (let p = 0; p < persons.n; p++) if (group[p] < 0) anyUngrouped = true;
  const labels: (string | null)[] = [...persons.groupNames];
  if (anyUngrouped) labels.push('');
  return { slotOf: (p) => (group[p] >= 0 ? group[p] : G), labels };
}

const reasonNoPeople = 'no mature people (n = 0)';

/**
 * Follow-up reoffending per group (MEASURES.md §5); see the module comment for every convention.
 *
 * @example
 * const ds = datasetFromLiterals({ asOf: '2025-01-01', people: [{ id: 'a', start: '2023-01-01' }],
 *   charges: [{ id: 'a', charge: '2023-03-01', offence: '2023-02-01' }] });
 * followup(ds, {}).rows[0] // { group: null, n: 1, reoffenders: 1, rate: 1, reoffences: 1, median_days_to_first: 32, ... }
 */
export function followup(ds: Dataset, opts: FollowupOptions = {}): FollowupResult {
  return followupFromPersons(followupPersons(ds, opts));
}

/**
 * The grouped rows from the per-person pass. Each person's figures depend on that person
 * alone, so one pass can serve several groupings: a batch replaces `persons.group` (people
 * outside a subgroup get -1) and calls this again, without re-reading the charges.
 */
export function followupFromPersons({ persons, diagnostics, options }: ReturnType<typeof followupPersons>): FollowupResult {
  const { slotOf, labels } = followupSlots(persons, options.byGroup);
  const S = labels.length;
  const n = new Float64Array(S);
  const notMature = new Float64Array(S);
  const noIdx = new Float64Array(S);
  const reoffenders = new Float64Array(S);
  const reoff = new Float64Array(S);
  const lib = new Float64Array(S);
  for (let p = 0; p < persons.n; p++) {
    const s = slotOf(p);
    if (persons.included[p] === 0) {
      notMature[s]++;
      if (persons.status[p] === FOLLOWUP_STATUS.NO_INDEX) noIdx[s]++;
      continue;
    }
    n[s]++;
    reoffenders[s] += persons.reoffended[p];
    reoff[s] += persons.reoffences[p];
    lib[s] += persons.libertyDays[p];
  }
  const { times, events } = timesBySlot(persons, slotOf, S);

  const rows: FollowupRow[] = [];
  for (let s = 0; s < S; s++) {
    const ns = n[s];
    const r = reoffenders[s];
    const row: FollowupRow = {
      group: labels[s],
      n: ns,
      not_mature: notMature[s],
      no_index: noIdx[s],
      reoffenders: r,
      rate: null,
      ci_low: null,
      ci_high: null,
      rate_reason: null,
      reoffences: reoff[s],
      per_person: null,
      per_person_reason: null,
      per_reoffender: null,
      per_reoffender_reason: null,
      median_days_to_first: null,
      median_ci_low: null,
      median_ci_high: null,
      median_days_to_first_reason: null,
      liberty_days: lib[s],
    };
    if (ns === 0) {
      row.rate_reason = reasonNoPeople;
      row.per_person_reason = reasonNoPeople;
      row.per_reoffender_reason = reasonNoPeople;
      row.median_days_to_first_reason = reasonNoPeople;
    } else {
      const est = proportionInterval(r, ns, options.ciMethod, options.level);
      row.rate = est.estimate;
      row.ci_low = est.ci_low;
      row.ci_high = est.ci_high;
      row.rate_reason = est.estimate === null || est.ci_low === null || est.ci_high === null ? (est.reason ?? null) : null;
      row.per_person = reoff[s] / ns;
      if (r === 0) row.per_reoffender_reason = 'no reoffenders';
      else row.per_reoffender = reoff[s] / r;
      const med = kaplanMeier(times[s], events[s], { level: options.level }).median;
      row.median_days_to_first = med.estimate;
      row.median_ci_low = med.ci_low;
      row.median_ci_high = med.ci_high;
      if (med.estimate === null) {
        row.median_days_to_first_reason =
          r === 0 ? 'no reoffences, so the median is not reached' : 'fewer than half reoffended within the window, so the median is not reached';
      }
    }
    rows.push(row);
  }
  return { rows, persons, diagnostics, options };
}

/**
 * Time-to-first-reoffence arrays per row slot (group), over the people counted, in person
 * order: the input of the Kaplan-Meier fits of the rows and of the curve.
 */
export function timesBySlot(persons: FollowupPersons, slotOf: (p: number) => number, S: number): { times: Int32Array[]; events: Uint8Array[] } {
  const counts = new Int32Array(S);
  for (let p = 0; p < persons.n; p++) if (persons.included[p] === 1) counts[slotOf(p)]++;
  const times = Array.from(counts, (c) => new Int32Array(c));
  const events = Array.from(counts, (c) => new Uint8Array(c));
  const fill = new Int32Array(S);
  for (let p = 0; p < persons.n; p++) {
    if (persons.included[p] === 0) continue;
    const s = slotOf(p);
    const i = fill[s]++;
    times[s][i] = persons.time[p];
    events[s][i] = persons.reoffended[p];
  }
  return { times, events };
}
