/**
 * Options of the quarterly fixed-cohort measure (MEASURES.md section 4), their defaults and
 * their checks. The CLI parses flags into a `Partial<QuarterlyOptions>`;
 * `resolveQuarterlyOptions` fills every default so the full set can be echoed in `meta`.
 */
import { PROPORTION_METHODS, type ProportionMethod } from '../stats/proportion-interval.js';
import { type Duration, type QuarterKind, QUARTER_KINDS } from './periods.js';

export type EventBasis = 'charge' | 'offence';
export const EVENT_BASES: readonly EventBasis[] = ['charge', 'offence'];

export type CustodyMode = 'none' | 'whole-quarter' | 'min-liberty';
export const CUSTODY_MODES: readonly CustodyMode[] = ['none', 'whole-quarter', 'min-liberty'];

export interface QuarterlyOptions {
  /** Label style of the quarters (the spans are the same). Default `calendar`. */
  quarters: QuarterKind;
  /** First quarter (index, see periods.ts). Default: the quarter of the earliest cohort_start. */
  from?: number;
  /** Last quarter (index). Default: the last complete quarter on as-of. */
  to?: number;
  /** Which date places an event in a quarter. Default `charge`. */
  basis: EventBasis;
  /** Who is at risk. Default `whole-quarter`. */
  custody: CustodyMode;
  /** Liberty days needed to be at risk in `min-liberty` mode (whole number >= 1). Default 1. */
  minLibertyDays: number;
  /** Offence basis: a quarter is provisional while its end + lag > as-of. Default 6 months. */
  lag: Duration;
  /** Confidence level, 0 < level < 1. Default 0.95. */
  level: number;
  /** Interval for the desistance proportions. Default `wilson`. */
  ciMethod: ProportionMethod;
  /** One row per quarter per cohort group (else one row per quarter, group null). Default false. */
  byGroup: boolean;
  /** offence_code -> harm weight; adds the severity fields to every row. */
  weights?: Map<string, number>;
  /** Add the Kaplan-Meier cumulative desistance fields. Default false. */
  cumulative: boolean;
  /** Leave out charges whose offence date (or charge date without one) is the cohort start day. Default false. */
  excludeIndexDay: boolean;
}

export const DEFAULT_QUARTERLY_OPTIONS: Readonly<QuarterlyOptions> = Object.freeze({
  quarters: 'calendar',
  basis: 'charge',
  custody: 'whole-quarter',
  minLibertyDays: 1,
  lag: Object.freeze({ months: 6 }),
  level: 0.95,
  ciMethod: 'wilson',
  byGroup: false,
  cumulative: false,
  excludeIndexDay: false,
});

function oneOf<T extends string>(value: T, allowed: readonly T[], name: string): void {
  if (!allowed.includes(value)) {
    throw new RangeError(`${name} must be one of ${allowed.join(', ')}; got '${String(value)}'`);
  }
}

/**
 * Fill the defaults and check every value. Throws RangeError naming the option on a bad value
 * (the CLI maps it to a usage error).
 */
export function resolveQuarterlyOptions(opts: Partial<QuarterlyOptions> = {}): QuarterlyOptions {
  const defined = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as Partial<QuarterlyOptions>;
  const o: QuarterlyOptions = { ...DEFAULT_QUARTERLY_OPTIONS, ...defined };
  oneOf(o.quarters, QUARTER_KINDS, 'quarters');
  oneOf(o.basis, EVENT_BASES, 'basis');
  oneOf(o.custody, CUSTODY_MODES, 'custody');
  oneOf(o.ciMethod, PROPORTION_METHODS, 'ci-method');
  if (!Number.isInteger(o.minLibertyDays) || o.minLibertyDays < 1) {
    throw new RangeError(`min-liberty-days must be a whole number >= 1; got ${String(o.minLibertyDays)}`);
  }
  if (typeof o.level !== 'number' || !(o.level > 0 && o.level < 1)) {
    throw new RangeError(`level must be a number strictly between 0 and 1; got ${String(o.level)}`);
  }
  const lag = o.lag as Partial<{ months: number; days: number }>;
  const lagN = 'months' in lag ? lag.months : lag.days;
  if (!Number.isInteger(lagN) || (lagN as number) < 0) {
    throw new RangeError(`lag must be a non-negative whole number of months or days; got ${JSON.stringify(o.lag)}`);
  }
  for (const [name, v] of [['from', o.from], ['to', o.to]] as const) {
    if (v !== undefined && !Number.isInteger(v)) throw new RangeError(`${name} must be a quarter index (integer); got ${String(v)}`);
  }
  if (o.weights) {
    for (const [code, w] of o.weights) {
      if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
        throw new RangeError(`weight of offence code '${code}' must be a finite number >= 0; got ${String(w)}`);
      }
    }
  }
  return o;
}
