/**
 * Reading a survival curve at a given time: the risk set and the events so far (for the
 * `--curve --at` rows), and the difference of two groups' survival at that time.
 *
 * **Formulas, in words.**
 * - `atRiskAt(entry, stop, t)`: the intervals with entry < t <= stop (R's `n.risk` in
 *   `summary(survfit(...), times = t)`; without entry times every subject with stop >= t).
 * - `eventsBy(stop, event, t)`: events at times <= t (the cumulative sum of R's `n.event` over
 *   `summary(fit, times = ...)` from the first requested time).
 * - `survivalDifference(a, b, level)`: S_a(t) - S_b(t) with the normal interval
 *   d -/+ z sqrt(se_a^2 + se_b^2), se the Greenwood standard error of each curve (R's `std.err`),
 *   z the normal quantile at 1 - (1 - level) / 2. The two groups are independent samples, so
 *   the variances add. The interval is not clipped to [-1, 1].
 *
 * **Reference.** Klein & Moeschberger (2003), section 7.8 (comparing survival at a fixed time);
 * the tests pin it to R (test/stats/r/counting-process.R).
 *
 * **Degenerate input.** Where either survival or its standard error is unknown (no one followed
 * that long, no subjects) the difference is null with the reason of the curve that lacks it.
 *
 * @example
 * atRiskAt([0, 0, 2], [3, 5, 6], 2.5); // 3
 * eventsBy([3, 5, 6], [1, 0, 1], 5); // 1
 * survivalDifference({ estimate: 0.8, std_err: 0.1 }, { estimate: 0.6, std_err: 0.1 }, 0.95).ci_low; // -0.07718076486993553
 * // R: 0.8 - 0.6 - qnorm(0.975) * sqrt(0.1^2 + 0.1^2) gives -0.07718076486993547
 */
import { normalCritical } from './validate.js';
import type { Estimate } from './types.js';

/** Intervals at risk at time t: entry < t <= stop (entry omitted: stop >= t). O(n). */
export function atRiskAt(entry: ArrayLike<number> | undefined, stop: ArrayLike<number>, t: number): number {
  let n = 0;
  for (let i = 0; i < stop.length; i++) if (stop[i] >= t && (entry === undefined || entry[i] < t)) n++;
  return n;
}

/** Events at times <= t. O(n). */
export function eventsBy(stop: ArrayLike<number>, event: ArrayLike<number>, t: number): number {
  let n = 0;
  for (let i = 0; i < stop.length; i++) if (event[i] === 1 && stop[i] <= t) n++;
  return n;
}

const METHOD = 'difference of Kaplan-Meier survival, Greenwood standard errors, normal interval';

/** S_a(t) - S_b(t) with its normal interval (see the module comment). */
export function survivalDifference(
  a: { estimate: number | null; std_err: number | null; reason?: string },
  b: { estimate: number | null; std_err: number | null; reason?: string },
  level: number,
): Estimate {
  if (a.estimate === null || a.std_err === null) {
    return { estimate: null, ci_low: null, ci_high: null, method: METHOD, reason: `first group: ${a.reason ?? 'survival not estimated'}` };
  }
  if (b.estimate === null || b.std_err === null) {
    return { estimate: null, ci_low: null, ci_high: null, method: METHOD, reason: `second group: ${b.reason ?? 'survival not estimated'}` };
  }
  const d = a.estimate - b.estimate;
  const half = normalCritical(level) * Math.sqrt(a.std_err * a.std_err + b.std_err * b.std_err);
  return { estimate: d, ci_low: d - half, ci_high: d + half, method: METHOD };
}
