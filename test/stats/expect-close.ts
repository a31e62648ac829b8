/**
 * Test helpers for the statistics modules: compare a computed number with a reference value
 * (from R, pasted as a literal) to a relative tolerance.
 */
import { expect } from 'vitest';
import type { Estimate } from '../../src/stats/types.js';

/**
 * Asserts `actual` is a finite number within `rel` relative error of `expected`
 * (or within 1e-15 absolute, so that an expected 0 must come out as 0).
 */
export function expectClose(
  actual: number | null | undefined,
  expected: number,
  rel = 1e-6,
  label = '',
): void {
  const where = label ? ` (${label})` : '';
  expect(actual, `expected a number${where}, got ${String(actual)}`).toBeTypeOf('number');
  const a = actual as number;
  expect(Number.isFinite(a), `expected a finite number${where}, got ${a}`).toBe(true);
  const err = Math.abs(a - expected);
  expect(
    err <= rel * Math.abs(expected) || err <= 1e-15,
    `${a} is not within ${rel} relative of ${expected}${where} (relative error ${err / Math.abs(expected)})`,
  ).toBe(true);
}

/** Asserts an Estimate's [estimate, ci_low, ci_high] against reference values. */
export function expectEstimate(
  actual: Estimate,
  expected: [number, number, number],
  rel = 1e-6,
  label = '',
): void {
  expectClose(actual.estimate, expected[0], rel, `${label} estimate`);
  expectClose(actual.ci_low, expected[1], rel, `${label} ci_low`);
  expectClose(actual.ci_high, expected[2], rel, `${label} ci_high`);
}

/** Asserts an Estimate's interval [ci_low, ci_high] against reference values. */
export function expectInterval(
  actual: Estimate,
  expected: [number, number],
  rel = 1e-6,
  label = '',
): void {
  expectClose(actual.ci_low, expected[0], rel, `${label} ci_low`);
  expectClose(actual.ci_high, expected[1], rel, `${label} ci_high`);
}

/** Asserts that an Estimate is entirely null and says why. */
export function expectNullEstimate(actual: Estimate, reasonPattern: RegExp): void {
  expect(actual.estimate).toBeNull();
  expect(actual.ci_low).toBeNull();
  expect(actual.ci_high).toBeNull();
  expect(actual.reason).toMatch(reasonPattern);
}

/** Every number in a result object is finite or null: no NaN, no Infinity. */
export function expectNoNaN(result: object): void {
  for (const [key, value] of Object.entries(result)) {
    if (typeof value === 'number') {
      expect(Number.isFinite(value), `${key} = ${value}`).toBe(true);
    }
  }
}
