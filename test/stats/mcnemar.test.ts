import { describe, expect, it } from 'vitest';
import { mcnemarChiSquare, mcnemarExact, mcnemarTest } from '../../src/stats/mcnemar.js';
import { expectClose } from './expect-close.js';

// [a, b, c, d, chisq_statistic, chisq_p, exact_p], printed by test/stats/r/mcnemar.R from
// mcnemar.test(matrix(c(a, c, b, d), 2), correct = FALSE) and binom.test(b, b + c, 0.5).
const R_CASES: Array<[number, number, number, number, number | null, number | null, number | null]> = [
  [10, 25, 12, 53, 4.56756756757, 0.0325827983856, 0.0470310274395], // mcnemar.test(matrix(c(10, 12, 25, 53), 2), correct = FALSE); binom.test(25, 37)
  [40, 30, 10, 120, 10, 0.001565402258, 0.00222143377323], // mcnemar.test(matrix(c(40, 10, 30, 120), 2), correct = FALSE); binom.test(30, 40)
  [5, 0, 0, 7, null, null, null], // mcnemar.test(matrix(c(5, 0, 0, 7), 2), correct = FALSE) gives NaN; binom.test(0, 0) fails
  [0, 7, 1, 0, 4.5, 0.0338948535247, 0.0703125], // mcnemar.test(matrix(c(0, 1, 7, 0), 2), correct = FALSE); binom.test(7, 8)
  [3, 12, 3, 50, 5.4, 0.0201367515503, 0.03515625], // mcnemar.test(matrix(c(3, 3, 12, 50), 2), correct = FALSE); binom.test(12, 15)
  [100, 60, 30, 400, 10, 0.001565402258, 0.00206026568096], // mcnemar.test(matrix(c(100, 30, 60, 400), 2), correct = FALSE); binom.test(60, 90)
  [1, 1, 0, 1, 1, 0.317310507863, 1], // mcnemar.test(matrix(c(1, 0, 1, 1), 2), correct = FALSE); binom.test(1, 1)
  [20, 13, 12, 55, 0.04, 0.841480581122, 1], // mcnemar.test(matrix(c(20, 12, 13, 55), 2), correct = FALSE); binom.test(13, 25)
  [8, 1, 9, 2, 6.4, 0.011412036386, 0.021484375], // mcnemar.test(matrix(c(8, 9, 1, 2), 2), correct = FALSE); binom.test(1, 10)
];

describe('mcnemar', () => {
  it.each(R_CASES)('table a=%s b=%s c=%s d=%s matches R mcnemar.test(correct = FALSE) and binom.test', (_a, b, c, _d, x2, p, pExact) => {
    const chi = mcnemarChiSquare(b, c);
    const ex = mcnemarExact(b, c);
    if (x2 === null) {
      expect([chi.statistic, chi.p_value, ex.p_value]).toEqual([null, null, null]);
      expect(chi.reason).toMatch(/no discordant pairs/);
      return;
    }
    expectClose(chi.statistic, x2, 1e-9, 'statistic');
    expectClose(chi.p_value, p!, 1e-6, 'p_value');
    expectClose(ex.p_value, pExact!, 1e-6, 'exact p_value');
    expect(ex.statistic).toBe(b);
  });

  it('uses the exact test below 25 discordant people and chi-square from 25', () => {
    expect(mcnemarTest(12, 12).name).toBe('mcnemar-exact-binomial'); // 24
    expect(mcnemarTest(13, 12).name).toBe('mcnemar-chi-square'); // 25
    // binom.test(13, 25)$p.value = 1; chi-square (13 - 12)^2 / 25 = 0.04
    expect(mcnemarTest(13, 12).statistic).toBeCloseTo(0.04, 12);
    expect(mcnemarTest(13, 12, 26).p_value).toBe(1);
  });

  it('the documented example', () => {
    expect(mcnemarChiSquare(25, 12).statistic).toBe(4.5675675675675675);
    expectClose(mcnemarChiSquare(25, 12).p_value, 0.0325827983856, 1e-6);
    expect(mcnemarTest(7, 1).name).toBe('mcnemar-exact-binomial');
  });

  it('rejects counts that are not non-negative integers', () => {
    expect(() => mcnemarTest(-1, 2)).toThrow(RangeError);
    expect(() => mcnemarChiSquare(1.5, 2)).toThrow(/b must be a non-negative integer/);
  });
});
