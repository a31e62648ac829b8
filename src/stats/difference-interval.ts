/**
 * Dispatcher: a confidence interval for p1 - p2 (treated minus comparison) by the named method.
 *
 * | method              | function               | R equivalent                                   |
 * |---------------------|------------------------|------------------------------------------------|
 * | `newcombe` (default)| {@link newcombe}       | formula on `prop.test(x, n, correct=FALSE)` CIs |
 * | `wald`              | {@link waldDifference} | `prop.test(c(x1,x2), c(n1,n2), correct=FALSE)$conf.int` |
 * | `agresti-caffo`     | {@link agrestiCaffo}   | formula (Agresti & Caffo 2000)                 |
 *
 * Reference: Newcombe (1998) Stat Med 17:873-890.
 *
 * Preconditions: as the method; an unknown method name throws a RangeError listing the valid ones.
 *
 * @example
 * differenceInterval(9, 10, 3, 10); // { estimate: 0.6000000000000001, ci_low: 0.17052272393450313, ci_high: 0.8090179735354881, method: 'newcombe' }
 */
import { agrestiCaffo } from './agresti-caffo.js';
import { newcombe } from './newcombe.js';
import type { Estimate } from './types.js';
import { waldDifference } from './wald-difference.js';

export const DIFFERENCE_METHODS = ['newcombe', 'wald', 'agresti-caffo'] as const;

export type DifferenceMethod = (typeof DIFFERENCE_METHODS)[number];

type DifferenceFn = (x1: number, n1: number, x2: number, n2: number, level: number) => Estimate;

const IMPLEMENTATIONS: Record<DifferenceMethod, DifferenceFn> = {
  newcombe,
  wald: waldDifference,
  'agresti-caffo': agrestiCaffo,
};

export function differenceInterval(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  method: DifferenceMethod = 'newcombe',
  level = 0.95,
): Estimate {
  if (!Object.hasOwn(IMPLEMENTATIONS, method)) {
    throw new RangeError(
      `unknown difference interval method '${String(method)}'; use one of ${DIFFERENCE_METHODS.join(', ')}`,
    );
  }
  return IMPLEMENTATIONS[method](x1, n1, x2, n2, level);
}
