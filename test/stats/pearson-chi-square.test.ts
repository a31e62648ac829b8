import { describe, expect, it } from 'vitest';
import { pearsonChiSquare } from '../../src/stats/pearson-chi-square.js';
import { expectClose } from './expect-close.js';

// [x1, n1, x2, n2, statistic, p_value], printed by test/stats/r/tests.R from
// chisq.test(matrix(c(x1, x2, n1 - x1, n2 - x2), 2), correct = FALSE).
const R_CASES: Array<[number, number, number, number, number, number]> = [
  [30, 100, 20, 100, 2.66666666667, 0.10247043486], // chisq.test(matrix(c(30, 20, 70, 80), 2), correct = FALSE)
  [3, 4, 1, 4, 2, 0.15729920705], // chisq.test(matrix(c(3, 1, 1, 3), 2), correct = FALSE)
  [12, 40, 5, 38, 3.2430391311, 0.0717274707322], // chisq.test(matrix(c(12, 5, 28, 33), 2), correct = FALSE)
  [1, 10, 3, 12, 0.825, 0.363722327381], // chisq.test(matrix(c(1, 3, 9, 9), 2), correct = FALSE)
  [1, 10, 0, 12, 1.25714285714, 0.262192602407], // chisq.test(matrix(c(1, 0, 9, 12), 2), correct = FALSE)
  [10, 10, 4, 12, 10.4761904762, 0.00120922842812], // chisq.test(matrix(c(10, 4, 0, 8), 2), correct = FALSE)
  [1, 5, 4, 5, 3.6, 0.0577795711236], // chisq.test(matrix(c(1, 4, 4, 1), 2), correct = FALSE)
  [7, 12, 3, 12, 2.74285714286, 0.0976899593462], // chisq.test(matrix(c(7, 3, 5, 9), 2), correct = FALSE)
  [2, 4, 2, 4, 0, 1], // chisq.test(matrix(c(2, 2, 2, 2), 2), correct = FALSE)
  [1, 1, 0, 1, 2, 0.15729920705], // chisq.test(matrix(c(1, 0, 0, 1), 2), correct = FALSE)
  [2000, 10000, 1800, 10000, 12.9954515919, 0.00031224853429], // chisq.test(matrix(c(2000, 1800, 8000, 8200), 2), correct = FALSE)
  [500, 1000, 350, 1000, 46.0358056266, 1.16111363779e-11], // chisq.test(matrix(c(500, 350, 500, 650), 2), correct = FALSE)
  [150, 1000, 90, 1200, 31.568877551, 1.92489987353e-08], // chisq.test(matrix(c(150, 90, 850, 1110), 2), correct = FALSE)
  [5, 20, 15, 20, 10, 0.001565402258], // chisq.test(matrix(c(5, 15, 15, 5), 2), correct = FALSE)
];

describe('pearsonChiSquare', () => {
  it.each(R_CASES)('pearsonChiSquare(%s, %s, %s, %s) matches chisq.test', (x1, n1, x2, n2, stat, p) => {
    const r = pearsonChiSquare(x1, n1, x2, n2);
    expect(r.name).toBe('pearson-chi-square');
    expectClose(r.statistic, stat, 1e-6, 'statistic');
    expectClose(r.p_value, p, 1e-6, 'p_value');
    expect(r.reason).toBeUndefined();
  });

  it('keeps relative accuracy for very small p-values', () => {
    // chisq.test(matrix(c(500, 350, 500, 650), 2), correct = FALSE)$p.value = 1.16111363779e-11
    expectClose(pearsonChiSquare(500, 1000, 350, 1000).p_value, 1.16111363779e-11, 1e-6);
  });

  it('returns null statistic and p, with a reason, when an expected count is zero (R gives NaN)', () => {
    const none = pearsonChiSquare(0, 10, 0, 12);
    expect(none).toMatchObject({ statistic: null, p_value: null });
    expect(none.reason).toMatch(/no events in either group/);
    const all = pearsonChiSquare(10, 10, 12, 12);
    expect(all).toMatchObject({ statistic: null, p_value: null });
    expect(all.reason).toMatch(/everyone in both groups had the event/);
  });

  it('returns null statistic and p, with a reason, when a group is empty', () => {
    const r = pearsonChiSquare(0, 0, 3, 12);
    expect(r).toMatchObject({ statistic: null, p_value: null });
    expect(r.reason).toMatch(/treated group is empty/);
  });

  it('throws RangeError for invalid counts', () => {
    expect(() => pearsonChiSquare(3, 2, 1, 4)).toThrow(RangeError);
  });
});
