/**
 * Seeded uniform random source for every resampling routine.
 *
 * **What it is.** A thin wrapper over pure-rand 8's xoroshiro128+ generator (Blackman & Vigna,
 * "Scrambled linear pseudorandom number generators", 2018), seeded with a 32-bit unsigned integer.
 * `nextInt(m)` draws uniformly from {0, ..., m - 1} by rejection sampling (pure-rand's
 * `uniformInt`, no modulo bias); `nextFloat()` draws from [0, 1) in multiples of 2^-53
 * (pure-rand's `uniformFloat64`, which consumes two 32-bit outputs).
 *
 * **Reproducibility.** The same seed gives the same sequence on every run and platform: the
 * generator is pure integer arithmetic. The source is stateful: each call advances it, so the
 * order of calls is part of the result. Record the seed next to any resampled figure.
 * The sequences are not R's (Mersenne-Twister + its own sampling), so bootstrap intervals agree
 * with R's only in distribution, not digit for digit.
 *
 * **Preconditions.** `seed` is an integer with 0 <= seed < 2^32 (distinct seeds give distinct
 * streams; pure-rand reads the seed as a 32-bit integer, so larger values would collide);
 * `maxExclusive` is an integer with 1 <= maxExclusive <= 2^32. Violations throw RangeError.
 *
 * @example
 * const rng = createRandom(42);
 * [rng.nextInt(6) + 1, rng.nextInt(6) + 1, rng.nextInt(6) + 1]; // [2, 4, 6] — the pure-rand README's dice, seed 42
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

/** A source of uniform random numbers; every resampling function takes one (or a seed). */
export interface RandomSource {
  /** Uniform integer in [0, maxExclusive). */
  nextInt(maxExclusive: number): number;
  /** Uniform float in [0, 1). */
  nextFloat(): number;
  /**
   * Fill `out` with uniform integers in [0, maxExclusive): exactly the values, and the same
   * advance of the source, as `out.length` calls of `nextInt(maxExclusive)`, several times faster
   * (the generator step inlined, the rejection bound computed once).
   */
  nextInts(maxExclusive: number, out: Uint32Array | Int32Array): void;
}

const MAX_RANGE = 2 ** 32;

/** Throw RangeError unless `seed` is an integer in [0, 2^32). */
export function checkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed >= MAX_RANGE) {
    throw new RangeError(`seed must be an integer from 0 to ${MAX_RANGE - 1} (got ${String(seed)})`);
  }
}

/**
 * Create a seeded random source.
 *
 * @param seed integer, 0 <= seed < 2^32
 */
export function createRandom(seed: number): RandomSource {
  checkSeed(seed);
  let rng = xoroshiro128plus(seed);
  const checkRange = (maxExclusive: number) => {
    if (!Number.isInteger(maxExclusive) || maxExclusive < 1 || maxExclusive > MAX_RANGE) {
      throw new RangeError(`maxExclusive must be an integer from 1 to 2^32 (got ${String(maxExclusive)})`);
    }
  };
  return {
    nextInt(maxExclusive: number): number {
      checkRange(maxExclusive);
      return uniformInt(rng, 0, maxExclusive - 1);
    },
    nextFloat(): number {
      return uniformFloat64(rng);
    },
    nextInts(maxExclusive: number, out: Uint32Array | Int32Array): void {
      checkRange(maxExclusive);
      if (out.length === 0) return;
      const [s01, s00, s11, s10] = fillUniformInts(rng.getState(), maxExclusive, out);
      rng = xoroshiro128plusFromState([s01, s00, s11, s10]);
    },
  };
}

/**
 * pure-rand 8's xoroshiro128plus `next()` and `uniformInt(rng, 0, m - 1)` for m <= 2^32
 * (uniformIntInternal: a 32-bit output shifted to [0, 2^32), redrawn while at or above the
 * largest multiple of m, then taken modulo m), inlined over local state, out.length times.
 * `state` is getState()'s [s01, s00, s11, s10]; returns the state after the last draw.
 * test/stats/random.test.ts checks it against nextInt draw for draw.
 */
function fillUniformInts(state: readonly number[], m: number, out: Uint32Array | Int32Array): [number, number, number, number] {
  let s01 = state[0] | 0;
  let s00 = state[1] | 0;
  let s11 = state[2] | 0;
  let s10 = state[3] | 0;
  const maxAllowed = m > 2 ? Math.trunc(MAX_RANGE / m) * m : MAX_RANGE;
  const n = out.length;
  for (let i = 0; i < n; i++) {
    let d: number;
    do {
      const next = (s00 + s10) | 0;
      const a0 = s10 ^ s00;
      const a1 = s11 ^ s01;
      const p00 = s00;
      const p01 = s01;
      s00 = (p00 << 24) ^ (p01 >>> 8) ^ a0 ^ (a0 << 16);
      s01 = (p01 << 24) ^ (p00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
      s10 = (a1 << 5) ^ (a0 >>> 27);
      s11 = (a0 << 5) ^ (a1 >>> 27);
      // next + 2^31, as an unsigned 32-bit integer
      d = (next ^ 0x80000000) >>> 0;
    } while (d >= maxAllowed);
    // d % m without V8's floating-point modulo (a C call here, where m is not known to be a
    // 32-bit integer): the quotient d / m rounds to a double whose floor is exact, since
    // d < 2^32 and m <= 2^32 (d = q m + r needs 1/m above half an ulp of q, i.e. q m < 2^53)
    out[i] = d - Math.floor(d / m) * m;
  }
  return [s01, s00, s11, s10];
}
