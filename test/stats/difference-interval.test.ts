import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agrestiCaffo } from '../../src/stats/agresti-caffo.js';
import {
  DIFFERENCE_METHODS,
  differenceInterval,
  type DifferenceMethod,
} from '../../src/stats/difference-interval.js';
import { newcombe } from '../../src/stats/newcombe.js';
import { waldDifference } from '../../src/stats/wald-difference.js';
import { expectClose } from './expect-close.js';

const FUNCTIONS = { newcombe, wald: waldDifference, 'agresti-caffo': agrestiCaffo };

const group = fc
  .integer({ min: 0, max: 300 })
  .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
const level = fc.double({ min: 0.5, max: 0.999, noNaN: true });

describe('differenceInterval', () => {
  it.each(DIFFERENCE_METHODS)('dispatches %s to its function', (method) => {
    expect(differenceInterval(56, 70, 48, 80, method, 0.9)).toEqual(FUNCTIONS[method](56, 70, 48, 80, 0.9));
  });

  it('defaults to Newcombe at 95%', () => {
    const r = differenceInterval(9, 10, 3, 10);
    expect(r.method).toBe('newcombe');
    // newcombe(9, 10, 3, 10, 0.95) in test/stats/r/differences.R
    expectClose(r.ci_low, 0.170522723935);
    expectClose(r.ci_high, 0.809017973535);
  });

  it('throws RangeError naming the valid methods for an unknown method', () => {
    expect(() => differenceInterval(1, 2, 1, 2, 'score' as DifferenceMethod)).toThrow(
      /use one of newcombe, wald, agresti-caffo/,
    );
  });

  describe.each(DIFFERENCE_METHODS)('properties of %s', (method) => {
    it('has -1 <= ci_low <= ci_high <= 1, never NaN', () => {
      fc.assert(
        fc.property(group, group, level, ([x1, n1], [x2, n2], lv) => {
          const r = differenceInterval(x1, n1, x2, n2, method, lv);
          if (n1 === 0 || n2 === 0) return r.estimate === null && r.ci_low === null && r.ci_high === null;
          if (r.ci_low === null || r.ci_high === null) return method === 'wald' && r.reason !== undefined;
          return -1 <= r.ci_low && r.ci_low <= r.ci_high && r.ci_high <= 1;
        }),
      );
    });
  });

  // Agresti-Caffo is centred on the adjusted difference, so at small n and low levels it can
  // exclude the sample difference it reports (e.g. 1/4 - 0/1 at 50%); these hold for the others.
  describe.each(['newcombe', 'wald'] as const)('containment for %s', (method) => {
    it('has ci_low <= estimate <= ci_high', () => {
      fc.assert(
        fc.property(group, group, level, ([x1, n1], [x2, n2], lv) => {
          const r = differenceInterval(x1, n1, x2, n2, method, lv);
          if (n1 === 0 || n2 === 0) return r.estimate === null && r.ci_low === null && r.ci_high === null;
          const est = r.estimate as number;
          if (r.ci_low === null || r.ci_high === null) return method === 'wald' && r.reason !== undefined;
          return -1 <= r.ci_low && r.ci_low <= est + 1e-12 && est <= r.ci_high + 1e-12 && r.ci_high <= 1;
        }),
      );
    });
  });

  // Only Newcombe's interval is monotone in x1: the Wald and Agresti-Caffo standard errors grow
  // with p1, so their bounds can step back (e.g. Wald at 0/2 -> 1/2 vs 1/25, Agresti-Caffo at
  // 15/16 -> 16/16 vs 46/50 at 99.9%).
  describe.each(['newcombe'] as const)('monotonicity of %s', (method) => {
    it('has bounds that do not decrease as x1 increases', () => {
      fc.assert(
        fc.property(group, group, level, ([x1, n1], [x2, n2], lv) => {
          if (x1 >= n1 || n2 === 0) return true;
          const a = differenceInterval(x1, n1, x2, n2, method, lv);
          const b = differenceInterval(x1 + 1, n1, x2, n2, method, lv);
          const le = (u: number | null, v: number | null) => u === null || v === null || u <= v + 1e-12;
          return le(a.ci_low, b.ci_low) && le(a.ci_high, b.ci_high);
        }),
      );
    });
  });
});
