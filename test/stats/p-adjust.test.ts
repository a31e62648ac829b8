import { describe, expect, it } from 'vitest';
import { P_ADJUST_METHODS, pAdjust, type PAdjustMethod } from '../../src/stats/p-adjust.js';
import { expectClose } from './expect-close.js';

type Row = { p: number[] } & Record<PAdjustMethod, number[]>;

// Printed by test/stats/r/p-adjust.R: p.adjust(p, method) for each method.
const R_CASES: Row[] = [
  {
    p: [0.01, 0.04, 0.03, 0.2],
    holm: [0.04, 0.09, 0.09, 0.2], // p.adjust(p, 'holm')
    hochberg: [0.04, 0.08, 0.08, 0.2], // p.adjust(p, 'hochberg')
    BH: [0.04, 0.0533333333333, 0.0533333333333, 0.2], // p.adjust(p, 'BH')
    bonferroni: [0.04, 0.16, 0.12, 0.8], // p.adjust(p, 'bonferroni')
    none: [0.01, 0.04, 0.03, 0.2], // p.adjust(p, 'none')
  },
  {
    p: [0.02, 0.02, 0.5, 0.001, 0.02], // ties
    holm: [0.08, 0.08, 0.5, 0.005, 0.08], // p.adjust(p, 'holm')
    hochberg: [0.04, 0.04, 0.5, 0.005, 0.04], // p.adjust(p, 'hochberg')
    BH: [0.025, 0.025, 0.5, 0.005, 0.025], // p.adjust(p, 'BH')
    bonferroni: [0.1, 0.1, 1, 0.005, 0.1], // p.adjust(p, 'bonferroni')
    none: [0.02, 0.02, 0.5, 0.001, 0.02], // p.adjust(p, 'none')
  },
  {
    p: [0.3], // a single p-value is unchanged
    holm: [0.3], // p.adjust(p, 'holm')
    hochberg: [0.3], // p.adjust(p, 'hochberg')
    BH: [0.3], // p.adjust(p, 'BH')
    bonferroni: [0.3], // p.adjust(p, 'bonferroni')
    none: [0.3], // p.adjust(p, 'none')
  },
  {
    p: [0, 1, 0.5],
    holm: [0, 1, 1], // p.adjust(p, 'holm')
    hochberg: [0, 1, 1], // p.adjust(p, 'hochberg')
    BH: [0, 1, 0.75], // p.adjust(p, 'BH')
    bonferroni: [0, 1, 1], // p.adjust(p, 'bonferroni')
    none: [0, 1, 0.5], // p.adjust(p, 'none')
  },
  {
    p: [0.9, 0.95, 0.99], // capped at 1
    holm: [1, 1, 1], // p.adjust(p, 'holm')
    hochberg: [0.99, 0.99, 0.99], // p.adjust(p, 'hochberg')
    BH: [0.99, 0.99, 0.99], // p.adjust(p, 'BH')
    bonferroni: [1, 1, 1], // p.adjust(p, 'bonferroni')
    none: [0.9, 0.95, 0.99], // p.adjust(p, 'none')
  },
  {
    p: [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216],
    holm: [0.01, 0.072, 0.312, 0.312, 0.312, 0.312, 0.312, 0.615, 0.615, 0.615], // p.adjust(p, 'holm')
    hochberg: [0.01, 0.072, 0.216, 0.216, 0.216, 0.216, 0.216, 0.216, 0.216, 0.216], // p.adjust(p, 'hochberg')
    BH: [0.01, 0.04, 0.084, 0.084, 0.084, 0.1, 0.105714285714, 0.216, 0.216, 0.216], // p.adjust(p, 'BH')
    bonferroni: [0.01, 0.08, 0.39, 0.41, 0.42, 0.6, 0.74, 1, 1, 1], // p.adjust(p, 'bonferroni')
    none: [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216], // p.adjust(p, 'none')
  },
];

describe('pAdjust', () => {
  for (const row of R_CASES) {
    it.each(P_ADJUST_METHODS)(`%s on [${row.p.join(', ')}] matches p.adjust`, (method) => {
      const out = pAdjust(row.p, method);
      expect(out).toHaveLength(row.p.length);
      out.forEach((v, i) => expectClose(v, row[method][i], 1e-6, `${method}[${i}]`));
    });
  }

  it('defaults to Holm', () => {
    expect(pAdjust([0.01, 0.04, 0.03, 0.2])).toEqual(pAdjust([0.01, 0.04, 0.03, 0.2], 'holm'));
  });

  it('returns [] for no p-values and does not modify its input', () => {
    expect(pAdjust([], 'BH')).toEqual([]);
    const p = [0.04, 0.01];
    pAdjust(p, 'holm');
    expect(p).toEqual([0.04, 0.01]);
  });

  it('throws RangeError for values outside [0, 1], NaN, or an unknown method', () => {
    expect(() => pAdjust([0.5, 1.2])).toThrow(/p\[1\] must be a p-value in \[0, 1\]/);
    expect(() => pAdjust([Number.NaN])).toThrow(RangeError);
    expect(() => pAdjust([0.5], 'fdr' as PAdjustMethod)).toThrow(/use one of holm, hochberg, BH, bonferroni, none/);
  });
});
