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

/** An estimate with its interval and the two-sided p-value of the matching test. */
export interface EstimateWithTest extends Estimate {
  p_value: number | null;
}

/**
 * Welch two-sample t: `estimate` is mean1 - mean2, with its t interval, the t statistic,
 * the Welch-Satterthwaite degrees of freedom and the two-sided p-value.
 */
export interface WelchResult extends EstimateWithTest {
  statistic: number | null;
  df: number | null;
  mean1: number | null;
  mean2: number | null;
}
