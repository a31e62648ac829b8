/**
 * Kaplan-Meier survival curve with Greenwood standard errors and log-log intervals.
 *
 * **Formula, in words.** Sort the subjects by time. At each distinct time t_j with n_j subjects
 * still at risk (time >= t_j) and d_j events, the survival estimate is the running product
 * S(t_j) = prod over i <= j of (1 - d_i / n_i). Greenwood's variance of log S is the running sum
 * sum over i <= j of d_i / (n_i (n_i - d_i)); the standard error reported for S is
 * S * sqrt(that sum) (as `summary.survfit`'s `std.err`). The log-log interval transforms
 * S to log(-log S), whose standard error is sqrt(sum) / |log S|, so
 * lower = exp(-exp(log(-log S) - z sqrt(sum) / log S)) and upper = the same with `+`,
 * with z the standard normal quantile at 1 - (1 - level) / 2. The interval stays inside (0, 1).
 *
 * **Median.** The first time at which S drops to 0.5 or below; if S equals 0.5 exactly
 * (within sqrt(machine epsilon)) over an interval, the midpoint of that interval's start and the
 * next time the curve drops. The median's interval applies the same rule to the lower and upper
 * confidence curves (Brookmeyer-Crowley style read-off), exactly as R's `print.survfit`.
 *
 * **Reference.** Kaplan & Meier (1958), JASA 53:457-481; Greenwood (1926); Kalbfleisch & Prentice
 * (2002) section 1.4 for the log-log interval. Matches R
 * `summary(survfit(Surv(time, event) ~ 1, conf.type = "log-log"), censored = TRUE)` and the
 * median columns of `print()` on that fit (survival 3.5).
 *
 * **Preconditions.** `time` and `event` have equal length; times are finite numbers >= 0 (integer
 * days in this tool, though any non-negative numbers work); events are 0 (censored) or 1 (event);
 * 0 < level < 1. Violations throw RangeError. Ties are handled as R does: events at t happen
 * before censorings at t (a subject censored at t is still at risk at t). R's `timefix` rounding
 * of nearly-equal floating times is not reproduced: it never matters for integer days.
 *
 * **Degenerate input.** No subjects: an empty table and `reason`. No events (all censored):
 * survival stays 1, intervals are null, the median is null with a reason. Where S = 1 or S = 0 the
 * log-log interval is undefined (R prints NA) and `ci_low`/`ci_high` are null; where S = 0 the
 * Greenwood term is infinite and `std_err` is null.
 *
 * **Counting-process data** (`entry`, R's `Surv(start, stop, event)`): the risk set at t holds
 * the intervals with start < t <= stop, so late entry (left truncation) and gaps in follow-up
 * (several intervals per person) are handled; the table has one row per distinct stop time and
 * the formulas are unchanged. Matches R `survfit(Surv(start, stop, event) ~ 1, conf.type =
 * "log-log")` without `id` (Greenwood variance).
 *
 * **Cost.** Two numeric sorts (O(n log n)) and one pass; the table has one row per distinct time.
 *
 * @example
 * const km = kaplanMeier([1, 2, 2, 3, 4], [1, 1, 0, 1, 0]);
 * km.table.map((r) => [r.time, r.n_risk, r.n_event, r.n_censor, r.survival]); // [[1, 5, 1, 0, 0.8],
 * //   [2, 4, 1, 1, 0.6000000000000001], [3, 2, 1, 0, 0.30000000000000004], [4, 1, 0, 1, 0.30000000000000004]]
 * km.median.estimate; // 3
 * survivalAt(km, 2.5).estimate; // 0.6000000000000001
 */
import { normal } from './dists.js';
import type { Estimate } from './types.js';
import { orderBy } from './order.js';

/** One row per distinct observed time (event or censoring), as `summary(fit, censored = TRUE)`. */
export interface KaplanMeierRow {
  time: number;
  /** Subjects with time >= this time. */
  n_risk: number;
  n_event: number;
  n_censor: number;
  survival: number;
  /** Greenwood standard error of `survival`; null where survival is 0. */
  std_err: number | null;
  /** Log-log interval; null where survival is 1 or 0 (R: NA). */
  ci_low: number | null;
  ci_high: number | null;
}

export interface KaplanMeierResult {
  method: string;
  level: number;
  n: number;
  n_event: number;
  table: KaplanMeierRow[];
  /** Median survival time and its interval, as R's `print.survfit`. */
  median: Estimate;
  reason?: string;
}

/** Survival at one time, read off the step function. */
export interface SurvivalPoint extends Estimate {
  time: number;
  std_err: number | null;
}

export interface KaplanMeierOptions {
  /** Confidence level of the pointwise intervals, default 0.95. */
  level?: number;
  /**
   * Entry times for counting-process data (R's `Surv(start, stop, event)`): subject i is at risk
   * at time t when `entry[i] < t <= time[i]`. Without it every subject is at risk from the start
   * (`time[i] >= t`). One person may contribute several intervals (e.g. liberty stretches between
   * custody episodes); each is a row here, as in R without `id`.
   */
  entry?: ArrayLike<number>;
}

const METHOD = 'Kaplan-Meier, Greenwood variance, log-log interval';
const MEDIAN_METHOD = 'Kaplan-Meier median, interval from the log-log confidence curves (as R print.survfit)';
const TOLERANCE = Math.sqrt(2.220446049250313e-16);

/**
 * Check paired time/event arrays (shared by the survival modules).
 * Throws RangeError on unequal lengths, a non-finite or negative time, or an event flag not 0/1.
 */
export function checkTimeEvent(time: ArrayLike<number>, event: ArrayLike<number>): void {
  if (time.length !== event.length) {
    throw new RangeError(`time and event must have the same length (got ${time.length} and ${event.length})`);
  }
  for (let i = 0; i < time.length; i++) {
    const t = time[i];
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
      throw new RangeError(`time[${i}] must be a finite number >= 0 (got ${String(t)})`);
    }
    const e = event[i];
    if (e !== 0 && e !== 1) {
      throw new RangeError(`event[${i}] must be 0 (censored) or 1 (event) (got ${String(e)})`);
    }
  }
}

/**
 * Check counting-process entry times against their stop times: finite, >= 0 and strictly before
 * the stop time (R: "Stop time must be > start time"). Throws RangeError.
 */
export function checkEntry(entry: ArrayLike<number>, time: ArrayLike<number>): void {
  if (entry.length !== time.length) {
    throw new RangeError(`entry and time must have the same length (got ${entry.length} and ${time.length})`);
  }
  for (let i = 0; i < entry.length; i++) {
    const e = entry[i];
    if (typeof e !== 'number' || !Number.isFinite(e) || e < 0 || !(e < time[i])) {
      throw new RangeError(`entry[${i}] must be a finite number >= 0 and below time[${i}] (got ${String(e)} and ${String(time[i])})`);
    }
  }
}

/** Throw RangeError unless 0 < level < 1. */
export function checkLevel(level: number): void {
  if (typeof level !== 'number' || !(level > 0 && level < 1)) {
    throw new RangeError(`level must be between 0 and 1 exclusive (got ${String(level)})`);
  }
}

/** Standard normal quantile at 1 - (1 - level) / 2. */
function zFor(level: number): number {
  return normal.quantile(1 - (1 - level) / 2, 0, 1);
}

/** Log-log interval for survival s with Greenwood sum g (variance of log S). */
function logLogInterval(s: number, g: number, z: number): [number | null, number | null] {
  if (!(s > 0 && s < 1) || !Number.isFinite(g)) return [null, null];
  const ls = Math.log(s);
  const loglog = Math.log(-ls);
  const half = (z * Math.sqrt(g)) / ls; // negative
  return [Math.exp(-Math.exp(loglog - half)), Math.exp(-Math.exp(loglog + half))];
}

/**
 * R's `minmin` (survival:::survmean): the first x at which y < 0.5 (+ tolerance), ignoring nulls;
 * if y equals 0.5 there, the midpoint with the next x at which y drops further.
 */
function firstBelowHalf(ys: ReadonlyArray<number | null>, xs: ReadonlyArray<number>): number | null {
  let first = -1;
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i];
    if (y !== null && y < 0.5 + TOLERANCE) {
      first = i;
      break;
    }
  }
  if (first < 0) return null;
  const y0 = ys[first] as number;
  if (Math.abs(y0 - 0.5) < TOLERANCE) {
    for (let i = first + 1; i < ys.length; i++) {
      const y = ys[i];
      if (y !== null && y < y0) return (xs[first] + xs[i]) / 2;
    }
  }
  return xs[first];
}

/**
 * Kaplan-Meier estimate for one group.
 *
 * @param time follow-up time per subject (>= 0)
 * @param event 1 if the subject had the event at `time`, 0 if censored there
 * @param options `level` (default 0.95)
 */
export function kaplanMeier(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  options: KaplanMeierOptions = {},
): KaplanMeierResult {
  const level = options.level ?? 0.95;
  checkLevel(level);
  checkTimeEvent(time, event);
  const entry = options.entry;
  if (entry !== undefined) checkEntry(entry, time);
  const n = time.length;
  if (n === 0) {
    const reason = 'no subjects';
    return {
      method: METHOD,
      level,
      n: 0,
      n_event: 0,
      table: [],
      median: { estimate: null, ci_low: null, ci_high: null, method: MEDIAN_METHOD, reason },
      reason,
    };
  }

  // Two numeric sorts instead of an index sort: all times, and the event times.
  const all = Float64Array.from(time).sort();
  let nEvent = 0;
  for (let i = 0; i < n; i++) nEvent += event[i];
  const ev = new Float64Array(nEvent);
  for (let i = 0, k = 0; i < n; i++) if (event[i] === 1) ev[k++] = time[i];
  ev.sort();
  // Counting-process data: entries sorted, so the subjects not yet entered at t (entry >= t) are
  // the entries from position `entered` on.
  const starts = entry === undefined ? null : Float64Array.from(entry).sort();
  let entered = 0;

  const z = zFor(level);
  const table: KaplanMeierRow[] = [];
  let s = 1;
  let g = 0; // Greenwood sum: variance of log S
  let i = 0; // position in `all`
  let k = 0; // position in `ev`
  while (i < n) {
    const t = all[i];
    if (starts !== null) while (entered < n && starts[entered] < t) entered++;
    const nRisk = starts === null ? n - i : entered - i;
    let count = 0;
    while (i < n && all[i] === t) {
      i++;
      count++;
    }
    let d = 0;
    while (k < nEvent && ev[k] === t) {
      k++;
      d++;
    }
    if (d > 0) {
      s *= (nRisk - d) / nRisk;
      g = nRisk > d ? g + d / (nRisk * (nRisk - d)) : Infinity;
    }
    const [lo, hi] = logLogInterval(s, g, z);
    table.push({
      time: t,
      n_risk: nRisk,
      n_event: d,
      n_censor: count - d,
      survival: s,
      std_err: Number.isFinite(g) ? s * Math.sqrt(g) : null,
      ci_low: lo,
      ci_high: hi,
    });
  }

  return {
    method: METHOD,
    level,
    n,
    n_event: nEvent,
    table,
    median: medianOf(table, nEvent),
    ...(nEvent === 0 ? { reason: 'no events (every subject is censored): survival stays at 1' } : {}),
  };
}

/**
 * Weighted Kaplan-Meier, as R `survfit(Surv(time, event) ~ 1, weights = w, conf.type = "log-log")`
 * (survival 3.5): counts at risk and events are sums of weights, S(t) = prod (1 - d_j / n_j), and
 * the variance is R's default for weighted fits, the robust infinitesimal-jackknife one.
 *
 * **Variance, in words.** Each subject's influence on log S(t) is
 * D_i(t) = A(min(t, T_i)) - [event_i and T_i <= t] / (n(T_i) - d(T_i)), with
 * A(t) = sum over event times t_j <= t of d_j / (n_j (n_j - d_j)); var log S(t) = sum_i (w_i D_i(t))^2.
 * Subjects still at risk share A(t), so the sum is kept in two parts (those who left, fixed; those
 * at risk, A(t)^2 times their summed squared weights): O(n log n) overall. `std_err` is
 * S sqrt(var); the log-log interval and the median read-off are those of {@link kaplanMeier}.
 * Weights must be finite and >= 0. With every weight 1 the estimate is the unweighted one (the
 * variance is then the jackknife's, not Greenwood's, exactly as R's `robust = TRUE`).
 *
 * @example
 * const km = kaplanMeierWeighted([3, 5, 8], [1, 1, 0], [1.75, 1, 1.5]);
 * km.table.map((r) => r.survival.toFixed(6)); // ['0.588235', '0.352941', '0.352941']
 */
export function kaplanMeierWeighted(time: ArrayLike<number>, event: ArrayLike<number>, weight: ArrayLike<number>, options: KaplanMeierOptions = {}): KaplanMeierResult {
  const level = options.level ?? 0.95;
  checkLevel(level);
  checkTimeEvent(time, event);
  const n = time.length;
  if (weight.length !== n) throw new RangeError(`weight must have the length of time (got ${weight.length} and ${n})`);
  for (let i = 0; i < n; i++) if (!(Number.isFinite(weight[i]) && weight[i] >= 0)) throw new RangeError(`weight[${i}] must be a finite number >= 0 (got ${String(weight[i])})`);
  const order = orderBy(time);
  let atRisk = 0;
  let atRisk2 = 0; // sum of squared weights at risk
  let nEvent = 0;
  for (let i = 0; i < n; i++) {
    atRisk += weight[i];
    atRisk2 += weight[i] * weight[i];
    nEvent += event[i];
  }
  const z = zFor(level);
  const table: KaplanMeierRow[] = [];
  let s = 1;
  let A = 0;
  let fixed = 0; // sum of (w_i D_i)^2 over subjects who have left
  for (let i = 0; i < n; ) {
    const t = time[order[i]];
    let j = i;
    let d = 0;
    let c = 0;
    for (; j < n && time[order[j]] === t; j++) {
      const k = order[j];
      if (event[k] === 1) d += weight[k];
      else c += weight[k];
    }
    const nRisk = atRisk;
    if (d > 0) {
      s *= (nRisk - d) / nRisk;
      A = nRisk > d ? A + d / (nRisk * (nRisk - d)) : Infinity;
    }
    for (let m = i; m < j; m++) {
      const k = order[m];
      const dk = event[k] === 1 ? A - 1 / (nRisk - d) : A;
      fixed += weight[k] * weight[k] * dk * dk;
      atRisk -= weight[k];
      atRisk2 -= weight[k] * weight[k];
    }
    const v = Number.isFinite(A) ? fixed + A * A * Math.max(0, atRisk2) : Infinity;
    const [lo, hi] = logLogInterval(s, v, z);
    table.push({ time: t, n_risk: nRisk, n_event: d, n_censor: c, survival: s, std_err: Number.isFinite(v) ? s * Math.sqrt(v) : null, ci_low: lo, ci_high: hi });
    i = j;
  }
  return {
    method: 'weighted Kaplan-Meier, robust (infinitesimal jackknife) variance, log-log interval',
    level,
    n,
    n_event: nEvent,
    table,
    median: n === 0 ? { estimate: null, ci_low: null, ci_high: null, method: MEDIAN_METHOD, reason: 'no subjects' } : medianOf(table, nEvent),
    ...(n === 0 ? { reason: 'no subjects' } : nEvent === 0 ? { reason: 'no events (every subject is censored): survival stays at 1' } : {}),
  };
}

function medianOf(table: KaplanMeierRow[], nEvent: number): Estimate {
  const xs = table.map((r) => r.time);
  const est = firstBelowHalf(
    table.map((r) => r.survival),
    xs,
  );
  // As survmean: the lower limit is read off the lower curve, the upper off the upper curve.
  const lo = firstBelowHalf(
    table.map((r) => r.ci_low),
    xs,
  );
  const hi = firstBelowHalf(
    table.map((r) => r.ci_high),
    xs,
  );
  const out: Estimate = { estimate: est, ci_low: lo, ci_high: hi, method: MEDIAN_METHOD };
  if (nEvent === 0) {
    out.reason = 'no events, so the median is not reached';
  } else if (est === null) {
    out.reason = 'survival never falls to 0.5, so the median is not reached';
  } else if (lo === null || hi === null) {
    out.reason = `the ${lo === null ? 'lower' : 'upper'} confidence curve never falls to 0.5, so that limit is not reached`;
  }
  return out;
}

/**
 * Survival at time `t`: the value of the step function at the last table time <= t, with that
 * row's standard error and log-log interval.
 *
 * Before the first observed time survival is 1 (interval null: undefined at S = 1; note R's
 * `summary(fit, times)` prints 1 to 1 there). After the last observed time the curve is not
 * estimated (no one is followed that long), so the estimate is null with a reason, unless
 * survival had already reached 0. R's `summary(fit, times, extend = TRUE)` would carry the last
 * value forward instead.
 *
 * Binary search: O(log rows).
 *
 * @example
 * survivalAt(kaplanMeier([1, 2, 3], [1, 0, 1]), 2).estimate; // 0.6666666666666666
 */
export function survivalAt(km: KaplanMeierResult, t: number): SurvivalPoint {
  if (typeof t !== 'number' || Number.isNaN(t)) throw new RangeError(`t must be a number (got ${String(t)})`);
  const method = `${METHOD} (step-function read-off)`;
  const rows = km.table;
  if (rows.length === 0) {
    return { time: t, estimate: null, ci_low: null, ci_high: null, std_err: null, method, reason: km.reason ?? 'no subjects' };
  }
  if (t < rows[0].time) {
    return {
      time: t,
      estimate: 1,
      ci_low: null,
      ci_high: null,
      std_err: 0,
      method,
      reason: 'no events by this time: survival is 1 and the log-log interval is undefined',
    };
  }
  const last = rows[rows.length - 1];
  if (t > last.time && last.survival > 0) {
    return {
      time: t,
      estimate: null,
      ci_low: null,
      ci_high: null,
      std_err: null,
      method,
      reason: `time ${t} is after the last follow-up time (${last.time}); survival is not estimated beyond it`,
    };
  }
  let lo = 0;
  let hi = rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (rows[mid].time <= t) lo = mid;
    else hi = mid - 1;
  }
  const r = rows[lo];
  const out: SurvivalPoint = {
    time: t,
    estimate: r.survival,
    ci_low: r.ci_low,
    ci_high: r.ci_high,
    std_err: r.std_err,
    method,
  };
  if (r.ci_low === null) {
    out.reason =
      r.survival === 0
        ? 'survival is 0: the Greenwood variance and the log-log interval are undefined'
        : 'no events by this time: survival is 1 and the log-log interval is undefined';
  }
  return out;
}
