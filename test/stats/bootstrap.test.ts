/**
 * Bootstrap and the seeded random source.
 *
 * R's bootstrap uses a different generator, so intervals cannot be matched digit for digit.
 * Instead: (1) the percentile step is checked against R `quantile(type = 7)` on fixed vectors
 * (test/stats/r/quantile.R, pasted as literals, tolerance 1e-12 relative); (2) a seed gives the
 * same answer every run; (3) on a large sample the bootstrap interval is close to the
 * normal-theory interval (tolerance stated in the test).
 */
import { describe, expect, it } from 'vitest';
import { bootstrapDifferenceOfMeans, bootstrapPercentile, quantileType7 } from '../../src/stats/bootstrap.js';
import { createRandom } from '../../src/stats/random.js';

function expectClose(actual: number | null, expected: number, rel = 1e-12): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(Math.max(1e-12, rel * Math.abs(expected)));
}

const PROBS = [0, 0.025, 0.05, 0.1, 0.5, 0.9, 0.95, 0.975, 1];

describe('quantileType7 against R quantile(type = 7)', () => {
  it('small vector with a tie', () => {
    // v = c(3.1, -2, 7.25, 0, 11, 4.5, 4.5, 9.75, -6.5, 1); quantile(v, probs, type = 7)
    const expected = [-6.5, -5.4875, -4.475, -2.45, 3.8, 9.875, 10.4375, 10.71875, 11];
    const v = Float64Array.of(3.1, -2, 7.25, 0, 11, 4.5, 4.5, 9.75, -6.5, 1).sort();
    PROBS.forEach((p, i) => expectClose(quantileType7(v, p), expected[i]));
  });

  it('2000 values, the size of a default bootstrap', () => {
    // w <- ((1:2000) * 7919) %% 2003 / 7; quantile(w, probs, type = 7)
    const expected = [
      0.142857142857, 7.28214285714, 14.5642857143, 28.9857142857, 143.214285714, 257.442857143, 271.721428571,
      278.860714286, 286,
    ];
    const w = new Float64Array(2000);
    for (let i = 1; i <= 2000; i++) w[i - 1] = ((i * 7919) % 2003) / 7;
    w.sort();
    // R printed 12 significant digits, so compare at 1e-11 relative
    PROBS.forEach((p, i) => expectClose(quantileType7(w, p), expected[i], 1e-11));
  });

  it('a single value', () => {
    // quantile(42, c(0.025, 0.975), type = 7) -> 42 42
    expect([quantileType7([42], 0.025), quantileType7([42], 0.975)]).toEqual([42, 42]);
  });

  it('rejects an empty array and p outside [0, 1]', () => {
    expect(() => quantileType7([], 0.5)).toThrow(RangeError);
    expect(() => quantileType7([1, 2], 1.5)).toThrow(RangeError);
    expect(() => quantileType7([1, 2], Number.NaN)).toThrow(RangeError);
  });
});

describe('createRandom', () => {
  it('reproduces the pure-rand README sequence for seed 42 (xoroshiro128+, uniformInt 1..6 -> 2, 4, 6)', () => {
    const rng = createRandom(42);
    expect([rng.nextInt(6) + 1, rng.nextInt(6) + 1, rng.nextInt(6) + 1]).toEqual([2, 4, 6]);
  });

  it('same seed, same sequence; different seed, different sequence', () => {
    const draw = (seed: number) => {
      const r = createRandom(seed);
      return [...Array.from({ length: 50 }, () => r.nextInt(1000)), ...Array.from({ length: 50 }, () => r.nextFloat())];
    };
    expect(draw(2024)).toEqual(draw(2024));
    expect(draw(2024)).not.toEqual(draw(2025));
  });

  it('draws in range, roughly uniformly', () => {
    const r = createRandom(7);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100000; i++) counts[r.nextInt(10)]++;
    // each cell ~ Binomial(1e5, 0.1): sd ~ 95; allow 5 sd
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(475);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 100000; i++) {
      const u = r.nextFloat();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
    }
    expect(outside).toBe(0);
    // mean of 1e5 U(0,1): sd 0.00091; allow 5 sd
    expect(Math.abs(sum / 100000 - 0.5)).toBeLessThan(0.0046);
  });

  it('rejects bad seeds and ranges', () => {
    expect(() => createRandom(-1)).toThrow(RangeError);
    expect(() => createRandom(1.5)).toThrow(RangeError);
    expect(() => createRandom(2 ** 32)).toThrow(RangeError);
    expect(() => createRandom(0).nextInt(0)).toThrow(RangeError);
    expect(() => createRandom(0).nextInt(2.5)).toThrow(RangeError);
  });
});

const mean = (x: ArrayLike<number>, idx?: Int32Array): number => {
  let s = 0;
  const m = idx ? idx.length : x.length;
  for (let i = 0; i < m; i++) s += x[idx ? idx[i] : i];
  return s / m;
};

describe('bootstrapPercentile', () => {
  const x = Array.from({ length: 40 }, (_, i) => (i * 37) % 11);

  it('is deterministic for a seed, and the estimate is the statistic on the full sample', () => {
    const run = (seed: number) => bootstrapPercentile({ n: x.length, seed, statistic: (idx) => mean(x, idx) });
    const a = run(11);
    expect(a).toEqual(run(11));
    expect(a.estimate).toBe(mean(x));
    expect(a).toMatchObject({ replicates: 2000, n_valid: 2000, n_null: 0, level: 0.95, seed: 11 });
    expect((a.ci_low as number) < (a.estimate as number) && (a.estimate as number) < (a.ci_high as number)).toBe(true);
    expect(run(12)).not.toEqual(a);
  });

  it('a passed-in random source gives the same result as the same seed', () => {
    const viaSeed = bootstrapPercentile({ n: x.length, seed: 5, replicates: 300, statistic: (idx) => mean(x, idx) });
    const viaSource = bootstrapPercentile({
      n: x.length,
      random: createRandom(5),
      replicates: 300,
      statistic: (idx) => mean(x, idx),
    });
    expect(viaSource).toEqual({ ...viaSeed, seed: null });
  });

  it('matches the normal-theory interval on a large sample (within 10% of the half-width)', () => {
    // 5,000 values with mean 4.5 and sd ~2.9; normal theory: mean +/- 1.96 sd / sqrt(n).
    // Monte Carlo sd of a 2.5% percentile endpoint with B = 2000 is ~3% of the half-width,
    // so 10% is > 3 sd of slack.
    const n = 5000;
    const v = Float64Array.from({ length: n }, (_, i) => (i * 7) % 10);
    const m = mean(v);
    let ss = 0;
    for (const t of v) ss += (t - m) ** 2;
    const se = Math.sqrt(ss / (n - 1) / n);
    const half = 1.959963984540054 * se; // qnorm(0.975)
    const r = bootstrapPercentile({ n, seed: 99, statistic: (idx) => mean(v, idx) });
    expect(Math.abs((r.ci_low as number) - (m - half))).toBeLessThan(0.1 * half);
    expect(Math.abs((r.ci_high as number) - (m + half))).toBeLessThan(0.1 * half);
  });

  it('skips and counts null replicates', () => {
    // statistic undefined when the resample misses person 0 (chance (1 - 1/3)^3 = 8/27 per replicate)
    const r = bootstrapPercentile({
      n: 3,
      seed: 1,
      replicates: 1000,
      maxNullFraction: 0.5,
      statistic: (idx) => (idx.includes(0) ? mean([1, 2, 3], idx) : null),
    });
    expect(r.n_null + r.n_valid).toBe(1000);
    expect(r.n_null).toBeGreaterThan(230);
    expect(r.n_null).toBeLessThan(360);
    expect(r.ci_low).not.toBeNull();
  });

  it('withholds the interval when too many replicates are null', () => {
    const r = bootstrapPercentile({
      n: 3,
      seed: 1,
      replicates: 1000,
      statistic: (idx) => (idx.includes(0) ? 1 : null),
    });
    expect(r.ci_low).toBeNull();
    expect(r.estimate).toBe(1);
    expect(r.reason).toMatch(/undefined in \d+ of 1000 replicates/);
  });

  it('treats non-finite statistics as null and reports a statistic undefined everywhere', () => {
    const r = bootstrapPercentile({ n: 4, seed: 1, replicates: 50, statistic: () => Number.NaN });
    expect(r).toMatchObject({ estimate: null, ci_low: null, ci_high: null, n_valid: 0, n_null: 50 });
    expect(r.reason).toMatch(/every bootstrap replicate/);
  });

  it('no subjects gives null with a reason', () => {
    const r = bootstrapPercentile({ n: 0, seed: 1, statistic: () => 1 });
    expect(r).toMatchObject({ estimate: null, ci_low: null, ci_high: null, reason: 'no subjects' });
  });

  it('bad arguments throw RangeError', () => {
    const statistic = () => 1;
    expect(() => bootstrapPercentile({ n: -1, seed: 1, statistic })).toThrow(RangeError);
    expect(() => bootstrapPercentile({ n: 2.5, seed: 1, statistic })).toThrow(RangeError);
    expect(() => bootstrapPercentile({ n: 5, statistic })).toThrow(RangeError); // no seed or random
    expect(() => bootstrapPercentile({ n: 5, seed: 1, random: createRandom(1), statistic })).toThrow(RangeError);
    expect(() => bootstrapPercentile({ n: 5, seed: 1, replicates: 0, statistic })).toThrow(RangeError);
    expect(() => bootstrapPercentile({ n: 5, seed: 1, level: 1.2, statistic })).toThrow(RangeError);
    expect(() => bootstrapPercentile({ n: 5, seed: 1, maxNullFraction: 2, statistic })).toThrow(RangeError);
  });
});

describe('bootstrapDifferenceOfMeans (stratified)', () => {
  it('is deterministic for a seed', () => {
    const a = bootstrapDifferenceOfMeans([3, 0, 2, 1, 4], [0, 1, 0, 0, 1, 2], { seed: 3 });
    expect(a).toEqual(bootstrapDifferenceOfMeans([3, 0, 2, 1, 4], [0, 1, 0, 0, 1, 2], { seed: 3 }));
    expect(a.estimate).toBeCloseTo(2 - 4 / 6, 14);
    expect(a).toMatchObject({ replicates: 2000, n_valid: 2000, n_null: 0, seed: 3 });
  });

  it('matches the normal-theory (unpooled) interval on large samples (within 10% of the half-width)', () => {
    // x: 3,000 counts with mean 1.9, y: 4,000 counts with mean 1.5 (deterministic patterns);
    // normal theory: diff +/- 1.96 sqrt(var_x / n_x + var_y / n_y). Tolerance as above.
    const x = Float64Array.from({ length: 3000 }, (_, i) => [0, 0, 1, 2, 3, 5, 0, 4, 2, 2][i % 10]);
    const y = Float64Array.from({ length: 4000 }, (_, i) => [0, 1, 0, 3, 2, 1, 0, 4, 3, 1][i % 10]);
    const v = (a: Float64Array) => {
      const m = mean(a);
      let ss = 0;
      for (const t of a) ss += (t - m) ** 2;
      return ss / (a.length - 1);
    };
    const diff = mean(x) - mean(y);
    const half = 1.959963984540054 * Math.sqrt(v(x) / x.length + v(y) / y.length);
    const r = bootstrapDifferenceOfMeans(x, y, { seed: 2026 });
    expect(r.estimate).toBeCloseTo(diff, 12);
    expect(Math.abs((r.ci_low as number) - (diff - half))).toBeLessThan(0.1 * half);
    expect(Math.abs((r.ci_high as number) - (diff + half))).toBeLessThan(0.1 * half);
  });

  it('an empty group gives null with a reason', () => {
    expect(bootstrapDifferenceOfMeans([], [1, 2], { seed: 1 })).toMatchObject({
      estimate: null,
      ci_low: null,
      reason: 'the first (x) sample is empty',
    });
    expect(bootstrapDifferenceOfMeans([1], [], { seed: 1 }).reason).toBe('the second (y) sample is empty');
  });

  it('bad arguments throw RangeError', () => {
    expect(() => bootstrapDifferenceOfMeans([1, Number.NaN], [1], { seed: 1 })).toThrow(RangeError);
    expect(() => bootstrapDifferenceOfMeans([1], [1])).toThrow(RangeError);
  });
});

describe('bootstrapDifferenceOfMeans: the histogram path for large samples of counts', () => {
  // 30,000 + 25,000 reoffence counts with a fixed pattern (0..6): large enough for the
  // multinomial path. Its interval must match the normal-theory interval
  // diff ± z * sqrt(var_x/n_x + var_y/n_y) (computed here by hand, independently of the
  // code under test) to within 5% of the half-width, and be reproducible from the seed.
  const px = [0, 0, 0, 1, 0, 2, 0, 1, 3, 0, 6, 0, 1, 0, 0, 4];
  const py = [0, 1, 0, 2, 1, 0, 3, 1, 0, 5, 2, 0, 1];
  const x = Array.from({ length: 30000 }, (_, i) => px[i % px.length]);
  const y = Array.from({ length: 25000 }, (_, i) => py[i % py.length]);
  const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
  const variance = (v: number[]) => {
    const m = mean(v);
    return v.reduce((s, a) => s + (a - m) ** 2, 0) / (v.length - 1);
  };
  const diff = mean(x) - mean(y);
  const half = 1.959963984540054 * Math.sqrt(variance(x) / x.length + variance(y) / y.length);

  it('agrees with the normal-theory interval and is reproducible', () => {
    const r = bootstrapDifferenceOfMeans(x, y, { seed: 11, replicates: 4000 });
    expect(r.estimate).toBeCloseTo(diff, 12);
    expect(Math.abs(r.ci_low! - (diff - half))).toBeLessThan(0.05 * half);
    expect(Math.abs(r.ci_high! - (diff + half))).toBeLessThan(0.05 * half);
    const again = bootstrapDifferenceOfMeans(x, y, { seed: 11, replicates: 4000 });
    expect([again.ci_low, again.ci_high]).toEqual([r.ci_low, r.ci_high]);
    const other = bootstrapDifferenceOfMeans(x, y, { seed: 12, replicates: 4000 });
    expect(other.ci_low).not.toBe(r.ci_low);
  });

  it('is fast: 2,000 replicates of a million people', () => {
    const big = Array.from({ length: 600000 }, (_, i) => px[i % px.length]);
    const big2 = Array.from({ length: 400000 }, (_, i) => py[i % py.length]);
    const r = bootstrapDifferenceOfMeans(big, big2, { seed: 1, replicates: 2000 });
    expect(r.ci_low).toBeLessThan(r.estimate!);
    expect(r.ci_high).toBeGreaterThan(r.estimate!);
  });
});
