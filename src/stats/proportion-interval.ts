/**
 * Dispatcher: a confidence interval for one proportion x/n by the named method.
 *
 * | method            | function         | R equivalent                               |
 * |-------------------|------------------|--------------------------------------------|
 * | `wilson` (default)| {@link wilson}   | `prop.test(x, n, correct = FALSE)$conf.int`|
 * | `clopper-pearson` | {@link clopperPearson} | `binom.test(x, n)$conf.int`          |
 * | `jeffreys`        | {@link jeffreys} | `qbeta(c(a/2, 1-a/2), x+.5, n-x+.5)`       |
 * | `agresti-coull`   | {@link agrestiCoull} | formula (Agresti & Coull 1998)         |
 * | `wald`            | {@link wald}     | formula                                    |
 *
 * Reference: Brown, Cai & DasGupta (2001) Statistical Science 16:101-133 (comparison of all five).
 *
 * Preconditions: as the method; an unknown method name throws a RangeError listing the valid ones.
 *
 * @example
 * proportionInterval(12, 40, 'clopper-pearson', 0.9); // { estimate: 0.3, ci_low: 0.1831212706123406, ci_high: 0.4402797377657307, method: 'clopper-pearson' }
 */
import { agrestiCoull } from './agresti-coull.js';
import { clopperPearson } from './clopper-pearson.js';
import { jeffreys } from './jeffreys.js';
import type { Estimate } from './types.js';
import { wald } from './wald.js';
import { wilson } from './wilson.js';

export const PROPORTION_METHODS = [
  'wilson',
  'clopper-pearson',
  'jeffreys',
  'agresti-coull',
  'wald',
] as const;

export type ProportionMethod = (typeof PROPORTION_METHODS)[number];

const IMPLEMENTATIONS: Record<ProportionMethod, (x: number, n: number, level: number) => Estimate> =
  {
    wilson,
    'clopper-pearson': clopperPearson,
    jeffreys,
    'agresti-coull': agrestiCoull,
    wald,
  };

export function proportionInterval(
  x: number,
  n: number,
  method: ProportionMethod = 'wilson',
  level = 0.95,
): Estimate {
  if (!Object.hasOwn(IMPLEMENTATIONS, method)) {
    throw new RangeError(
      `unknown proportion interval method '${String(method)}'; use one of ${PROPORTION_METHODS.join(', ')}`,
    );
  }
  return IMPLEMENTATIONS[method](x, n, level);
}
