/**
 * The @stdlib distribution functions this project calls, each loaded on first use from its own
 * package. (A namespace package such as @stdlib/stats-base-dists-normal loads every function of
 * its distribution, 20-35 ms each at start-up; this keeps start-up free of what a command does
 * not call.) Call them exactly as the namespaces' members: `normal.quantile(p, mu, sigma)`.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

type Fn = (...args: number[]) => number;

/** A function loaded from package `id` on its first call. */
function lazy(id: string): Fn {
  let f: Fn | undefined;
  return (...args: number[]) => (f ??= require(id) as Fn)(...args);
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

/** The seeded binomial sampler factory (@stdlib/random-base-binomial), loaded on first use. */
export const randomBinomial = {
  factory(o: { prng: () => number }): (n: number, p: number) => number {
    return (require('@stdlib/random-base-binomial') as { factory: (o: { prng: () => number }) => (n: number, p: number) => number }).factory(o);
  },
};
