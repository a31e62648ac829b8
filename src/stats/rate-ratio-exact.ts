/**
 * Ratio of two Poisson rates (treated over comparison) with the exact conditional interval
 * and test.
 *
 * Formula: conditional on the total E = e1 + e2, e1 is Binomial(E, π) with
 * π = θ·t1 / (θ·t1 + t2), where θ is the rate ratio. So:
 * - estimate θ̂ = (e1/t1) / (e2/t2);
 * - interval: the Clopper-Pearson interval (πL, πU) for e1 out of E, mapped by
 *   θ = π/(1 - π) · t2/t1;
 * - p-value: the exact two-sided binomial test of π = t1/(t1 + t2) (θ = 1).
 *
 * Reference: Breslow & Day (1987) Statistical Methods in Cancer Research II, §2.3; R
 * `poisson.test(c(e1, e2), c(t1, t2))` `$estimate`, `$conf.int`, `$p.value`.
 *
 * Preconditions: event counts non-negative integers, exposures finite and non-negative;
 * 0 < level < 1 (else RangeError).
 * Degenerate (null with a reason): zero exposure in either group; no events in either group
 * (R stops with an error); e2 = 0 makes the estimate and upper bound unbounded (R: Inf), though
 * the lower bound and p-value are still reported. e1 = 0 gives estimate 0 and lower bound 0.
 *
 * @example
 * rateRatioExact(30, 9000, 15, 8000); // { estimate: 1.777777777777778, ci_low: 0.9270095440173237, ci_high: 3.5554291589126166, method: 'exact-conditional', p_value: 0.07328334077176873 }
 */
import { binomialTest } from './binomial-test.js';
import { clopperPearson } from './clopper-pearson.js';
import type { EstimateWithTest } from './types.js';
import { assertCount, assertExposure, assertLevel, zeroExposureReason } from './validate.js';

const METHOD = 'exact-conditional';

export function rateRatioExact(
  e1: number,
  t1: number,
  e2: number,
  t2: number,
  level = 0.95,
): EstimateWithTest {
  assertCount(e1, 'e1');
  assertExposure(t1, 't1');
  assertCount(e2, 'e2');
  assertExposure(t2, 't2');
  assertLevel(level);
  const none = (reason: string): EstimateWithTest => ({
    estimate: null,
    ci_low: null,
    ci_high: null,
    method: METHOD,
    p_value: null,
    reason,
  });
  const zero = zeroExposureReason(t1, t2);
  if (zero) return none(zero);
  const total = e1 + e2;
  if (total === 0) return none('no events in either group: the rate ratio cannot be estimated');

  const cp = clopperPearson(e1, total, level);
  const toRatio = (pi: number): number => (pi / (1 - pi)) * (t2 / t1);
  const piLow = cp.ci_low as number;
  const piHigh = cp.ci_high as number;
  const p = binomialTest(e1, total, t1 / (t1 + t2)).p_value;
  if (e2 === 0) {
    return {
      estimate: null,
      ci_low: toRatio(piLow),
      ci_high: null,
      method: METHOD,
      p_value: p,
      reason: 'no events in the comparison group: the rate ratio and its upper bound are unbounded',
    };
  }
  return {
    estimate: e1 / t1 / (e2 / t2),
    ci_low: toRatio(piLow),
    ci_high: toRatio(piHigh),
    method: METHOD,
    p_value: p,
  };
}

