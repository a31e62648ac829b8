/**
 * Shared result shapes for every statistic.
 *
 * Degenerate input (n = 0, no events, zero exposure, ...) never yields NaN or throws:
 * the estimate (and/or interval bounds) are `null` and `reason` says why in plain words.
 */
export interface Estimate {
  estimate: number | null;
  ci_low: number | null;
  ci_high: number | null;
  method: string;
  reason?: string;
}

export interface TestResult {
  name: string;
  statistic: number | null;
  p_value: number | null;
  reason?: string;
}
