/**
 * Person-level (cluster) bootstrap with percentile intervals.
 *
 * **Formula, in words.** Each replicate draws n person indices with replacement from 0..n-1 and
 * evaluates the statistic on those people (all of a person's records travel together, so the
 * within-person correlation is kept: the cluster bootstrap). The percentile interval is the
 * (1 - level)/2 and 1 - (1 - level)/2 sample quantiles of the replicate values, using R's
 * default `quantile(type = 7)`: for sorted values v_1..v_m and probability q, h = (m - 1) q,
 * the quantile is v_(floor h + 1) + (h - floor h)(v_(floor h + 2) - v_(floor h + 1)).
 * The point estimate is the statistic on the original sample (indices 0..n-1).
 *
 * Note: R's `boot::boot.ci(type = "perc")` reads the quantiles differently (order statistic
 * (B + 1) q with normal-scale interpolation); with B = 2000 the two differ by far less than the
 * Monte Carlo error. Type 7 is used because it is what `quantile()` users reproduce.
 *
 * **Reference.** Efron & Tibshirani (1993), An Introduction to the Bootstrap, ch. 13 (percentile
 * interval); Davison & Hinkley (1997), section 3.8 (resampling clusters); R `quantile(type = 7)`
 * (Hyndman & Fan 1996, definition 7).
 *
 * **Preconditions.** n a non-negative integer; replicates a positive integer (default 2000);
 * 0 < level < 1 (default 0.95); exactly one of `seed` (integer, 0 <= seed < 2^32) or `random`;
 * 0 <= maxNullFraction <= 1. Violations throw RangeError.
 *
 * **Degenerate input.** n = 0: null with a reason. A replicate whose statistic returns null (or a
 * non-finite number) is skipped and counted in `n_null`; if more than `maxNullFraction` (default
 * 0.1) of the replicates are null the interval is null with a reason, since dropping them would
 * bias it. A statistic undefined on the full sample gives a null estimate.
 *
 * **Cost.** replicates x (n draws + one statistic call). The index buffer is reused between
 * replicates: copy it if the statistic must keep it. `bootstrapDifferenceOfMeans` on large
 * samples of whole numbers with few distinct values (reoffence counts: at least
 * HISTOGRAM_MIN_N people) draws each replicate's sum from the value histogram instead
 * (multinomial by conditional binomials, the binomial sampler of dists.ts on the same seeded source):
 * the same bootstrap distribution at O(distinct values) per replicate, so 2,000 replicates of a
 * million people take milliseconds, not a minute. Its random numbers differ from the index path.
 *
 * @example
 * const x = [0, 1, 1, 2, 5];
 * const r = bootstrapPercentile({
 *   n: x.length, seed: 1, replicates: 1000,
 *   statistic: (idx) => idx.reduce((s, i) => s + x[i], 0) / idx.length,
 * });
 * [r.estimate, r.ci_low, r.ci_high, r.n_valid]; // [1.8, 0.6, 3.4, 1000]
 */
import { randomBinomial as binomialFactoryImport } from './dists.js';
import { checkLevel } from './kaplan-meier.js';
import { checkSeed, createRandom, type RandomSource } from './random.js';
import type { Estimate } from './types.js';

export interface BootstrapOptions {
  /** Number of people (clusters) to resample. */
  n: number;
  /** Statistic of a resample, given the chosen person indices (buffer reused between calls). */
  statistic: (indices: Int32Array) => number | null;
  /** Number of bootstrap replicates, default 2000. */
  replicates?: number;
  /** Seed for a fresh `createRandom(seed)` source. */
  seed?: number;
  /** Or a random source to draw from (advanced by the call). */
  random?: RandomSource;
  /** Confidence level, default 0.95. */
  level?: number;
  /** Largest tolerated share of null replicates before the interval is withheld, default 0.1. */
  maxNullFraction?: number;
}

export interface BootstrapResult extends Estimate {
  level: number;
  replicates: number;
  /** Replicates with a usable (finite) value. */
  n_valid: number;
  /** Replicates whose statistic was null or not finite (skipped). */
  n_null: number;
  /** The seed used, or null when a random source was passed in. */
  seed: number | null;
}

export interface DifferenceOfMeansOptions {
  replicates?: number;
  seed?: number;
  random?: RandomSource;
  level?: number;
}

const METHOD = 'person-level bootstrap, percentile interval (R quantile type 7)';
const METHOD_2 = 'stratified person-level bootstrap of the difference of means, percentile interval (R quantile type 7)';

/**
 * Sample quantile of already-sorted values, R's `quantile(x, p, type = 7)`.
 * Throws RangeError for an empty array or p outside [0, 1].
 *
 * @example
 * quantileType7([1, 2, 3, 4], 0.5); // 2.5
 */
export function quantileType7(sorted: ArrayLike<number>, p: number): number {
  const m = sorted.length;
  if (m === 0) throw new RangeError('quantileType7 needs at least one value');
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1] (got ${String(p)})`);
  // Written as R's quantile.default does it (1-based index), so rounding matches too.
  const index = 1 + (m - 1) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const qlo = sorted[lo - 1];
  const qhi = sorted[hi - 1];
  if (hi === lo || qhi === qlo) return qlo;
  const f = index - lo;
  return (1 - f) * qlo + f * qhi;
}

function resolveOptions(
  o: { replicates?: number; seed?: number; random?: RandomSource; level?: number },
): { replicates: number; level: number; random: RandomSource; seed: number | null } {
  const replicates = o.replicates ?? 2000;
  if (!Number.isInteger(replicates) || replicates < 1) {
    throw new RangeError(`replicates must be a positive integer (got ${String(replicates)})`);
  }
  const level = o.level ?? 0.95;
  checkLevel(level);
  if ((o.seed === undefined) === (o.random === undefined)) {
    throw new RangeError('give exactly one of seed or random');
  }
  if (o.seed !== undefined) {
    checkSeed(o.seed);
    return { replicates, level, random: createRandom(o.seed), seed: o.seed };
  }
  return { replicates, level, random: o.random as RandomSource, seed: null };
}

/** Percentile interval from replicate values (mutated: sorted). */
function percentile(
  values: Float64Array,
  level: number,
): [number, number] {
  values.sort();
  const a = (1 - level) / 2;
  return [quantileType7(values, a), quantileType7(values, 1 - a)];
}

/**
 * Person-level bootstrap percentile interval for any statistic of a sample of n people.
 */
export function bootstrapPercentile(options: BootstrapOptions): BootstrapResult {
  const { n, statistic } = options;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer (got ${String(n)})`);
  if (typeof statistic !== 'function') throw new RangeError('statistic must be a function');
  const { replicates, level, random, seed } = resolveOptions(options);
  const maxNullFraction = options.maxNullFraction ?? 0.1;
  if (typeof maxNullFraction !== 'number' || !(maxNullFraction >= 0 && maxNullFraction <= 1)) {
    throw new RangeError(`maxNullFraction must be in [0, 1] (got ${String(maxNullFraction)})`);
  }
  const base = { method: METHOD, level, replicates, seed };
  if (n === 0) {
    return { ...base, estimate: null, ci_low: null, ci_high: null, n_valid: 0, n_null: 0, reason: 'no subjects' };
  }

  const identity = new Int32Array(n);
  for (let i = 0; i < n; i++) identity[i] = i;
  const full = statistic(identity);
  const estimate = full !== null && Number.isFinite(full) ? full : null;

  const idx = new Int32Array(n);
  const values = new Float64Array(replicates);
  let nValid = 0;
  for (let b = 0; b < replicates; b++) {
    for (let i = 0; i < n; i++) idx[i] = random.nextInt(n);
    const v = statistic(idx);
    if (v !== null && Number.isFinite(v)) values[nValid++] = v;
  }
  const nNull = replicates - nValid;
  const counts = { n_valid: nValid, n_null: nNull };
  const estimateReason = estimate === null ? 'the statistic is undefined on the full sample' : undefined;
  if (nValid === 0 || nNull > maxNullFraction * replicates) {
    const reason =
      nValid === 0
        ? 'the statistic was undefined in every bootstrap replicate'
        : `the statistic was undefined in ${nNull} of ${replicates} replicates (more than ${maxNullFraction * 100}%), so a percentile interval from the rest would be biased`;
    return { ...base, ...counts, estimate, ci_low: null, ci_high: null, reason: estimateReason ? `${estimateReason}; ${reason}` : reason };
  }
  const [lo, hi] = percentile(values.subarray(0, nValid), level);
  return {
    ...base,
    ...counts,
    estimate,
    ci_low: lo,
    ci_high: hi,
    ...(estimateReason ? { reason: estimateReason } : {}),
  };
}

/**
 * Difference of means mean(x) - mean(y) with a stratified bootstrap percentile interval: each
 * replicate resamples x (|x| draws) and then y (|y| draws) independently, with replacement, so
 * group sizes stay fixed. Use it for reoffences per person, treated (x) minus comparison (y).
 *
 * Degenerate: an empty sample gives null with a reason. Values must be finite (RangeError).
 *
 * @example
 * const r = bootstrapDifferenceOfMeans([3, 0, 2, 1], [0, 1, 0, 0, 1], { seed: 7, replicates: 1000 });
 * [r.estimate, r.ci_low, r.ci_high]; // [1.1, -0.050000000000000044, 2.3]
 */
export function bootstrapDifferenceOfMeans(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: DifferenceOfMeansOptions = {},
): BootstrapResult {
  const { replicates, level, random, seed } = resolveOptions(options);
  for (const [label, v] of [['x', x], ['y', y]] as const) {
    for (let i = 0; i < v.length; i++) {
      if (typeof v[i] !== 'number' || !Number.isFinite(v[i])) {
        throw new RangeError(`${label}[${i}] must be a finite number (got ${String(v[i])})`);
      }
    }
  }
  const base = { method: METHOD_2, level, replicates, seed };
  const nx = x.length;
  const ny = y.length;
  if (nx === 0 || ny === 0) {
    const reason =
      nx === 0 && ny === 0 ? 'both samples are empty' : `the ${nx === 0 ? 'first (x)' : 'second (y)'} sample is empty`;
    return { ...base, estimate: null, ci_low: null, ci_high: null, n_valid: 0, n_null: 0, reason };
  }
  let sx = 0;
  for (let i = 0; i < nx; i++) sx += x[i];
  let sy = 0;
  for (let i = 0; i < ny; i++) sy += y[i];
  const estimate = sx / nx - sy / ny;

  const values = new Float64Array(replicates);
  const hx = nx + ny >= HISTOGRAM_MIN_N ? histogram(x) : null;
  const hy = hx ? histogram(y) : null;
  if (hx && hy) {
    // Few distinct values (counts of reoffences): the sum of n draws with replacement is
    // sum_j k_j v_j with (k_1..k_K) ~ Multinomial(n; c_j / n), drawn exactly as K - 1
    // conditional binomials. Same distribution as drawing n indices, O(K) per replicate.
    const binomial = binomialFactory({ prng: () => random.nextFloat() });
    for (let b = 0; b < replicates; b++) values[b] = multinomialSum(hx, nx, binomial) / nx - multinomialSum(hy, ny, binomial) / ny;
  } else {
    for (let b = 0; b < replicates; b++) {
      let ax = 0;
      for (let i = 0; i < nx; i++) ax += x[random.nextInt(nx)];
      let ay = 0;
      for (let i = 0; i < ny; i++) ay += y[random.nextInt(ny)];
      values[b] = ax / nx - ay / ny;
    }
  }
  const [lo, hi] = percentile(values, level);
  return { ...base, estimate, ci_low: lo, ci_high: hi, n_valid: replicates, n_null: 0 };
}

/* ---- large samples of small counts: resampling through the value histogram ---- */

/** Samples this large (both groups together) with few distinct whole values use the histogram. */
export const HISTOGRAM_MIN_N = 5000;
const HISTOGRAM_MAX_VALUES = 1000;

type Binomial = (n: number, p: number) => number;
const binomialFactory = (o: { prng: () => number }): Binomial =>
  (binomialFactoryImport as unknown as { factory: (o: { prng: () => number }) => Binomial }).factory(o);

/** Distinct values and their counts, when the sample holds few distinct whole numbers. */
function histogram(v: ArrayLike<number>): { values: number[]; counts: number[] } | null {
  const m = new Map<number, number>();
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!Number.isInteger(x)) return null;
    m.set(x, (m.get(x) ?? 0) + 1);
    if (m.size > HISTOGRAM_MAX_VALUES) return null;
  }
  const values = [...m.keys()].sort((a, b) => a - b);
  return { values, counts: values.map((x) => m.get(x)!) };
}

/** The sum of n draws with replacement from a histogram, via conditional binomials. */
function multinomialSum(h: { values: number[]; counts: number[] }, n: number, binomial: Binomial): number {
  let remaining = n;
  let remainingCount = n;
  let sum = 0;
  const K = h.values.length;
  for (let j = 0; j < K - 1 && remaining > 0; j++) {
    const p = h.counts[j] / remainingCount;
    const k = p >= 1 ? remaining : binomial(remaining, p);
    sum += k * h.values[j];
    remaining -= k;
    remainingCount -= h.counts[j];
  }
  return sum + remaining * h.values[K - 1];
}
