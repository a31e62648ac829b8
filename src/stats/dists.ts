/**
 * The @stdlib distribution functions this project calls, each loaded on first use from its own
 * package. (A namespace package such as @stdlib/stats-base-dists-normal loads every function of
 * its distribution, 20-35 ms each at start-up; this keeps start-up free of what a command does
 * not call.) Call them exactly as the namespaces' members: `normal.quantile(p, mu, sigma)`.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

type Fn = (...args: number[]) => number;

/**
 * Where package `id` is loaded from: its one-file bundle in dist/vendor/stdlib/ when the build
 * made one (scripts/bundle-vendor.mjs: a function's hundred-odd small packages load in a
 * seventh of the time as one file), else the package itself (under vitest, which runs src/).
 */
export function stdlibSource(id: string): string {
  const bundle = fileURLToPath(new URL(`../vendor/stdlib/${id.slice('@stdlib/'.length).replaceAll('/', '__')}.cjs`, import.meta.url));
  return existsSync(bundle) ? bundle : id;
}

const load = (id: string): unknown => require(stdlibSource(id));

/** A function loaded from package `id` on its first call. */
function lazy(id: string): Fn {
  let f: Fn | undefined;
  return (...args: number[]) => (f ??= load(id) as Fn)(...args);
}

export const normal = {
  quantile: lazy('@stdlib/stats-base-dists-normal-quantile'),
  cdf: lazy('@stdlib/stats-base-dists-normal-cdf'),
};
export const beta = {
  quantile: lazy('@stdlib/stats-base-dists-beta-quantile'),
  cdf: lazy('@stdlib/stats-base-dists-beta-cdf'),
};
export const binomial = {
  cdf: lazy('@stdlib/stats-base-dists-binomial-cdf'),
  pmf: lazy('@stdlib/stats-base-dists-binomial-pmf'),
};
export const chisquare = { cdf: lazy('@stdlib/stats-base-dists-chisquare-cdf') };
export const gamma = {
  logpdf: lazy('@stdlib/stats-base-dists-gamma-logpdf'),
  quantile: lazy('@stdlib/stats-base-dists-gamma-quantile'),
};
export const hypergeometric = { logpmf: lazy('@stdlib/stats-base-dists-hypergeometric-logpmf') };
export const t = {
  quantile: lazy('@stdlib/stats-base-dists-t-quantile'),
  cdf: lazy('@stdlib/stats-base-dists-t-cdf'),
};

/**
 * The seeded binomial sampler: @stdlib/random-base-binomial (BTPE) where n·min(p, 1-p) >= 10,
 * and exact inversion below. stdlib draws n Bernoulli trials there, O(n) per draw: 21 ms for
 * n = 1.8M, p = 1e-6, which made the nowcast of a 1M-person extract take minutes.
 */
export const randomBinomial = {
  factory(o: { prng: () => number }): (n: number, p: number) => number {
    // stdlib's factory({ prng }) returns (n, p) => NaN for a bad n or p, else its sampler
    // lib/binomial.js called with the prng itself; the sampler alone loads in half the time
    // (62 ms, not 113: the factory brings its own seeded generators), so valid draws call it
    // directly and the factory is loaded only for a bad n or p.
    let factory: ((n: number, p: number) => number) | undefined;
    const stdlib = (n: number, p: number) => (factory ??= (load('@stdlib/random-base-binomial') as { factory: (o: { prng: () => number }) => (n: number, p: number) => number }).factory(o))(n, p);
    const sample = load('@stdlib/random-base-binomial/lib/binomial.js') as (rand: () => number, n: number, p: number) => number;
    return (n, p) => {
      if (!Number.isInteger(n) || n <= 0 || !(p >= 0 && p <= 1)) return stdlib(n, p);
      const small = p > 0.5 ? 1 - p : p;
      if (n * small >= 10) return sample(o.prng, n, p);
      const x = binomialInversion(o.prng, n, small);
      return p > 0.5 ? n - x : x;
    };
  },
};

/**
 * One Binomial(n, p) draw by inversion (Kachitvichyanukul and Schmeiser's BINV): walk the pmf
 * from 0 with the recurrence f(x) = f(x-1) (a/x - s), one uniform per draw, O(n p) expected.
 * For n p < 10, where f(0) = (1-p)^n >= e^-10.5 does not underflow.
 */
export function binomialInversion(rand: () => number, n: number, p: number): number {
  if (p === 0) return 0;
  const q = 1 - p;
  const s = p / q;
  const a = (n + 1) * s;
  let r = Math.exp(n * Math.log1p(-p));
  let u = rand();
  let x = 0;
  while (u > r && x < n && r > 0) {
    u -= r;
    x++;
    r *= a / x - s;
  }
  return x;
}
