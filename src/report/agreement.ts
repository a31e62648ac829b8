/**
 * Two figures from different methods can seem to contradict each other: an interval that
 * includes "no difference" beside a test with p < 0.05, or the reverse. Both are right; they
 * answer slightly different questions. This says so in words, for a footnote.
 */
import { fmtP } from './numbers.js';

export interface IntervalAndTest {
  /** what the interval is of, e.g. 'rate ratio' */
  what: string;
  ci_low: number | null;
  ci_high: number | null;
  /** the value meaning "no difference": 0 for a difference, 1 for a ratio */
  nullValue: number;
  intervalMethod: string;
  p_value: number | null;
  testName: string;
  level: number;
}

/**
 * The footnote when the interval and the test disagree at the chosen level, else null.
 * They disagree when the interval includes the null value while p < 1 - level, or excludes
 * it while p >= 1 - level.
 * @example
 * disagreement({ what: 'rate ratio', ci_low: 0.388, ci_high: 1.006, nullValue: 1, intervalMethod: 'exact-conditional',
 *   p_value: 0.0464, testName: 'exact binomial test', level: 0.95 }); // 'The 95% interval of the rate ratio ' +
 * //   '(exact-conditional) includes 1 while the test (exact binomial test) gives p = 0.046: they come from different ' +
 * //   'methods, which can disagree near the 0.05 threshold. Neither is wrong; report both, and treat the evidence as borderline.'
 * disagreement({ what: 'rate ratio', ci_low: 0.5, ci_high: 0.9, nullValue: 1, intervalMethod: 'wald',
 *   p_value: 0.01, testName: 'wald', level: 0.95 }); // null
 */
export function disagreement(f: IntervalAndTest): string | null {
  if (f.ci_low === null || f.ci_high === null || f.p_value === null) return null;
  const alpha = 1 - f.level;
  const includes = f.ci_low <= f.nullValue && f.nullValue <= f.ci_high;
  const significant = f.p_value < alpha;
  if (includes !== significant) return null;
  const pct = `${Math.round(f.level * 1000) / 10}%`;
  return (
    `The ${pct} interval of the ${f.what} (${f.intervalMethod}) ${includes ? 'includes' : 'excludes'} ${f.nullValue} while the test ` +
    `(${f.testName}) gives ${fmtP(f.p_value)}: they come from different methods, which can disagree near the ` +
    `${Math.round(alpha * 1000) / 1000} threshold. Neither is wrong; report both, and treat the evidence as borderline.`
  );
}
