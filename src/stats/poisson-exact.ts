/**
 * Event rate (events per unit of exposure, e.g. per liberty day) with the exact Poisson
 * interval.
 *
 * Formula: rate = x / T. Lower bound = the α/2 quantile of Gamma(shape x, rate 1), divided by T
 * (0 when x = 0); upper = the 1 - α/2 quantile of Gamma(shape x + 1, rate 1), divided by T;
 * α = 1 - level. (Equivalently χ² quantiles: χ²_{α/2, 2x}/2T and χ²_{1-α/2, 2x+2}/2T.)
 *
 * Gamma quantiles come from {@link gammaQuantile} (stdlib's Gamma quantile is inaccurate for
 * large shapes, i.e. for thousands of events).
 *
 * Reference: Garwood (1936) Biometrika 28:437-442; R `poisson.test(x, T)$conf.int`, `$estimate`.
 *
 * Preconditions: events a non-negative integer, exposure a finite non-negative number;
 * 0 < level < 1 (else RangeError).
 * Degenerate: zero exposure gives all null with a reason. No events is fine (rate 0, lower 0).
 *
 * @example
 * poissonExact(12, 3650); // { estimate: 0.0032876712328767125, ci_low: 0.0016987877010197856, ci_high: 0.005742900013199164, method: 'poisson-exact' }
 */
import { gammaQuantile } from './gamma-quantile.js';
import type { Estimate } from './types.js';
import { assertCount, assertExposure, assertLevel, nullEstimate } from './validate.js';

const METHOD = 'poisson-exact';

export function poissonExact(events: number, exposure: number, level = 0.95): Estimate {
  assertCount(events, 'events');
  assertExposure(exposure, 'exposure');
  assertLevel(level);
  if (exposure === 0) {
    return nullEstimate(METHOD, 'zero exposure: no time at risk, so the rate cannot be estimated');
  }
  const alpha = (1 - level) / 2;
  const low = events === 0 ? 0 : gammaQuantile(alpha, events) / exposure;
  const high = gammaQuantile(1 - alpha, events + 1) / exposure;
  return { estimate: events / exposure, ci_low: low, ci_high: high, method: METHOD };
}
