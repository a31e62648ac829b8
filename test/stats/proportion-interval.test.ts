import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agrestiCoull } from '../../src/stats/agresti-coull.js';
import { clopperPearson } from '../../src/stats/clopper-pearson.js';
import { jeffreys } from '../../src/stats/jeffreys.js';
import {
  PROPORTION_METHODS,
  proportionInterval,
  type ProportionMethod,
} from '../../src/stats/proportion-interval.js';
import { wald } from '../../src/stats/wald.js';
import { wilson } from '../../src/stats/wilson.js';
import { expectClose } from './expect-close.js';

const FUNCTIONS = { wilson, 'clopper-pearson': clopperPearson, jeffreys, 'agresti-coull': agrestiCoull, wald };

/** A count n in 0..500 and x in 0..n. */
const xn = fc.integer({ min: 0, max: 500 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
const level = fc.double({ min: 0.5, max: 0.999, noNaN: true });

describe('proportionInterval', () => {
  it.each(PROPORTION_METHODS)('dispatches %s to its function', (method) => {
    expect(proportionInterval(12, 40, method, 0.9)).toEqual(FUNCTIONS[method](12, 40, 0.9));
    expect(proportionInterval(0, 5, method)).toEqual(FUNCTIONS[method](0, 5, 0.95));
  });

  it('defaults to Wilson at 95%', () => {
    expect(proportionInterval(12, 40)).toEqual(wilson(12, 40, 0.95));
    // prop.test(12, 40, correct = FALSE)$conf.int
    expectClose(proportionInterval(12, 40).ci_low, 0.180748452297);
    expectClose(proportionInterval(12, 40).ci_high, 0.454300188181);
  });

  it('throws RangeError naming the valid methods for an unknown method', () => {
    expect(() => proportionInterval(1, 2, 'score' as ProportionMethod)).toThrow(
      /unknown proportion interval method 'score'; use one of wilson, clopper-pearson/,
    );
    expect(() => proportionInterval(1, 2, 'toString' as ProportionMethod)).toThrow(RangeError);
  });

  describe.each(PROPORTION_METHODS)('properties of %s', (method) => {
    it('has ci_low <= estimate <= ci_high, all within [0, 1], never NaN', () => {
      fc.assert(
        fc.property(xn, level, ([x, n], lv) => {
          const r = proportionInterval(x, n, method, lv);
          if (n === 0) return r.estimate === null && r.ci_low === null && r.ci_high === null;
          const est = r.estimate as number;
          const lo = r.ci_low ?? est; // Wald leaves one side null at x = 0 or x = n
          const hi = r.ci_high ?? est;
          return 0 <= lo && lo <= est && est <= hi && hi <= 1;
        }),
      );
    });

    it('has bounds that do not decrease as x increases (n fixed)', () => {
      fc.assert(
        fc.property(xn, level, ([x, n], lv) => {
          if (x >= n) return true;
          const a = proportionInterval(x, n, method, lv);
          const b = proportionInterval(x + 1, n, method, lv);
          const ok = (u: number | null, v: number | null) => u === null || v === null || u <= v + 1e-12;
          return ok(a.ci_low, b.ci_low) && ok(a.ci_high, b.ci_high);
        }),
      );
    });

    it('widens as the level rises', () => {
      fc.assert(
        fc.property(xn, ([x, n]) => {
          if (n === 0) return true;
          const a = proportionInterval(x, n, method, 0.9);
          const b = proportionInterval(x, n, method, 0.99);
          const le = (u: number | null, v: number | null) => u === null || v === null || u <= v + 1e-12;
          return le(b.ci_low, a.ci_low) && le(a.ci_high, b.ci_high);
        }),
      );
    });
  });
});
