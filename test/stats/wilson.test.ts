import { describe, expect, it } from 'vitest';
import { wilson } from '../../src/stats/wilson.js';
import { expectClose, expectNullEstimate } from './expect-close.js';

// [x, n, level, ci_low, ci_high], printed by test/stats/r/proportions.R with the call shown.
const R_CASES: Array<[number, number, number, number, number]> = [
  [12, 40, 0.95, 0.180748452297, 0.454300188181], // prop.test(12, 40, conf.level = 0.95, correct = FALSE)$conf.int
  [0, 10, 0.95, 0, 0.277532799863], // prop.test(0, 10, conf.level = 0.95, correct = FALSE)$conf.int
  [10, 10, 0.95, 0.722467200137, 1], // prop.test(10, 10, conf.level = 0.95, correct = FALSE)$conf.int
  [0, 1, 0.95, 0, 0.793450685623], // prop.test(0, 1, conf.level = 0.95, correct = FALSE)$conf.int
  [1, 1, 0.95, 0.206549314377, 1], // prop.test(1, 1, conf.level = 0.95, correct = FALSE)$conf.int
  [1, 2, 0.95, 0.0945312057342, 0.905468794266], // prop.test(1, 2, conf.level = 0.95, correct = FALSE)$conf.int
  [3, 17, 0.9, 0.0728144665471, 0.368966978069], // prop.test(3, 17, conf.level = 0.9, correct = FALSE)$conf.int
  [5, 1000, 0.99, 0.00167204411098, 0.0148532091434], // prop.test(5, 1000, conf.level = 0.99, correct = FALSE)$conf.int
  [1, 25, 0.8, 0.0120426437557, 0.124670937339], // prop.test(1, 25, conf.level = 0.8, correct = FALSE)$conf.int
  [29, 30, 0.95, 0.833296090086, 0.994091409618], // prop.test(29, 30, conf.level = 0.95, correct = FALSE)$conf.int
  [37811, 120000, 0.95, 0.312469217, 0.317725954584], // prop.test(37811, 120000, conf.level = 0.95, correct = FALSE)$conf.int
];

describe('wilson', () => {
  it.each(R_CASES)('wilson(%s, %s, level %s) matches R', (x, n, level, low, high) => {
    const r = wilson(x, n, level);
    expect(r.method).toBe('wilson');
    expectClose(r.estimate, x / n);
    expectClose(r.ci_low, low, 1e-6, 'ci_low');
    expectClose(r.ci_high, high, 1e-6, 'ci_high');
    expect(r.reason).toBeUndefined();
  });

  it('uses level 0.95 by default', () => {
    expect(wilson(12, 40)).toEqual(wilson(12, 40, 0.95));
  });

  it('returns a lower bound of exactly 0 when x = 0 and an upper bound of exactly 1 when x = n', () => {
    expect(wilson(0, 7).ci_low).toBe(0);
    expect(wilson(7, 7).ci_high).toBe(1);
    expect(wilson(0, 1)).toMatchObject({ estimate: 0, ci_low: 0 });
  });

  it('returns null estimate and bounds, with a reason, when n = 0', () => {
    expectNullEstimate(wilson(0, 0), /n = 0/);
    expect(wilson(0, 0).method).toBe('wilson');
  });

  it.each([
    [11, 10],
    [-1, 10],
    [1.5, 10],
    [1, 10.5],
    [Number.NaN, 10],
    [1, Number.POSITIVE_INFINITY],
  ])('throws RangeError for x = %s, n = %s', (x, n) => {
    expect(() => wilson(x, n)).toThrow(RangeError);
  });

  it.each([0, 1, -0.5, 1.5, Number.NaN])('throws RangeError for level %s', (level) => {
    expect(() => wilson(3, 10, level)).toThrow(/level must be a number strictly between 0 and 1/);
  });
});
