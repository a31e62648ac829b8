/**
 * Ratio of two Poisson rates (treated over comparison) with the Wald interval on the log scale.
 *
 * Formula: θ̂ = (e1/t1) / (e2/t2); SE(log θ̂) = sqrt(1/e1 + 1/e2); interval exp(log θ̂ ± z·SE).
 *
 * Reference: Rothman, Greenland & Lash (2008) Modern Epidemiology, 3rd ed., eq. 14-19.
 * Base R has no function; the tests pin values from the formula written out in R
 * (test/stats/r/poisson.R).
 *
 * Preconditions: event counts non-negative integers, exposures finite and non-negative;
 * 0 < level < 1 (else RangeError).
 * Degenerate (null with a reason): zero exposure in either group gives all null; e2 = 0 makes
 * the ratio unbounded (estimate and interval null); e1 = 0 gives estimate 0 with a null
 * interval (log 0 is undefined).
 *
 * @example
 * rateRatioWald(30, 9000, 15, 8000); // { estimate: 1.777777777777778, ci_low: 0.9565417068926038, ci_high: 3.3040836634584307, method: 'wald-log' }
 */
import type { Estimate } from './types.js';
import {
  assertCount,
  assertExposure,
  assertLevel,
  normalCritical,
  nullEstimate,
  zeroExposureReason,
} from './validate.js';

const METHOD = 'wald-log';

export function rateRatioWald(
  e1: number,
  t1: number,
  e2: number,
  t2: number,
  level = 0.95,
): Estimate {
  assertCount(e1, 'e1');
  assertExposure(t1, 't1');
  assertCount(e2, 'e2');
  assertExposure(t2, 't2');
  assertLevel(level);
  const zero = zeroExposureReason(t1, t2);
  if (zero) return nullEstimate(METHOD, zero);
  if (e2 === 0) {
    return nullEstimate(
      METHOD,
      e1 === 0
        ? 'no events in either group: the rate ratio is undefined'
        : 'no events in the comparison group: the rate ratio is unbounded',
    );
  }
  const ratio = e1 / t1 / (e2 / t2);
  if (e1 === 0) {
    return {
      estimate: 0,
      ci_low: null,
      ci_high: null,
      method: METHOD,
      reason: 'no events in the treated group: the rate ratio is 0 and its log-scale interval is undefined',
    };
  }
  const width = normalCritical(level) * Math.sqrt(1 / e1 + 1 / e2);
  const logRatio = Math.log(ratio);
  return {
    estimate: ratio,
    ci_low: Math.exp(logRatio - width),
    ci_high: Math.exp(logRatio + width),
    method: METHOD,
  };
}
