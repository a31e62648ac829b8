/**
 * The seeded binomial sampler (src/stats/dists.ts): exact inversion where n·p < 10 (stdlib's
 * own sampler draws n Bernoulli trials there), stdlib's BTPE elsewhere. The empirical
 * distribution of 20,000 seeded draws is checked against R's pmf by a chi-square
 * goodness-of-fit test, and the symmetry and edge cases are exact.
 */
import { createRequire } from 'node:module';
import { describe, it, expect } from 'vitest';
import { binomialInversion, chisquare, randomBinomial } from '../../src/stats/dists.js';
import { createRandom } from '../../src/stats/random.js';

/** Pearson chi-square p-value of `draws` against the pmf `f` on 0..f.length-1 (the rest pooled). */
function fit(draws: number[], f: number[]): number {
  const k = f.length;
  const observed = new Array(k + 1).fill(0);
  for (const x of draws) observed[Math.min(x, k)]++;
  const expected = [...f.map((v) => v * draws.length), (1 - f.reduce((a, b) => a + b, 0)) * draws.length];
  let stat = 0;
  for (let i = 0; i <= k; i++) if (expected[i] > 0) stat += (observed[i] - expected[i]) ** 2 / expected[i];
  return 1 - (chisquare.cdf as (x: number, df: number) => number)(stat, k);
}

describe('binomial sampler', () => {
  it("draws where n p >= 10 exactly as stdlib's factory({ prng }) does, from the same uniforms", () => {
    const stdlib = (createRequire(import.meta.url)('@stdlib/random-base-binomial') as { factory: (o: { prng: () => number }) => (n: number, p: number) => number }).factory;
    for (const [n, p] of [[20, 0.5], [100, 0.3], [1000, 0.9], [136179, 0.012], [5000, 0.002], [3000, 0.99]] as const) {
      const a = createRandom(11);
      const b = createRandom(11);
      const ours = randomBinomial.factory({ prng: () => a.nextFloat() });
      const theirs = stdlib({ prng: () => b.nextFloat() });
      const x = Array.from({ length: 500 }, () => ours(n, p));
      expect(x).toEqual(Array.from({ length: 500 }, () => theirs(n, p)));
      expect(a.nextFloat()).toBe(b.nextFloat());
    }
    // a bad n or p is stdlib's NaN
    const r = createRandom(1);
    const draw = randomBinomial.factory({ prng: () => r.nextFloat() });
    expect(draw(2.5, 0.5)).toBeNaN();
    expect(draw(10, 1.5)).toBeNaN();
  });

  it('n = 1.8M, p = 1e-6 (n p = 1.8): seeded draws fit R dbinom(0:8, 1800000, 1e-6)', () => {
    // R 4.2.2: dbinom(0:8, 1800000, 1e-6)
    const f = [0.165298739452554938, 0.297538028552627454, 0.267784344712695077, 0.160670588975309503, 0.072301716837664454, 0.026028586248771975, 0.007808561992705036, 0.002007911255839418, 0.000451778727420248];
    const random = createRandom(7);
    const draw = randomBinomial.factory({ prng: () => random.nextFloat() });
    const draws = Array.from({ length: 20000 }, () => draw(1800000, 1e-6));
    expect(fit(draws, f)).toBeGreaterThan(0.001);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(Math.abs(mean - 1.8)).toBeLessThan(0.05);
  });

  it('p > 0.5 by symmetry: n = 40, p = 0.9 fits R dbinom(40 - 0:12, 40, 0.9) read from the top', () => {
    const random = createRandom(3);
    const draw = randomBinomial.factory({ prng: () => random.nextFloat() });
    const draws = Array.from({ length: 20000 }, () => 40 - draw(40, 0.9));
    // R 4.2.2: dbinom(0:12, 40, 0.1), the count of failures
    const f = [0.014780882941434597, 0.065692813073042644, 0.142334428324925738, 0.200322528753599127, 0.205887043441199125, 0.164709634752959327, 0.106756244747288495, 0.057614481292187408, 0.026406637258919216, 0.010432251756610061, 0.003593331160610133, 0.001088888230487918, 0.000292386654482867];
    expect(fit(draws, f)).toBeGreaterThan(0.001);
  });

  it('edges: p = 0 gives 0, p = 1 gives n, and inversion never exceeds n', () => {
    const random = createRandom(1);
    const draw = randomBinomial.factory({ prng: () => random.nextFloat() });
    expect(draw(1000, 0)).toBe(0);
    expect(draw(1000, 1)).toBe(1000);
    expect(binomialInversion(() => 1, 3, 0.9)).toBeLessThanOrEqual(3);
    expect(binomialInversion(() => 0.5, 5, 0)).toBe(0);
  });
});
