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
import { kaplanMeier, kaplanMeierWeighted } from '../stats/kaplan-meier.js';
import { weightedProportion } from '../stats/weighted-proportions.js';
import { BLANK_GROUP, groupOrder, groupRanks } from './groups.js';
import { PROPORTION_METHODS, proportionInterval, type ProportionMethod } from '../stats/proportion-interval.js';

export type FollowupIndexMode = 'start' | 'release';
export type FollowupClock = 'calendar' | 'liberty' | 'gaps';
export const FOLLOWUP_CLOCKS: readonly FollowupClock[] = ['calendar', 'liberty', 'gaps'];

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
  /** Leave out charges whose offence date (or, without one, charge date) is the index day. Default false. */
  excludeIndexDay?: boolean;
  /**
   * Case weights per person (e.g. matching weights): rates, per-person figures and the
   * Kaplan-Meier median become weighted (see {@link followup}). Counts stay counts of people.
   */
  weights?: ArrayLike<number>;
}

export interface ResolvedFollowupOptions {
  index: FollowupIndexMode;
  followUp: Duration;
  waiting: Duration;
  clock: FollowupClock;
  level: number;
  ciMethod: ProportionMethod;
  byGroup: boolean;
  excludeIndexDay: boolean;
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
  /**
   * Time to first reoffence over everyone with an index, mature or not (counting-process rows,
   * CSR by person: the rows of person p are `survival.offsets[p] .. offsets[p + 1] - 1`); see
   * {@link FollowupSurvival}.
   */
  survival: FollowupSurvival;
  /** Charges (charge_date <= as-of) whose offence date, or charge date without one, is the index day. Everyone with an index. */
  indexDayCharges: Int32Array;
  /** Counted people: reoffence charges in the window whose charge date stood in for a missing offence date. */
  stoodIn: Int32Array;
  /** Counted people: offences in the window charged after the waiting period (not counted). */
  chargedAfterWaiting: Int32Array;
}

/**
 * Survival rows, R's `Surv(entry, stop, event)`. Calendar and liberty clocks: one row per person,
 * entry 0, stop = clock days in [index, first reoffence] or in [index, censoring day]. Gaps clock:
 * one row per liberty stretch between custody episodes (calendar days since the index), so a
 * person in custody at the index enters at release and each custody episode is a gap.
 */
export interface FollowupSurvival {
  offsets: Int32Array;
  entry: Float64Array;
  stop: Float64Array;
  event: Uint8Array;
  /** Last day of observation for the survival estimate: as-of minus the waiting period. */
  horizon: number;
  /** True on the gaps clock: `entry` matters (counting-process data). */
  counting: boolean;
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
  /** Charges whose offence date (or charge date) is the index day, everyone with an index. */
  indexDayCharges: number;
  /** People with an index whose survival follow-up is empty (index after the horizon, or never at liberty before it). */
  noSurvivalFollowUp: number;
  /** Gaps clock: reoffences while in custody at the index, before entering the risk set (not events). */
  beforeEntry: number;
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
  /**
   * People in the time-to-first estimate: everyone with an index and some follow-up before the
   * horizon. Null in rows made from counts alone (`--from-counts`), as are the median and the
   * charge counts below: they need each person's days and charges.
   */
  survival_n: number | null;
  /** Of those, the people with a first reoffence observed. */
  survival_events: number | null;
  /**
   * Kaplan-Meier median time to first reoffence on the chosen clock, over everyone with an index,
   * censored at the earlier of the window end and the observation horizon.
   */
  median_days_to_first: number | null;
  /** Interval of the median (read off the log-log confidence curves, as R print.survfit). */
  median_ci_low: number | null;
  median_ci_high: number | null;
  median_days_to_first_reason: string | null;
  /** Sum over counted people of liberty days in their window (exposure for rate ratios). */
  liberty_days: number;
  /** Charges whose offence date (or charge date without one) is the index day (everyone with an index). */
  index_day_charges: number | null;
  /** Counted people's reoffence charges whose charge date stood in for a missing offence date. */
  stood_in_charges: number | null;
  /** Counted people's offences in the window charged after the waiting period (not counted). */
  charged_after_waiting: number | null;
  /** Only with weights: the sum of the counted people's weights. */
  weighted_n?: number;
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
  if (!FOLLOWUP_CLOCKS.includes(clock)) throw new RangeError(`clock must be one of ${FOLLOWUP_CLOCKS.join(', ')}; got '${String(clock)}'`);
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
    excludeIndexDay: opts.excludeIndexDay ?? false,
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
 * The last day of observation for time to first reoffence: the latest day d with
 * d + waiting <= as-of, so that an offence on or before it has had the full waiting period to
 * be charged by as-of (as-of minus the waiting period, months clamped).
 */
export function observationHorizon(asOf: number, waiting: Duration): number {
  if (!('months' in waiting)) return asOf - waiting.days;
  let lo = asOf - 31 * (waiting.months + 1);
  let hi = asOf;
  while (lo < hi) {
    const mid = lo + Math.ceil((hi - lo) / 2);
    if (addDuration(mid, waiting) <= asOf) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The liberty-clock window end: the day on which the person has spent `L` liberty days since
 * `idx`, walking merged episodes k..k1-1. Episodes that begin on or after `cutoff` do not extend
 * the window (custody that follows the first offence: see the module comment). Returns OPEN_END
 * when an episode open at as-of is reached first.
 */
function libertyWindowEnd(custody: Dataset['custody'], k: number, k1: number, idx: number, L: number, asOf: number, cutoff: number): number {
  const { start, end } = custody;
  let cur = idx;
  let rem = L;
  for (let j = k; j < k1; j++) {
    const s = start[j];
    if (s > asOf || s >= cutoff) break; // nothing after as-of exists; later custody does not stretch
    const e = end[j] >= asOf ? asOf : end[j];
    if (e < cur) continue;
    if (s > cur) {
      const gap = s - cur;
      if (gap >= rem) break;
      rem -= gap;
    }
    if (end[j] >= asOf) return OPEN_END;
    cur = e + 1;
  }
  return cur + rem - 1;
}

/** Growable survival rows. */
class SurvivalRows {
  entry: number[] = [];
  stop: number[] = [];
  event: number[] = [];
  add(entry: number, stop: number, event: number): void {
    this.entry.push(entry);
    this.stop.push(stop);
    this.event.push(event);
  }
}

/**
 * Gaps clock rows of one person (see the module comment): liberty stretches from the entry day
 * `a0` to the censoring day `c`, as calendar times since `idx` (day d is time d - idx + 1). An
 * event on day `f` closes the stretch holding it; inside a custody episode it closes the stretch
 * before that episode (the arrest followed the offence).
 */
function gapsRows(out: SurvivalRows, custody: Dataset['custody'], k0: number, k1: number, idx: number, a0: number, c: number, f: number, asOf: number): void {
  let a = a0;
  for (let j = k0; j <= k1 && a <= c; j++) {
    // the next custody episode starting after a (or none)
    let s = OPEN_END;
    let e = OPEN_END;
    for (; j < k1; j++) {
      const ej = custody.end[j] >= asOf ? asOf : custody.end[j];
      if (ej < a) continue;
      s = custody.start[j];
      e = ej;
      break;
    }
    const b = Math.min(s - 1, c); // last liberty day of this stretch
    if (f !== NO_DATE && f >= a && f <= b) {
      out.add(a - idx, f - idx + 1, 1);
      return;
    }
    if (f !== NO_DATE && s <= c && f >= s && f <= e) {
      out.add(a - idx, s - idx, 1); // offence on or inside the episode: event when the arrest ends the stretch
      return;
    }
    out.add(a - idx, b - idx + 1, 0);
    if (s > c || custody.end[j] >= asOf) return;
    a = e + 1;
  }
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
  const gaps = o.clock === 'gaps';
  const excludeIndexDay = o.excludeIndexDay;
  const addFollow = durationAdder(o.followUp);
  const addWait = durationAdder(o.waiting);
  const horizon = observationHorizon(asOf, o.waiting);

  const status = new Uint8Array(N);
  const included = new Uint8Array(N);
  const indexDay = new Int32Array(N);
  const windowEndDay = new Int32Array(N);
  const reoffended = new Uint8Array(N);
  const reoffences = new Int32Array(N);
  const firstReoffence = new Int32Array(N).fill(NO_DATE);
  const time = new Int32Array(N).fill(-1);
  const libertyDays = new Int32Array(N).fill(-1);
  const indexDayCharges = new Int32Array(N);
  const stoodInPerson = new Int32Array(N);
  const latePerson = new Int32Array(N);
  const svOffsets = new Int32Array(N + 1);
  const sv = new SurvivalRows();

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
  let indexDayTotal = 0;
  let noSurvival = 0;
  let beforeEntry = 0;

  const offenceDay = (j: number) => (offDate[j] === NO_DATE ? chDate[j] : offDate[j]);
  /** Liberty days in [idx, d] (d >= idx - 1). */
  const libertyIn = (p: number, idx: number, d: number) => d - idx + 1 - custodyDaysIn(custody, p, idx, d, asOf);

  for (let p = 0; p < N; p++) {
    svOffsets[p] = sv.stop.length;
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
    const j0 = chOff[p];
    const j1 = chOff[p + 1];

    // index-day charges, and the first offence on or after the index (any charge by as-of)
    let firstAny = OPEN_END;
    for (let j = j0; j < j1; j++) {
      if (chDate[j] > asOf) continue;
      const od = offenceDay(j);
      if (od === idx) {
        indexDayCharges[p]++;
        indexDayTotal++;
        if (excludeIndexDay) continue;
      }
      if (od >= idx && od < firstAny) firstAny = od;
    }

    // 2. window
    const calEnd = addFollow(idx) - 1;
    const L = calEnd - idx + 1;
    let wEnd = calEnd;
    if (liberty) {
      // custody that begins on or after the first offence does not stretch the window
      wEnd = libertyWindowEnd(custody, k, k1, idx, L, asOf, OPEN_END);
      if (firstAny !== OPEN_END && (wEnd === OPEN_END || firstAny <= wEnd)) wEnd = libertyWindowEnd(custody, k, k1, idx, L, asOf, firstAny);
    }
    windowEndDay[p] = wEnd;

    // 3. maturity (the binary rate)
    const waitEnd = wEnd === OPEN_END ? OPEN_END : addWait(wEnd);
    if (wEnd === OPEN_END) {
      status[p] = FOLLOWUP_STATUS.OPEN_CUSTODY;
      openCustody++;
      notMature++;
    } else if (waitEnd > asOf) {
      status[p] = FOLLOWUP_STATUS.NOT_MATURE;
      notMature++;
    } else included[p] = 1;
    const counted = included[p] === 1;

    // 4. reoffences: offence in [idx, wEnd], charged by min(waitEnd, as-of)
    const deadline = waitEnd < asOf ? waitEnd : asOf;
    const c = wEnd < horizon ? wEnd : horizon; // survival censoring day
    let nk = 0;
    let first = OPEN_END;
    for (let j = j0; j < j1; j++) {
      const cd = chDate[j];
      if (cd > deadline) break; // charges are sorted by charge date within a person
      const stood = offDate[j] === NO_DATE;
      const od = stood ? cd : offDate[j];
      if (counted) {
        considered++;
        if (stood) stoodIn++;
      }
      if (od < idx || od > wEnd || (excludeIndexDay && od === idx)) continue;
      if (od < first) first = od;
      if (!counted) continue;
      if (stood) {
        stoodInWindow++;
        stoodInPerson[p]++;
      }
      if (nk === keys.length) {
        const bigger = new Float64Array(keys.length * 2);
        bigger.set(keys);
        keys = bigger;
      }
      keys[nk++] = od * nCodes1 + (offCode[j] + 1);
    }
    if (counted) {
      // Charges after the waiting period but offended in the window: counted for diagnostics only.
      for (let j = j1 - 1; j >= j0; j--) {
        const cd = chDate[j];
        if (cd <= waitEnd) break;
        const od = offenceDay(j);
        if (od >= idx && od <= wEnd && !(excludeIndexDay && od === idx)) {
          late++;
          latePerson[p]++;
        }
      }
      const distinct = distinctCount(keys, nk);
      duplicates += nk - distinct;
      reoffences[p] = distinct;
      if (distinct > 0) {
        reoffended[p] = 1;
        firstReoffence[p] = first;
        let t = first - idx + 1;
        if (liberty) {
          t = libertyIn(p, idx, first);
          if (t === 0) timeZero++;
        }
        time[p] = t;
      } else {
        time[p] = liberty ? libertyIn(p, idx, wEnd) : L;
      }
      libertyDays[p] = libertyIn(p, idx, wEnd);
    }

    // 5. survival over everyone with an index, censored at c = min(window end, horizon)
    const f = first <= c ? first : NO_DATE;
    if (gaps) {
      // entry: the first liberty day on or after the index
      let a0 = idx;
      let kk = k;
      for (; kk < k1; kk++) {
        const e = cEnd[kk] >= asOf ? asOf : cEnd[kk];
        if (e < a0) continue;
        if (cStart[kk] <= a0) a0 = cEnd[kk] >= asOf ? OPEN_END : e + 1;
        break;
      }
      let fg = f;
      if (fg !== NO_DATE && fg < a0) {
        // a reoffence while in custody at the index: not at risk; the first one after entry counts
        beforeEntry++;
        fg = NO_DATE;
        for (let j = j0; j < j1; j++) {
          if (chDate[j] > deadline) break;
          const od = offenceDay(j);
          if (od >= a0 && od <= c && !(excludeIndexDay && od === idx) && (fg === NO_DATE || od < fg)) fg = od;
        }
      }
      if (a0 <= c) gapsRows(sv, custody, kk, k1, idx, a0, c, fg, asOf);
    } else if (c >= idx) {
      if (liberty) {
        const t = f !== NO_DATE ? libertyIn(p, idx, f) : libertyIn(p, idx, c);
        sv.add(0, t, f !== NO_DATE ? 1 : 0);
      } else sv.add(0, (f !== NO_DATE ? f : c) - idx + 1, f !== NO_DATE ? 1 : 0);
    }
    if (sv.stop.length === svOffsets[p]) noSurvival++;
  }
  svOffsets[N] = sv.stop.length;

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
      survival: {
        offsets: svOffsets,
        entry: Float64Array.from(sv.entry),
        stop: Float64Array.from(sv.stop),
        event: Uint8Array.from(sv.event),
        horizon,
        counting: gaps,
      },
      indexDayCharges,
      stoodIn: stoodInPerson,
      chargedAfterWaiting: latePerson,
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
      indexDayCharges: indexDayTotal,
      noSurvivalFollowUp: noSurvival,
      beforeEntry,
    },
    options: o,
  };
}

/**
 * Row slots: with groups, one slot per group value in the shared output order (treated,
 * comparison, others by name; see groups.ts) and a last slot, labelled "(blank)", for people with
 * no group value; otherwise everyone in slot 0. Returns the slot of each person and the labels.
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
  const order = groupOrder(persons.groupNames);
  const rank = groupRanks(persons.groupNames);
  const labels: (string | null)[] = order.map((g) => persons.groupNames[g]);
  if (anyUngrouped) labels.push(BLANK_GROUP);
  return { slotOf: (p) => (group[p] >= 0 ? rank[group[p]] : G), labels };
}

const reasonNoPeople = 'no mature people (n = 0)';

/** The counts one follow-up row is made of: everything its rates and their intervals come from. */
export interface FollowupCounts {
  n: number;
  not_mature: number;
  no_index: number;
  reoffenders: number;
  reoffences: number;
  liberty_days: number;
}

/** The count columns of {@link FollowupCounts}, in row order. */
export const FOLLOWUP_COUNT_FIELDS = ['n', 'not_mature', 'no_index', 'reoffenders', 'reoffences', 'liberty_days'] as const;

/** The fields of a row that need each person's days and charges, not only the counts. */
export type FollowupPersonFields = Pick<
  FollowupRow,
  'survival_n' | 'survival_events' | 'median_days_to_first' | 'median_ci_low' | 'median_ci_high' | 'median_days_to_first_reason' | 'index_day_charges' | 'stood_in_charges' | 'charged_after_waiting'
>;

/** Why a row made from counts alone has no median: the reason its `median_days_to_first` is null. */
export const MEDIAN_NOT_FROM_COUNTS = "not computed from counts: the Kaplan-Meier median needs each person's time to first reoffence (run desist followup on the extracts)";

/** The person-level fields of a row made from counts alone: null, the median with its reason. */
export const NOT_FROM_COUNTS: FollowupPersonFields = {
  survival_n: null,
  survival_events: null,
  median_days_to_first: null,
  median_ci_low: null,
  median_ci_high: null,
  median_days_to_first_reason: MEDIAN_NOT_FROM_COUNTS,
  index_day_charges: null,
  stood_in_charges: null,
  charged_after_waiting: null,
};

/**
 * One follow-up row from its counts: the rate reoffenders / n with its interval (`ciMethod`,
 * `level`), reoffences per person and per reoffender, each null with a reason when its
 * denominator is 0. The engine passes the person-level fields it computed; counts from elsewhere
 * (`--from-counts`, the result of `desist sql followup`) leave them null ({@link NOT_FROM_COUNTS}).
 *
 * @example
 * const row = followupRowFromCounts({ ciMethod: 'wilson', level: 0.95 }, 'treated',
 *   { n: 40, not_mature: 5, no_index: 0, reoffenders: 10, reoffences: 25, liberty_days: 13000 });
 * [row.group, row.n, row.reoffenders, row.rate, row.per_person, row.per_reoffender]; // ['treated', 40, 10, 0.25, 0.625, 2.5]
 * row.ci_low; // ≈ 0.1419 — R: prop.test(10, 40, correct = FALSE)$conf.int = 0.14187118639096308 0.40193961420768026
 * row.ci_high; // ≈ 0.4019
 * row.median_days_to_first; // null — not known from counts
 */
export function followupRowFromCounts(
  o: Pick<ResolvedFollowupOptions, 'ciMethod' | 'level'>,
  group: string | null,
  c: FollowupCounts,
  person: FollowupPersonFields = NOT_FROM_COUNTS,
): FollowupRow {
  const row: FollowupRow = {
    group,
    n: c.n,
    not_mature: c.not_mature,
    no_index: c.no_index,
    reoffenders: c.reoffenders,
    rate: null,
    ci_low: null,
    ci_high: null,
    rate_reason: null,
    reoffences: c.reoffences,
    per_person: null,
    per_person_reason: null,
    per_reoffender: null,
    per_reoffender_reason: null,
    survival_n: person.survival_n,
    survival_events: person.survival_events,
    median_days_to_first: person.median_days_to_first,
    median_ci_low: person.median_ci_low,
    median_ci_high: person.median_ci_high,
    median_days_to_first_reason: person.median_days_to_first_reason,
    liberty_days: c.liberty_days,
    index_day_charges: person.index_day_charges,
    stood_in_charges: person.stood_in_charges,
    charged_after_waiting: person.charged_after_waiting,
  };
  if (c.n === 0) {
    row.rate_reason = reasonNoPeople;
    row.per_person_reason = reasonNoPeople;
    row.per_reoffender_reason = reasonNoPeople;
    return row;
  }
  const est = proportionInterval(c.reoffenders, c.n, o.ciMethod, o.level);
  row.rate = est.estimate;
  row.ci_low = est.ci_low;
  row.ci_high = est.ci_high;
  row.rate_reason = est.estimate === null || est.ci_low === null || est.ci_high === null ? (est.reason ?? null) : null;
  row.per_person = c.reoffences / c.n;
  if (c.reoffenders === 0) row.per_reoffender_reason = 'no reoffenders';
  else row.per_reoffender = c.reoffences / c.reoffenders;
  return row;
}

/** The survival size and Kaplan-Meier median (with its interval, or the reason it has none) of one slot. */
function medianFields(sv: SlotSurvival, level: number): Pick<FollowupPersonFields, 'survival_n' | 'survival_events' | 'median_days_to_first' | 'median_ci_low' | 'median_ci_high' | 'median_days_to_first_reason'> {
  const out = { survival_n: sv.people, survival_events: sv.events, median_days_to_first: null, median_ci_low: null, median_ci_high: null, median_days_to_first_reason: null };
  if (sv.people === 0) return { ...out, median_days_to_first_reason: 'nobody has follow-up time before the observation horizon' };
  const med = kaplanMeier(sv.stop, sv.event, { level, entry: sv.entry }).median;
  const reason =
    med.estimate !== null ? null : sv.events === 0 ? 'no reoffences, so the median is not reached' : 'survival stays above one half within the follow-up, so the median is not reached';
  return { ...out, median_days_to_first: med.estimate, median_ci_low: med.ci_low, median_ci_high: med.ci_high, median_days_to_first_reason: reason };
}

/**
 * Follow-up reoffending per group (MEASURES.md §5); see the module comment for every convention.
 *
 * **Weights** (`weights`, e.g. matching weights): `rate` = sum(w y) / sum(w) with the robust Wald
 * interval of stats/weighted-proportions.ts (whatever `ciMethod`), `per_person` and
 * `per_reoffender` weighted the same way, the median from the weighted Kaplan-Meier
 * (R `survfit(weights =)`), and `weighted_n` = sum(w); n, reoffenders and reoffences stay counts.
 *
 * @example
 * import { datasetFromLiterals } from '../model/build.js';
 * const ds = datasetFromLiterals({ asOf: '2025-01-01', people: [{ id: 'a', start: '2023-01-01' }],
 *   charges: [{ id: 'a', charge: '2023-03-01', offence: '2023-02-01' }] });
 * const row = followup(ds, {}).rows[0];
 * [row.group, row.n, row.reoffenders, row.rate, row.reoffences]; // [null, 1, 1, 1, 1]
 * row.median_days_to_first; // 32 — 1 January to 1 February 2023, both days counted
 */
export function followup(ds: Dataset, opts: FollowupOptions = {}): FollowupResult {
  return followupFromPersons(followupPersons(ds, opts), opts.weights);
}

/**
 * The grouped rows from the per-person pass. Each person's figures depend on that person
 * alone, so one pass can serve several groupings: a batch replaces `persons.group` (people
 * outside a subgroup get OUTSIDE_SUBGROUP) and calls this again, without re-reading the charges.
 * The rows (with a Kaplan-Meier fit per group) are computed when first read: compare reads only
 * the per-person figures, 40 times over in a batch.
 */
export function followupFromPersons(pass: ReturnType<typeof followupPersons>, weights?: ArrayLike<number>): FollowupResult {
  let rows: FollowupRow[] | undefined;
  return {
    persons: pass.persons,
    diagnostics: pass.diagnostics,
    options: pass.options,
    get rows() {
      return (rows ??= followupRows(pass, weights));
    },
  };
}

/** The rows of {@link followupFromPersons}. */
function followupRows({ persons, options }: ReturnType<typeof followupPersons>, weights?: ArrayLike<number>): FollowupRow[] {
  const { slotOf, labels } = followupSlots(persons, options.byGroup);
  const S = labels.length;
  const acc = (): Float64Array => new Float64Array(S);
  const [n, notMature, noIdx, reoffenders, reoff, lib, indexDay, stood, late] = [acc(), acc(), acc(), acc(), acc(), acc(), acc(), acc(), acc()];
  for (let p = 0; p < persons.n; p++) {
    const s = slotOf(p);
    indexDay[s] += persons.indexDayCharges[p];
    if (persons.included[p] === 0) {
      notMature[s]++;
      if (persons.status[p] === FOLLOWUP_STATUS.NO_INDEX) noIdx[s]++;
      continue;
    }
    n[s]++;
    reoffenders[s] += persons.reoffended[p];
    reoff[s] += persons.reoffences[p];
    lib[s] += persons.libertyDays[p];
    stood[s] += persons.stoodIn[p];
    late[s] += persons.chargedAfterWaiting[p];
  }
  const surv = survivalBySlot(persons, slotOf, S);
  const weighted = weights ? weightedSlots(persons, slotOf, S, weights, options.level, surv) : null;

  const rows: FollowupRow[] = [];
  for (let s = 0; s < S; s++) {
    const ns = n[s];
    const row = followupRowFromCounts(
      options,
      labels[s],
      { n: ns, not_mature: notMature[s], no_index: noIdx[s], reoffenders: reoffenders[s], reoffences: reoff[s], liberty_days: lib[s] },
      { ...medianFields(surv[s], options.level), index_day_charges: indexDay[s], stood_in_charges: stood[s], charged_after_waiting: late[s] },
    );
    if (weighted && ns > 0) {
      const noMedian = row.median_days_to_first_reason ?? 'the weighted survival never falls to 0.5, so the median is not reached';
      Object.assign(row, weighted[s], { median_days_to_first_reason: weighted[s].median_days_to_first === null ? noMedian : null });
    }
    rows.push(row);
  }
  return rows;
}

/** The survival rows of one slot (group), ready for kaplanMeier / logRank / coxPH. */
export interface SlotSurvival {
  /** People with at least one row. */
  people: number;
  /** People with an event. */
  events: number;
  entry: Float64Array | undefined;
  stop: Float64Array;
  event: Uint8Array;
  /** Person number of each row. */
  person: Int32Array;
}

/**
 * The survival rows per row slot (group), in person order: everyone with an index, censored at
 * the earlier of the window end and the observation horizon. `entry` is set on the gaps clock
 * only (counting-process rows); elsewhere every row starts at 0 (right-censored data).
 */
export function survivalBySlot(persons: FollowupPersons, slotOf: (p: number) => number, S: number): SlotSurvival[] {
  const { offsets, entry, stop, event } = persons.survival;
  const counting = persons.survival.counting;
  const rowsIn = new Int32Array(S);
  for (let p = 0; p < persons.n; p++) rowsIn[slotOf(p)] += offsets[p + 1] - offsets[p];
  const out: SlotSurvival[] = Array.from(rowsIn, (m) => ({
    people: 0,
    events: 0,
    entry: counting ? new Float64Array(m) : undefined,
    stop: new Float64Array(m),
    event: new Uint8Array(m),
    person: new Int32Array(m),
  }));
  const fill = new Int32Array(S);
  for (let p = 0; p < persons.n; p++) {
    const a = offsets[p];
    const b = offsets[p + 1];
    if (a === b) continue;
    const s = slotOf(p);
    const o = out[s];
    o.people++;
    for (let i = a; i < b; i++) {
      const at = fill[s]++;
      if (o.entry) o.entry[at] = entry[i];
      o.stop[at] = stop[i];
      o.event[at] = event[i];
      o.person[at] = p;
      o.events += event[i];
    }
  }
  return out;
}

/**
 * The weighted figures of each row slot: rate (robust Wald interval), per person, per
 * reoffender, the weighted Kaplan-Meier median and the sum of weights.
 */
function weightedSlots(persons: FollowupPersons, slotOf: (p: number) => number, S: number, weights: ArrayLike<number>, level: number, surv: SlotSurvival[]) {
  const y: number[][] = Array.from({ length: S }, () => []);
  const w: number[][] = Array.from({ length: S }, () => []);
  const r: number[][] = Array.from({ length: S }, () => []);
  for (let p = 0; p < persons.n; p++) {
    if (persons.included[p] === 0) continue;
    const s = slotOf(p);
    y[s].push(persons.reoffended[p]);
    w[s].push(weights[p]);
    r[s].push(persons.reoffences[p]);
  }
  return y.map((ys, s) => {
    const prop = weightedProportion(ys, w[s], level);
    const reoff = r[s].reduce((a, v, i) => a + v * w[s][i], 0);
    const sv = surv[s];
    // the survival rows of everyone with an index (as unweighted), each with its person's weight
    if (sv.entry) throw new RangeError('weights (--weights-column) work on the calendar and liberty clocks; the gaps clock (counting-process rows) takes no weights yet');
    const med = sv.people > 0 ? kaplanMeierWeighted(sv.stop, sv.event, Float64Array.from(sv.person, (p) => weights[p]), { level }).median : { estimate: null, ci_low: null, ci_high: null };
    return {
      weighted_n: prop.weighted_n,
      rate: prop.proportion,
      ci_low: prop.ci_low,
      ci_high: prop.ci_high,
      per_person: prop.weighted_n > 0 ? reoff / prop.weighted_n : null,
      per_reoffender: prop.weighted_x > 0 ? reoff / prop.weighted_x : null,
      median_days_to_first: med.estimate,
      median_ci_low: med.ci_low,
      median_ci_high: med.ci_high,
    };
  });
}
