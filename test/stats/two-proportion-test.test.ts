import { describe, expect, it } from 'vitest';
import { twoProportionTest } from '../../src/stats/two-proportion-test.js';
import { expectClose } from './expect-close.js';

// [x1, n1, x2, n2, min_expected], printed by test/stats/r/tests.R from
// min(chisq.test(matrix(c(x1, x2, n1 - x1, n2 - x2), 2))$expected).
const MIN_EXPECTED: Array<[number, number, number, number, number]> = [
  [30, 100, 20, 100, 25], // min(chisq.test(matrix(c(30, 20, 70, 80), 2))$expected)
  [3, 4, 1, 4, 2], // min(chisq.test(matrix(c(3, 1, 1, 3), 2))$expected)
  [12, 40, 5, 38, 8.28205128205], // min(chisq.test(matrix(c(12, 5, 28, 33), 2))$expected)
  [1, 10, 3, 12, 1.81818181818], // min(chisq.test(matrix(c(1, 3, 9, 9), 2))$expected)
  [1, 10, 0, 12, 0.454545454545], // min(chisq.test(matrix(c(1, 0, 9, 12), 2))$expected)
  [10, 10, 4, 12, 3.63636363636], // min(chisq.test(matrix(c(10, 4, 0, 8), 2))$expected)
  [1, 5, 4, 5, 2.5], // min(chisq.test(matrix(c(1, 4, 4, 1), 2))$expected)
  [7, 12, 3, 12, 5], // min(chisq.test(matrix(c(7, 3, 5, 9), 2))$expected)
  [2, 4, 2, 4, 2], // min(chisq.test(matrix(c(2, 2, 2, 2), 2))$expected)
  [1, 1, 0, 1, 0.5], // min(chisq.test(matrix(c(1, 0, 0, 1), 2))$expected)
  [2000, 10000, 1800, 10000, 1900], // min(chisq.test(matrix(c(2000, 1800, 8000, 8200), 2))$expected)
  [500, 1000, 350, 1000, 425], // min(chisq.test(matrix(c(500, 350, 500, 650), 2))$expected)
  [150, 1000, 90, 1200, 109.090909091], // min(chisq.test(matrix(c(150, 90, 850, 1110), 2))$expected)
  [5, 20, 15, 20, 10], // min(chisq.test(matrix(c(5, 15, 15, 5), 2))$expected)
];

describe('twoProportionTest', () => {
  it.each(MIN_EXPECTED)('twoProportionTest(%s, %s, %s, %s) picks the test by the smallest expected count', (x1, n1, x2, n2, minExpected) => {
    const r = twoProportionTest(x1, n1, x2, n2);
    expectClose(r.min_expected, minExpected);
    expect(r.name).toBe(minExpected < 5 ? 'fisher-exact' : 'pearson-chi-square');
  });

  it('uses Pearson without continuity correction when every expected count is at least 5', () => {
    // chisq.test(matrix(c(30, 20, 70, 80), 2), correct = FALSE): X-squared 2.66666666667, p 0.10247043486
    const r = twoProportionTest(30, 100, 20, 100);
    expect(r.name).toBe('pearson-chi-square');
    expectClose(r.statistic, 2.66666666667);
    expectClose(r.p_value, 0.10247043486);
  });

  it('uses Pearson when the smallest expected count is exactly 5', () => {
    // min(chisq.test(matrix(c(7, 3, 5, 9), 2))$expected) = 5;
    // chisq.test(matrix(c(7, 3, 5, 9), 2), correct = FALSE)$p.value = 0.0976899593462
    const r = twoProportionTest(7, 12, 3, 12);
    expect(r.name).toBe('pearson-chi-square');
    expect(r.min_expected).toBe(5);
    expectClose(r.p_value, 0.0976899593462);
  });

  it("uses Fisher's exact test when an expected count is below 5", () => {
    // fisher.test(matrix(c(10, 4, 0, 8), 2))$p.value = 0.00168871376302 (min expected 3.636...)
    const r = twoProportionTest(10, 10, 4, 12);
    expect(r.name).toBe('fisher-exact');
    expect(r.statistic).toBeNull();
    expectClose(r.p_value, 0.00168871376302);
  });

  it('gives Fisher with p = 1 when no one had the event', () => {
    expect(twoProportionTest(0, 10, 0, 12)).toMatchObject({ name: 'fisher-exact', p_value: 1, min_expected: 0 });
  });

  it('gives p null with a reason when a group is empty, and min_expected null when N = 0', () => {
    const r = twoProportionTest(0, 0, 3, 12);
    expect(r).toMatchObject({ name: 'fisher-exact', p_value: null, min_expected: 0 });
    expect(r.reason).toMatch(/treated group is empty/);
    expect(twoProportionTest(0, 0, 0, 0)).toMatchObject({ p_value: null, min_expected: null });
  });

  it('throws RangeError for invalid counts', () => {
    expect(() => twoProportionTest(5, 4, 1, 4)).toThrow(RangeError);
  });
});
