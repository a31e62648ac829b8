import { describe, expect, it } from 'vitest';
import { binomialTest } from '../../src/stats/binomial-test.js';
import { expectClose } from './expect-close.js';
import fc from 'fast-check';
import { beta, binomial } from '../../src/stats/dists.js';

// [x, n, p0, p_value], printed by test/stats/r/tests.R from binom.test(x, n, p0)$p.value.
const R_CASES: Array<[number, number, number, number]> = [
  [7, 20, 0.5, 0.263175964355], // binom.test(7, 20, 0.5)$p.value
  [3, 30, 0.2, 0.251361560308], // binom.test(3, 30, 0.2)$p.value
  [25, 30, 0.6, 0.00851267897921], // binom.test(25, 30, 0.6)$p.value
  [0, 10, 0.3, 0.0388396033], // binom.test(0, 10, 0.3)$p.value
  [10, 10, 0.3, 5.9049e-06], // binom.test(10, 10, 0.3)$p.value
  [50, 100, 0.5, 1], // binom.test(50, 100, 0.5)$p.value
  [1, 1, 0.5, 1], // binom.test(1, 1, 0.5)$p.value
  [30, 45, 0.5294117647058824, 0.0732833407718], // binom.test(30, 45, 0.5294117647058824)$p.value
  [2, 1000, 0.01, 0.00596779178152], // binom.test(2, 1000, 0.01)$p.value
  [980, 1000, 0.95, 1.41222155082e-06], // binom.test(980, 1000, 0.95)$p.value
  [0, 5, 0, 1], // binom.test(0, 5, 0)$p.value
  [5, 5, 1, 1], // binom.test(5, 5, 1)$p.value
  [1, 5, 0, 0], // binom.test(1, 5, 0)$p.value
];

describe('binomialTest', () => {
  it.each(R_CASES)('binomialTest(%s, %s, %s) matches binom.test', (x, n, p0, p) => {
    const r = binomialTest(x, n, p0);
    expect(r.name).toBe('binomial-exact');
    expect(r.statistic).toBe(x);
    expectClose(r.p_value, p, 1e-6, 'p_value');
  });

  it('defaults to p0 = 0.5', () => {
    // binom.test(7, 20)$p.value = 0.263175964355
    expectClose(binomialTest(7, 20).p_value, 0.263175964355);
  });

  it('returns p null, with a reason, when n = 0', () => {
    const r = binomialTest(0, 0);
    expect(r.p_value).toBeNull();
    expect(r.reason).toMatch(/n = 0/);
  });

  it('throws RangeError for invalid arguments', () => {
    expect(() => binomialTest(3, 2)).toThrow(RangeError);
    expect(() => binomialTest(1, 2, 1.5)).toThrow(/p0 must be a probability/);
    expect(() => binomialTest(1, 2, Number.NaN)).toThrow(RangeError);
  });
});

describe('binomialTest: counting outcomes by bisection', () => {
  // R's algorithm, counting every outcome on the far side of n·p0 (binom.test's loop), as the oracle
  function byLoop(x: number, n: number, p0: number): number {
    const pmf = (i: number) => binomial.pmf(i, n, p0);
    const lower = (k: number) => (k < 0 ? 0 : k >= n ? 1 : binomial.cdf(k, n, p0));
    const upper = (k: number) => (k < 0 ? 1 : k >= n ? 0 : beta.cdf(p0, k + 1, n - k));
    const d = pmf(x) * (1 + 1e-7);
    const m = n * p0;
    if (x === m) return 1;
    let y = 0;
    if (x < m) {
      for (let i = Math.ceil(m); i <= n; i++) if (pmf(i) <= d) y++;
      return Math.min(1, lower(x) + upper(n - y));
    }
    for (let i = 0; i <= Math.floor(m); i++) if (pmf(i) <= d) y++;
    return Math.min(1, lower(y - 1) + upper(x - 1));
  }

  it('gives the loop\'s p-value exactly, on generated cases and on ties at the mode', () => {
    const cases: [number, number, number][] = [
      [3, 7, 0.5], [4, 7, 0.5], [0, 1, 0.5], [1, 3, 0.25], [2, 3, 0.75], [5, 9, 0.5], [12, 23, 0.5], [2, 9, 0.1], [8, 9, 0.9],
    ];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (n, p0, u) => {
        const x = Math.min(n, Math.floor(u * (n + 1)));
        expect(binomialTest(x, n, p0).p_value).toBe(byLoop(x, n, p0));
      }),
      { numRuns: 300, seed: 17 },
    );
    for (const [x, n, p0] of cases) expect(binomialTest(x, n, p0).p_value).toBe(byLoop(x, n, p0));
  });
});
