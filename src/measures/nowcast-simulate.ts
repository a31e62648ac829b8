/**
 * The nowcast's prediction interval by simulation (nowcast.ts, MEASURES.md §6 "Nowcast"): each
 * draw resamples the people of the reporting triangle and re-estimates G, redraws the observed
 * count and draws the late count. Plain data in and out, and nothing imported beyond the random
 * sources, so that `desist report` can run it on a worker thread (nowcast-thread.ts) while it
 * computes the rest; the figures are the same wherever it runs.
 */
import { quantileType7 } from '../stats/bootstrap.js';
import { randomBinomial } from '../stats/dists.js';
import { createRandom, type RandomSource } from '../stats/random.js';

/** What the simulation of the provisional rows' intervals needs. */
export interface NowcastSimulation {
  /** the reporting triangle: per quarter, T = as-of - quarter start and the people per delay 0..D */
  counts: { T: number; c: Float64Array }[];
  /** people in the triangle */
  total: number;
  D: number;
  draws: number;
  seed: number;
  level: number;
  /** per provisional row with a nowcast, in row order: at risk, charged so far, T */
  targets: { n: number; x: number; T: number }[];
}

/** The prediction interval of each target, in order. */
export interface NowcastIntervals {
  low: number[];
  high: number[];
}

/** The same from per-quarter delay counts c[e], e = 0..D. */
export function cdfFromCounts(counts: { T: number; c: Float64Array }[], D: number): (e: number) => number {
  const n = new Float64Array(D + 1);
  const R = new Float64Array(D + 1);
  for (const { T, c } of counts) {
    let cum = 0;
    for (let e = 0; e <= D; e++) {
      cum += c[e];
      n[e] += c[e];
      if (T >= e) R[e] += cum;
    }
  }
  const G = new Float64Array(D + 1);
  G[D] = 1;
  for (let e = D; e > 0; e--) {
    const g = R[e] > 0 ? n[e] / R[e] : 0;
    G[e - 1] = G[e] * (1 - g);
  }
  return (e: number) => (e < 0 ? 0 : G[Math.min(e, D)]);
}

/**
 * Multinomial resample of the triangle's people: drawing `total` people with replacement. Up to
 * INDEX_LIMIT people, by drawing person indices (O(total) per draw, the indices drawn in one
 * batch by `nextInts`); above, by conditional binomials over the non-empty cells (the same
 * distribution, O(cells) per draw). The returned quarters' counts are views of one buffer,
 * overwritten by the next call.
 */
function triangleResampler(counts: { T: number; c: Float64Array }[], total: number, random: RandomSource, binomial: (n: number, p: number) => number): () => { T: number; c: Float64Array }[] {
  const width = counts.length > 0 ? counts[0].c.length : 0;
  const flat = new Float64Array(counts.length * width);
  const out = counts.map(({ T }, j) => ({ T, c: flat.subarray(j * width, (j + 1) * width) }));
  // the non-empty cells in (quarter, delay) order, by their index in `flat`
  const cellAt: number[] = [];
  const cellN: number[] = [];
  counts.forEach(({ c }, j) => c.forEach((v, e) => {
    if (v > 0) {
      cellAt.push(j * width + e);
      cellN.push(v);
    }
  }));
  if (total <= INDEX_LIMIT) {
    // person i of the triangle (cells in order, each cell's people together) is in flat[owner[i]];
    // 16-bit indices when they fit (a window of 12 quarters x 731 days does): half the cache misses
    const owner = flat.length <= 0x10000 ? new Uint16Array(total) : new Int32Array(total);
    let at = 0;
    cellN.forEach((v, k) => owner.fill(cellAt[k], at, (at += v)));
    const drawn = new Int32Array(total);
    return () => {
      flat.fill(0);
      if (total > 0) random.nextInts(total, drawn);
      for (let i = 0; i < total; i++) flat[owner[drawn[i]]]++;
      return out;
    };
  }
  return () => {
    flat.fill(0);
    let remaining = total;
    let remainingMass = total;
    for (let k = 0; k < cellN.length && remaining > 0; k++) {
      const p = cellN[k] / remainingMass;
      const x = p >= 1 ? remaining : binomial(remaining, p);
      flat[cellAt[k]] = x;
      remaining -= x;
      remainingMass -= cellN[k];
    }
    return out;
  };
}

const INDEX_LIMIT = 200000;

/** Probability that a not-yet-charged person is charged later, and the expected late count. */
export function lateProbability(atRisk: number, charged: number, G: number): number {
  if (G <= 0 || atRisk === 0) return NaN;
  const theta = Math.min(1, charged / (atRisk * G));
  const known = theta * G;
  return known >= 1 ? 0 : (theta * (1 - G)) / (1 - known);
}

/**
 * The intervals: `draws` draws from the seed (the order of draws is part of the result), the
 * (1 - level)/2 and 1 - (1 - level)/2 quantiles (R type 7) of each target's values.
 */
export function simulateNowcast(s: NowcastSimulation): NowcastIntervals {
  const { counts, total, D, draws, targets } = s;
  const random: RandomSource = createRandom(s.seed);
  const binomial = randomBinomial.factory({ prng: () => random.nextFloat() });
  const values = targets.map(() => new Float64Array(draws));
  const resample = triangleResampler(counts, total, random, binomial);
  for (let b = 0; b < draws; b++) {
    const Gb = cdfFromCounts(resample(), D);
    targets.forEach(({ n, x, T }, t) => {
      const xb = x === 0 || x === n ? x : binomial(n, x / n);
      const qb = lateProbability(n, xb, Gb(T));
      const Lb = !(qb > 0) ? 0 : qb >= 1 ? n - x : binomial(n - x, qb);
      values[t][b] = 1 - (x + Lb) / n;
    });
  }
  const a = (1 - s.level) / 2;
  const low: number[] = [];
  const high: number[] = [];
  for (const v of values) {
    v.sort();
    low.push(quantileType7(v, a));
    high.push(quantileType7(v, 1 - a));
  }
  return { low, high };
}

/** About the simulation's cost: people resampled per draw (capped where it switches to binomials) times draws. */
export function simulationWork(s: NowcastSimulation): number {
  return expectedSimulationWork(s.total, s.draws);
}

/** The same measure before the simulation is planned, from the number of people and draws. */
export function expectedSimulationWork(people: number, draws: number): number {
  return draws * Math.min(people, INDEX_LIMIT);
}
