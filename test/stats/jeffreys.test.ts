import { describe, expect, it } from 'vitest';
import { jeffreys } from '../../src/stats/jeffreys.js';
import { expectClose, expectNullEstimate } from './expect-close.js';

// [x, n, level, ci_low, ci_high], printed by test/stats/r/proportions.R with the call shown.
const R_CASES: Array<[number, number, number, number, number]> = [
  [12, 40, 0.95, 0.175619805742, 0.452158307989], // qbeta(c(0.025, 0.975), 12.5, 28.5)
  [0, 10, 0.95, 0, 0.217196267509], // qbeta(c(0.025, 0.975), 0.5, 10.5)  (lower 0: x = 0)
  [10, 10, 0.95, 0.782803732491, 1], // qbeta(c(0.025, 0.975), 10.5, 0.5)  (upper 1: x = n)
  [0, 1, 0.95, 0, 0.85325368369], // qbeta(c(0.025, 0.975), 0.5, 1.5)  (lower 0: x = 0)
  [1, 1, 0.95, 0.14674631631, 1], // qbeta(c(0.025, 0.975), 1.5, 0.5)  (upper 1: x = n)
  [1, 2, 0.95, 0.0608302759201, 0.93916972408], // qbeta(c(0.025, 0.975), 1.5, 1.5)
  [3, 17, 0.9, 0.0666423372535, 0.3615765056], // qbeta(c(0.05, 0.95), 3.5, 14.5)
  [5, 1000, 0.99, 0.00130369753811, 0.0133191485805], // qbeta(c(0.005, 0.995), 5.5, 995.5)
  [1, 25, 0.8, 0.0117372388816, 0.118662679892], // qbeta(c(0.1, 0.9), 1.5, 24.5)
  [29, 30, 0.95, 0.854582222646, 0.996379535626], // qbeta(c(0.025, 0.975), 29.5, 1.5)
  [37811, 120000, 0.95, 0.312467746512, 0.317724506387], // qbeta(c(0.025, 0.975), 37811.5, 82189.5)
];

describe('jeffreys', () => {
  it.each(R_CASES)('jeffreys(%s, %s, level %s) matches R', (x, n, level, low, high) => {
    const r = jeffreys(x, n, level);
    expect(r.method).toBe('jeffreys');
    expectClose(r.estimate, x / n);
    expectClose(r.ci_low, low, 1e-6, 'ci_low');
    expectClose(r.ci_high, high, 1e-6, 'ci_high');
    expect(r.reason).toBeUndefined();
  });

  it('uses level 0.95 by default', () => {
    expect(jeffreys(12, 40)).toEqual(jeffreys(12, 40, 0.95));
  });

  it('sets the lower bound to 0 at x = 0 and the upper to 1 at x = n (Brown, Cai & DasGupta)', () => {
    expect(jeffreys(0, 10)).toMatchObject({ estimate: 0, ci_low: 0 });
    expect(jeffreys(10, 10)).toMatchObject({ estimate: 1, ci_high: 1 });
  });

  it('returns null estimate and bounds, with a reason, when n = 0', () => {
    expectNullEstimate(jeffreys(0, 0), /n = 0/);
  });

  it.each([
    [11, 10],
    [-1, 10],
    [0.5, 10],
  ])('throws RangeError for x = %s, n = %s', (x, n) => {
    expect(() => jeffreys(x, n)).toThrow(RangeError);
  });

  it('throws RangeError for level outside (0, 1)', () => {
    expect(() => jeffreys(3, 10, 1)).toThrow(RangeError);
  });
});
