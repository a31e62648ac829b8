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
 * [rng.nextInt(6) + 1, rng.nextInt(6) + 1, rng.nextInt(6) + 1]; // [2, 4, 6] (pure-rand README, seed 42)
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A source of uniform random numbers; every resampling function takes one (or a seed). */
export interface RandomSource {
  /** Uniform integer in [0, maxExclusive). */
  nextInt(maxExclusive: number): number;
  /** Uniform float in [0, 1). */
  nextFloat(): number;
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
  const rng = xoroshiro128plus(seed);
  return {
    nextInt(maxExclusive: number): number {
      if (!Number.isInteger(maxExclusive) || maxExclusive < 1 || maxExclusive > MAX_RANGE) {
        throw new RangeError(`maxExclusive must be an integer from 1 to 2^32 (got ${String(maxExclusive)})`);
      }
      return uniformInt(rng, 0, maxExclusive - 1);
    },
    nextFloat(): number {
      return uniformFloat64(rng);
    },
  };
}
