import { describe, expect, it } from 'vitest';
import { agrestiCaffo } from '../../src/stats/agresti-caffo.js';
import { expectClose, expectNullEstimate } from './expect-close.js';

// [x1, n1, x2, n2, level, ci_low, ci_high], printed by test/stats/r/differences.R
// (Agresti & Caffo 2000 formula written out in R; base R has no function for it).
const R_CASES: Array<[number, number, number, number, number, number, number]> = [
  [56, 70, 48, 80, 0.95, 0.0524529266381, 0.335758455476], // ac(56, 70, 48, 80, 0.95)  [differences.R]
  [9, 10, 3, 10, 0.95, 0.1600008011, 0.8399991989], // ac(9, 10, 3, 10, 0.95)  [differences.R]
  [6, 7, 2, 7, 0.95, 0.0338062742668, 0.855082614622], // ac(6, 7, 2, 7, 0.95)  [differences.R]
  [5, 56, 0, 29, 0.95, -0.0288658463031, 0.171246268995], // ac(5, 56, 0, 29, 0.95)  [differences.R]
  [0, 10, 0, 20, 0.95, -0.14109009545, 0.216847671208], // ac(0, 10, 0, 20, 0.95)  [differences.R]
  [0, 10, 0, 10, 0.95, -0.221150315029, 0.221150315029], // ac(0, 10, 0, 10, 0.95)  [differences.R]
  [10, 10, 0, 20, 0.95, 0.692243237883, 1], // ac(10, 10, 0, 20, 0.95)  [differences.R]
  [10, 10, 0, 10, 0.95, 0.612183018304, 1], // ac(10, 10, 0, 10, 0.95)  [differences.R]
  [1, 1, 0, 1, 0.95, -0.421057156051, 1], // ac(1, 1, 0, 1, 0.95)  [differences.R]
  [3, 17, 7, 19, 0.9, -0.402912725998, 0.0620605956725], // ac(3, 17, 7, 19, 0.9)  [differences.R]
  [120, 400, 95, 380, 0.99, -0.032414655855, 0.131786904559], // ac(120, 400, 95, 380, 0.99)  [differences.R]
  [4021, 10000, 3812, 10000, 0.95, 0.00737041649765, 0.034421225174], // ac(4021, 10000, 3812, 10000, 0.95)  [differences.R]
];

describe('agrestiCaffo', () => {
  it.each(R_CASES)('agrestiCaffo(%s, %s, %s, %s, level %s) matches R', (x1, n1, x2, n2, level, low, high) => {
    const r = agrestiCaffo(x1, n1, x2, n2, level);
    expect(r.method).toBe('agresti-caffo');
    expectClose(r.estimate, x1 / n1 - x2 / n2);
    expectClose(r.ci_low, low, 1e-6, 'ci_low');
    expectClose(r.ci_high, high, 1e-6, 'ci_high');
  });

  it('gives a non-degenerate interval when both proportions are 0 (unlike Wald)', () => {
    const r = agrestiCaffo(0, 10, 0, 10);
    expect(r.estimate).toBe(0);
    expect(r.ci_low as number).toBeLessThan(0);
    expect(r.ci_high as number).toBeGreaterThan(0);
  });

  it('returns null estimate and bounds, with a reason, when a group is empty', () => {
    expectNullEstimate(agrestiCaffo(3, 10, 0, 0), /comparison group is empty/);
  });

  it('throws RangeError for invalid counts or level', () => {
    expect(() => agrestiCaffo(1.5, 10, 3, 10)).toThrow(RangeError);
    expect(() => agrestiCaffo(1, 10, 3, 10, 0)).toThrow(RangeError);
  });
});
