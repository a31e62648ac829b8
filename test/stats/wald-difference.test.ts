import { describe, expect, it } from 'vitest';
import { waldDifference } from '../../src/stats/wald-difference.js';
import { expectClose, expectNullEstimate } from './expect-close.js';

// [x1, n1, x2, n2, level, ci_low, ci_high], printed by test/stats/r/differences.R.
const R_CASES: Array<[number, number, number, number, number, number, number]> = [
  [56, 70, 48, 80, 0.95, 0.057504899149, 0.342495100851], // prop.test(c(56, 48), c(70, 80), conf.level = 0.95, correct = FALSE)$conf.int
  [9, 10, 3, 10, 0.95, 0.260524279777, 0.939475720223], // prop.test(c(9, 3), c(10, 10), conf.level = 0.95, correct = FALSE)$conf.int
  [6, 7, 2, 7, 0.95, 0.148116140266, 0.994741002591], // prop.test(c(6, 2), c(7, 7), conf.level = 0.95, correct = FALSE)$conf.int
  [5, 56, 0, 29, 0.95, 0.0146002404426, 0.163971188129], // prop.test(c(5, 0), c(56, 29), conf.level = 0.95, correct = FALSE)$conf.int
  [3, 17, 7, 19, 0.9, -0.429148574262, 0.045247645469], // prop.test(c(3, 7), c(17, 19), conf.level = 0.9, correct = FALSE)$conf.int
  [120, 400, 95, 380, 0.99, -0.0322016932947, 0.132201693295], // prop.test(c(120, 95), c(400, 380), conf.level = 0.99, correct = FALSE)$conf.int
  [4021, 10000, 3812, 10000, 0.95, 0.00737337774818, 0.0344266222518], // prop.test(c(4021, 3812), c(10000, 10000), conf.level = 0.95, correct = FALSE)$conf.int
];

describe('waldDifference', () => {
  it.each(R_CASES)('waldDifference(%s, %s, %s, %s, level %s) matches prop.test', (x1, n1, x2, n2, level, low, high) => {
    const r = waldDifference(x1, n1, x2, n2, level);
    expect(r.method).toBe('wald');
    expectClose(r.estimate, x1 / n1 - x2 / n2);
    expectClose(r.ci_low, low, 1e-6, 'ci_low');
    expectClose(r.ci_high, high, 1e-6, 'ci_high');
  });

  it('clips to [-1, 1] as prop.test does', () => {
    // prop.test(c(1, 0), c(2, 1), correct = FALSE)$conf.int would exceed 1 without the clip
    const r = waldDifference(1, 2, 0, 1);
    expect(r.ci_high).toBe(1);
  });

  it('returns the estimate with null bounds and a reason when the standard error is zero', () => {
    const cases: Array<[number, number, number, number]> = [
      [0, 10, 0, 20],
      [10, 10, 0, 20],
      [1, 1, 0, 1],
    ];
    for (const args of cases) {
      const r = waldDifference(...args);
      expect(r.estimate).toBe(args[0] / args[1] - args[2] / args[3]);
      expect(r.ci_low).toBeNull();
      expect(r.ci_high).toBeNull();
      expect(r.reason).toMatch(/standard error is zero/);
    }
  });

  it('returns null estimate and bounds, with a reason, when a group is empty', () => {
    expectNullEstimate(waldDifference(0, 0, 3, 10), /treated group is empty/);
  });

  it('throws RangeError for invalid counts', () => {
    expect(() => waldDifference(1, 10, 30, 10)).toThrow(RangeError);
  });
});
