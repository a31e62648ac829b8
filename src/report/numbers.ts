/**
 * The one number formatter for human output (table, md, sentences). Data formats (json, csv,
 * xlsx) keep full precision and never pass through here.
 * - counts and every other number carry thousands separators: 1,021 and 1,200;
 * - percentages and percentage points have one decimal: 31.1%, -10.1 points;
 * - p-values read `p < 0.001` or `p = 0.046`;
 * - ratios have three decimals, rates three significant figures (the unit is in the label).
 * A missing value (null, undefined, NaN) prints as MISSING, explained by the table legend.
 */
export const MISSING = '–';

const formats = new Map<number, Intl.NumberFormat>();
function nf(digits: number): Intl.NumberFormat {
  let f = formats.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    formats.set(digits, f);
  }
  return f;
}

type N = number | null | undefined;
const missing = (v: N): v is null | undefined => v === null || v === undefined || !Number.isFinite(v);

/**
 * A number with thousands separators and a fixed number of decimals; -0 prints as 0.
 * @example
 * fmtNum(1200); // '1,200'
 * fmtNum(-0.0001, 2); // '0.00'
 */
export function fmtNum(v: N, digits = 0): string {
  if (missing(v)) return MISSING;
  const s = nf(digits).format(v);
  return /^-[0.,]+$/.test(s) ? s.slice(1) : s;
}

/**
 * A count of people or events.
 * @example
 * fmtInt(1021); // '1,021'
 */
export const fmtInt = (v: N): string => fmtNum(v, 0);

/**
 * A proportion as a percentage with one decimal.
 * @example
 * fmtPct(0.31062); // '31.1%'
 */
export function fmtPct(v: N, digits = 1): string {
  return missing(v) ? MISSING : `${fmtNum(v * 100, digits)}%`;
}

/**
 * A difference of proportions in percentage points (no unit).
 * @example
 * fmtPoints(-0.1012); // '-10.1'
 */
export function fmtPoints(v: N): string {
  return missing(v) ? MISSING : fmtNum(v * 100, 1);
}

/**
 * A ratio (risk, odds, rate, hazard) to three decimals.
 * @example
 * fmtRatio(0.75512); // '0.755'
 */
export const fmtRatio = (v: N): string => fmtNum(v, 3);

/**
 * A p-value: `p < 0.001` below 0.001, else `p = ` and three decimals.
 * @example
 * fmtP(3.12e-5); // 'p < 0.001'
 * fmtP(0.04638); // 'p = 0.046'
 */
export function fmtP(v: N): string {
  if (missing(v)) return `p ${MISSING}`;
  return v < 0.001 ? 'p < 0.001' : `p = ${v.toFixed(3)}`;
}

/**
 * A rate or mean to three significant figures (at least no decimals, at most six).
 * @example
 * fmtRate(0.025); // '0.0250'
 * fmtRate(25); // '25.0'
 * fmtRate(1714.3); // '1,714'
 */
export function fmtRate(v: N): string {
  if (missing(v)) return MISSING;
  if (v === 0) return '0';
  const digits = Math.min(6, Math.max(0, 2 - Math.floor(Math.log10(Math.abs(v)))));
  return fmtNum(v, digits);
}

/** An interval `low to high` with one formatter for both ends; MISSING when either is. */
export function fmtInterval(lo: N, hi: N, f: (v: number) => string): string {
  return missing(lo) || missing(hi) ? MISSING : `${f(lo)} to ${f(hi)}`;
}

/** A share of a total: `860 of 953 (90.2%)`. */
export function fmtShare(x: N, n: N, p: N): string {
  return `${fmtInt(x)} of ${fmtInt(n)}${missing(p) ? '' : ` (${fmtPct(p)})`}`;
}
