/**
 * Argument checks and small shared pieces for the statistics modules.
 *
 * Invalid arguments are programming or input errors and throw a `RangeError` naming the
 * argument and the value. Degenerate-but-valid input (n = 0, no events, zero exposure) is not
 * an error: the modules return `null` estimates with a reason, built by {@link nullEstimate}.
 *
 * @example
 * assertCount(3, 'x');          // undefined — ok
 * assertCount(2.5, 'x');        // throws RangeError: x must be a non-negative integer count; got 2.5
 * normalCritical(0.95);         // 1.9599639845400538
 */
import { normal } from './dists.js';
import type { Estimate } from './types.js';

/** Throws unless `value` is a non-negative safe integer. */
export function assertCount(value: number, name: string): void {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 0 ||
    value > Number.MAX_SAFE_INTEGER
  ) {
    throw new RangeError(`${name} must be a non-negative integer count; got ${String(value)}`);
  }
}

/** Throws unless `x` and `n` are counts with x <= n. */
export function assertSuccesses(x: number, n: number, xName = 'x', nName = 'n'): void {
  assertCount(x, xName);
  assertCount(n, nName);
  if (x > n) {
    throw new RangeError(`${xName} (${x}) cannot exceed ${nName} (${n})`);
  }
}

/** Throws unless `level` is a finite number strictly between 0 and 1. */
export function assertLevel(level: number): void {
  if (typeof level !== 'number' || !Number.isFinite(level) || level <= 0 || level >= 1) {
    throw new RangeError(`level must be a number strictly between 0 and 1; got ${String(level)}`);
  }
}

/** Throws unless `value` is a finite non-negative number (an exposure such as liberty days). */
export function assertExposure(value: number, name: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite non-negative number; got ${String(value)}`);
  }
}

/** Throws unless `value` is a finite number. */
export function assertFinite(value: number, name: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number; got ${String(value)}`);
  }
}

/** Two-sided standard normal critical value z_{(1+level)/2}, as R's `qnorm((1 + level) / 2)`. */
export function normalCritical(level: number): number {
  return normal.quantile((1 + level) / 2, 0, 1);
}

/** An estimate that cannot be computed: every number null, with the reason. */
export function nullEstimate(method: string, reason: string): Estimate {
  return { estimate: null, ci_low: null, ci_high: null, method, reason };
}

/** Why a two-group comparison is impossible because a group is empty; undefined if neither is. */
export function emptyGroupReason(n1: number, n2: number): string | undefined {
  if (n1 === 0 && n2 === 0) return 'both groups are empty (n1 = n2 = 0)';
  if (n1 === 0) return 'the treated group is empty (n1 = 0)';
  if (n2 === 0) return 'the comparison group is empty (n2 = 0)';
  return undefined;
}

/**
 * The zero cells of the 2x2 table [[x1, n1 - x1], [x2, n2 - x2]] described in words
 * (e.g. "no events in the treated group"), joined with "; "; undefined if there are none.
 */
export function zeroCellReason(x1: number, n1: number, x2: number, n2: number): string | undefined {
  const parts: string[] = [];
  if (x1 === 0) parts.push('no events in the treated group');
  if (x1 === n1) parts.push('everyone in the treated group had the event');
  if (x2 === 0) parts.push('no events in the comparison group');
  if (x2 === n2) parts.push('everyone in the comparison group had the event');
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** Why a rate comparison is impossible because of zero exposure; undefined if neither is zero. */
export function zeroExposureReason(t1: number, t2: number): string | undefined {
  if (t1 === 0 && t2 === 0) return 'zero exposure in both groups: no time at risk';
  if (t1 === 0) return 'zero exposure in the treated group: no time at risk';
  if (t2 === 0) return 'zero exposure in the comparison group: no time at risk';
  return undefined;
}

/**
 * The common preamble of the two-group statistics: checks both x/n pairs and the level
 * (RangeError), and returns the null estimate when a group is empty (else null: go on).
 */
export function checkTwoGroups(x1: number, n1: number, x2: number, n2: number, level: number, method: string): Estimate | null {
  assertSuccesses(x1, n1, 'x1', 'n1');
  assertSuccesses(x2, n2, 'x2', 'n2');
  assertLevel(level);
  const empty = emptyGroupReason(n1, n2);
  return empty ? nullEstimate(method, empty) : null;
}
