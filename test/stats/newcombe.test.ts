import { describe, expect, it } from 'vitest';
import { newcombe } from '../../src/stats/newcombe.js';
import { expectClose, expectNullEstimate } from './expect-close.js';

// [x1, n1, x2, n2, level, ci_low, ci_high], printed by test/stats/r/differences.R
// (Newcombe's method 10 written out in R on prop.test(x, n, correct = FALSE)$conf.int).
const R_CASES: Array<[number, number, number, number, number, number, number]> = [
  [56, 70, 48, 80, 0.95, 0.0524314724024, 0.333872654037], // newcombe(56, 70, 48, 80, 0.95)  [differences.R, on prop.test CIs]
  [9, 10, 3, 10, 0.95, 0.170522723935, 0.809017973535], // newcombe(9, 10, 3, 10, 0.95)  [differences.R, on prop.test CIs]
  [6, 7, 2, 7, 0.95, 0.0582279274823, 0.806249637524], // newcombe(6, 7, 2, 7, 0.95)  [differences.R, on prop.test CIs]
  [5, 56, 0, 29, 0.95, -0.0381371479035, 0.192560013855], // newcombe(5, 56, 0, 29, 0.95)  [differences.R, on prop.test CIs]
  [0, 10, 0, 20, 0.95, -0.161125158053, 0.277532799863], // newcombe(0, 10, 0, 20, 0.95)  [differences.R, on prop.test CIs]
  [0, 10, 0, 10, 0.95, -0.277532799863, 0.277532799863], // newcombe(0, 10, 0, 10, 0.95)  [differences.R, on prop.test CIs]
  [10, 10, 0, 20, 0.95, 0.679086037142, 1], // newcombe(10, 10, 0, 20, 0.95)  [differences.R, on prop.test CIs]
  [10, 10, 0, 10, 0.95, 0.607509350431, 1], // newcombe(10, 10, 0, 10, 0.95)  [differences.R, on prop.test CIs]
  [1, 1, 0, 1, 0.95, -0.122108720682, 1], // newcombe(1, 1, 0, 1, 0.95)  [differences.R, on prop.test CIs]
  [3, 17, 7, 19, 0.9, -0.406190148116, 0.0549999724901], // newcombe(3, 17, 7, 19, 0.9)  [differences.R, on prop.test CIs]
  [120, 400, 95, 380, 0.99, -0.0325086288199, 0.131220373089], // newcombe(120, 400, 95, 380, 0.99)  [differences.R, on prop.test CIs]
  [4021, 10000, 3812, 10000, 0.95, 0.00737032261573, 0.0344188870259], // newcombe(4021, 10000, 3812, 10000, 0.95)  [differences.R, on prop.test CIs]
];

// Newcombe (1998) Stat Med 17:873-890, Table II, method 10, printed to 4 decimals.
const PUBLISHED: Array<[number, number, number, number, number, number]> = [
  [56, 70, 48, 80, 0.0524, 0.3339],
  [9, 10, 3, 10, 0.1705, 0.809],
  [5, 56, 0, 29, -0.0381, 0.1926],
  [0, 10, 0, 20, -0.1611, 0.2775],
  [0, 10, 0, 10, -0.2775, 0.2775],
  [10, 10, 0, 20, 0.6791, 1],
  [10, 10, 0, 10, 0.6075, 1],
];

describe('newcombe', () => {
  it.each(R_CASES)('newcombe(%s, %s, %s, %s, level %s) matches R', (x1, n1, x2, n2, level, low, high) => {
    const r = newcombe(x1, n1, x2, n2, level);
    expect(r.method).toBe('newcombe');
    expectClose(r.estimate, x1 / n1 - x2 / n2);
    expectClose(r.ci_low, low, 1e-6, 'ci_low');
    expectClose(r.ci_high, high, 1e-6, 'ci_high');
  });

  it.each(PUBLISHED)('reproduces Newcombe (1998) Table II for %s/%s - %s/%s', (x1, n1, x2, n2, low, high) => {
    const r = newcombe(x1, n1, x2, n2);
    expect(Math.abs((r.ci_low as number) - low)).toBeLessThanOrEqual(5e-5);
    expect(Math.abs((r.ci_high as number) - high)).toBeLessThanOrEqual(5e-5);
  });

  it('stays within [-1, 1] with all or no events', () => {
    const r = newcombe(10, 10, 0, 10);
    expect(r.ci_high).toBeLessThanOrEqual(1);
    const s = newcombe(0, 10, 10, 10);
    expect(s.ci_low).toBeGreaterThanOrEqual(-1);
  });

  it('returns null estimate and bounds, with a reason, when a group is empty', () => {
    expectNullEstimate(newcombe(0, 0, 3, 10), /treated group is empty/);
    expectNullEstimate(newcombe(3, 10, 0, 0), /comparison group is empty/);
    expectNullEstimate(newcombe(0, 0, 0, 0), /both groups are empty/);
  });

  it('throws RangeError for invalid counts or level', () => {
    expect(() => newcombe(11, 10, 3, 10)).toThrow(/x1 \(11\) cannot exceed n1 \(10\)/);
    expect(() => newcombe(1, 10, -3, 10)).toThrow(/x2 must be a non-negative integer/);
    expect(() => newcombe(1, 10, 3, 10, 1.2)).toThrow(RangeError);
  });
});
