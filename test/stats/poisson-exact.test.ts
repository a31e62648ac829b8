import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { poissonExact } from '../../src/stats/poisson-exact.js';
import { expectClose, expectNullEstimate } from './expect-close.js';

// [events, exposure, level, estimate, ci_low, ci_high], printed by test/stats/r/poisson.R
// from poisson.test(events, exposure, conf.level = level) $estimate, $conf.int.
const R_CASES: Array<[number, number, number, number, number, number]> = [
  [12, 3650, 0.95, 0.00328767123288, 0.00169878770102, 0.0057429000132], // poisson.test(12, 3650, conf.level = 0.95)
  [0, 100, 0.95, 0, 0, 0.0368887945411], // poisson.test(0, 100, conf.level = 0.95)
  [1, 0.5, 0.95, 2, 0.0506356159686, 11.1432867819], // poisson.test(1, 0.5, conf.level = 0.95)
  [350, 12000, 0.9, 0.0291666666667, 0.0266505432485, 0.0318645232108], // poisson.test(350, 12000, conf.level = 0.9)
  [3, 1, 0.99, 3, 0.337863388728, 10.9774774953], // poisson.test(3, 1, conf.level = 0.99)
  [123456, 9876543, 0.95, 0.0124999202656, 0.0124302894949, 0.0125698443671], // poisson.test(123456, 9876543, conf.level = 0.95)
];

describe('poissonExact', () => {
  it.each(R_CASES)('poissonExact(%s, %s, level %s) matches poisson.test', (events, exposure, level, est, low, high) => {
    const r = poissonExact(events, exposure, level);
    expect(r.method).toBe('poisson-exact');
    expectClose(r.estimate, est, 1e-6, 'estimate');
    expectClose(r.ci_low, low, 1e-6, 'ci_low');
    expectClose(r.ci_high, high, 1e-6, 'ci_high');
  });

  it('gives rate 0 with lower bound exactly 0 when there are no events', () => {
    expect(poissonExact(0, 100)).toMatchObject({ estimate: 0, ci_low: 0 });
  });

  it('returns all null, with a reason, for zero exposure', () => {
    expectNullEstimate(poissonExact(0, 0), /zero exposure/);
    expectNullEstimate(poissonExact(3, 0), /zero exposure/);
  });

  it('throws RangeError for invalid arguments', () => {
    expect(() => poissonExact(-1, 10)).toThrow(/events must be a non-negative integer/);
    expect(() => poissonExact(1.5, 10)).toThrow(RangeError);
    expect(() => poissonExact(1, -10)).toThrow(/exposure must be a finite non-negative number/);
    expect(() => poissonExact(1, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => poissonExact(1, 10, 1)).toThrow(RangeError);
  });

  it('has ci_low <= estimate <= ci_high and widens with the level (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20000 }), fc.double({ min: 0.01, max: 1e6, noNaN: true }), (x, t) => {
        const a = poissonExact(x, t, 0.9);
        const b = poissonExact(x, t, 0.99);
        const est = a.estimate as number;
        return (a.ci_low as number) <= est && est <= (a.ci_high as number) &&
          (b.ci_low as number) <= (a.ci_low as number) && (a.ci_high as number) <= (b.ci_high as number);
      }),
    );
  });
});
