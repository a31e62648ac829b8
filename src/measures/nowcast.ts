/**
 * Nowcast of quarterly desistance on the offence basis: the expected adjusted desistance of a
 * provisional quarter once the late charges have arrived, with a prediction interval
 * (MEASURES.md §6 "Nowcast"; issue 16).
 *
 * **The unit is a person.** A quarter's adjusted desistance counts at-risk people with at least
 * one charge for an offence in their window. A person already charged for an offence in the
 * quarter cannot be charged "again" into the count; the unknown is, for each at-risk person not
 * yet charged for an offence in the quarter, whether an offence they committed in the quarter
 * will be charged after as-of.
 *
 * **The delay.** For every at-risk person charged for an offence in quarter j, the delay is
 * e = (earliest charge_date among those charges) - (first day of j), in days: when the person
 * became known as charged, counted from the quarter start. In quarter j only delays
 * e <= T_j = as-of - qs_j can be seen (right truncation). Over the estimation window (the last
 * `windowQuarters` quarters up to the last reported quarter, every group together) the delays
 * form a reporting triangle n_j(e). The distribution G(e) = P(delay <= e) is estimated by
 * **reverse-time hazards** (Lawless 1994; Kalbfleisch & Lawless 1991; as in R's
 * surveillance::nowcast): g(e) = n(e) / R(e), with n(e) the people with delay e and
 * R(e) = sum over quarters with T_j >= e of the people with delay <= e, and
 * G(e) = prod_{k = e + 1}^{D} (1 - g(k)), G(D) = 1, D = the maximum delay (`maxDelayDays`, cut to
 * the oldest quarter's T). Delays beyond D count as D. Method `complete-quarters` uses only the
 * quarters old enough to show every delay up to D (T_j >= D), where the same formula is the plain
 * empirical distribution.
 *
 * **The count.** In a provisional quarter with T = as-of - qs, n at risk and x charged so far,
 * everyone at risk is eventually charged with probability theta and known to be by as-of with
 * probability theta G(T); so theta = min(1, x / (n G(T))), and a person not yet charged will be
 * charged later with probability q = theta (1 - G(T)) / (1 - theta G(T)). The expected late
 * count is (n - x) q (`nowcast_expected_late`) and the nowcast desistance is
 * 1 - (x + (n - x) q) / n.
 *
 * **The interval** is a prediction interval by simulation (`draws`, seeded): each draw
 * (1) resamples the people of the reporting triangle (multinomial, by conditional binomials) and
 * re-estimates G, (2) redraws the observed count x* ~ Binomial(n, x / n) for theta*, (3) draws the
 * late count L* ~ Binomial(n - x, q*); the value is 1 - (x + L*) / n. The interval is the
 * (1 - level)/2 and 1 - (1 - level)/2 quantiles (R type 7) of the draws.
 *
 * **Assumptions** (echoed in the output): the delay distribution is the same in every group and
 * in the quarters of the window (stationary); it ends by D; every at-risk person not yet charged
 * in a quarter has the same chance of a late charge; the quarter's charged share, corrected for
 * the delays, is the best guide to the people not yet charged.
 *
 * **Degenerate.** at_risk = 0, or G(T) = 0 (nobody in the window was ever known to be charged
 * that early): the nowcast is null with a reason.
 *
 * @example
 * // triangle: quarter 0 (T = 400) delays 10, 100, 300; quarter 1 (T = 120) delays 20, 110
 * reverseHazardCdf([{ T: 400, delays: [10, 100, 300] }, { T: 120, delays: [20, 110] }], 400)(120); // 0.6666666666666667
 * // only delay 300 is above 120: R(300) = 3 (quarter 0 only), g(300) = 1/3, so G(120) = 1 - 1/3
 */
import { cdfFromCounts, lateProbability, simulateNowcast, type NowcastIntervals, type NowcastSimulation } from './nowcast-simulate.js';
import { runPlanned, type Planned } from './planned.js';
import { isoDay } from '../core/days.js';
import { OPEN_END, type Dataset } from '../model/dataset.js';
import { quarterStart } from './periods.js';
import type { QuarterlyOptions } from './quarterly-options.js';
import { quarterStatus, type QuarterlyRow } from './quarterly.js';

export { lateProbability, simulateNowcast, type NowcastIntervals, type NowcastSimulation };

export type NowcastMethod = 'reverse-hazard' | 'complete-quarters';
export const NOWCAST_METHODS: readonly NowcastMethod[] = ['reverse-hazard', 'complete-quarters'];

export interface NowcastOptions {
  method: NowcastMethod;
  /** Quarters of delays used to estimate G, ending at the last reported quarter. Default 12. */
  windowQuarters: number;
  /** Longest delay from the quarter start, in days. Default 730. */
  maxDelayDays: number;
  /** Simulation draws for the prediction interval. Default 2000. */
  draws: number;
  seed: number;
  level: number;
}

export const NOWCAST_ASSUMPTIONS = [
  'the delay from the quarter start to a person being charged for an offence in the quarter has the same distribution in every group and in every quarter of the estimation window',
  'no such charge comes later than the maximum delay after the quarter start',
  'every at-risk person not yet charged for an offence in a provisional quarter has the same chance of being charged for one later',
];

/** A quarter of the reporting triangle: its truncation time T = as-of - qs and the delays seen. */
export interface TriangleQuarter {
  T: number;
  delays: number[];
}

/**
 * G(e) by reverse-time hazards over a reporting triangle, delays above D counted as D.
 * Returns e -> G(min(e, D)); G is 0 below the smallest delay seen.
 */
export function reverseHazardCdf(triangle: TriangleQuarter[], D: number): (e: number) => number {
  const counts = triangle.map((q) => {
    const c = new Float64Array(D + 1);
    for (const e of q.delays) c[Math.min(Math.max(e, 0), D)]++;
    return { T: q.T, c };
  });
  return cdfFromCounts(counts, D);
}

export interface NowcastCell {
  desistance_nowcast: number | null;
  nowcast_ci_low: number | null;
  nowcast_ci_high: number | null;
  nowcast_expected_late: number | null;
  nowcast_status: string;
}

export interface NowcastResult {
  /** One cell per row, in row order. */
  cells: NowcastCell[];
  /** What was used, for meta. */
  meta: {
    method: NowcastMethod;
    assumptions: string[];
    window: { from: number; to: number };
    max_delay_days: number;
    draws: number;
    seed: number;
    level: number;
    people_in_triangle: number;
    /** G at 0, 30, 91, 182, 365 days from the quarter start. */
    delay_cdf: Record<string, number>;
  };
}

/** The triangle's per-quarter delay counts from the extract. */
function buildTriangle(ds: Dataset, q: QuarterlyOptions, from: number, to: number, D: number, method: NowcastMethod): { T: number; c: Float64Array }[] {
  const out: { T: number; c: Float64Array }[] = [];
  for (let j = from; j <= to; j++) {
    const qs = quarterStart(j);
    const T = ds.asOf - qs;
    if (T < 0) continue;
    if (method === 'complete-quarters' && T < D) continue;
    const st = quarterStatus(ds, { ...q, byGroup: false }, j);
    const c = new Float64Array(D + 1);
    for (let p = 0; p < ds.people.n; p++) {
      if (st.atRisk[p] !== 1 || st.charged[p] !== 1 || st.firstCharge[p] === OPEN_END) continue;
      c[Math.min(Math.max(st.firstCharge[p] - qs, 0), D)]++;
    }
    out.push({ T, c });
  }
  return out;
}

/**
 * Nowcast the provisional rows of an offence-basis quarterly result (`rows`, with the resolved
 * options `q`, quarters from..to). Complete rows carry their observed desistance.
 */
export function nowcastQuarterly(ds: Dataset, q: QuarterlyOptions, rows: QuarterlyRow[], range: { from: number; to: number }, o: NowcastOptions): NowcastResult {
  return runPlanned(planNowcast(ds, q, rows, range, o));
}

/**
 * nowcastQuarterly in two parts: everything but the prediction intervals (the point nowcasts
 * and meta, from the dataset), and the simulation of the intervals as plain data
 * (`simulations`: one, or none when no row needs one), which `simulateNowcast` runs here or on a
 * worker thread (nowcast-thread.ts); `finish` puts its intervals in the cells (planned.ts).
 */
export function planNowcast(
  ds: Dataset,
  q: QuarterlyOptions,
  rows: QuarterlyRow[],
  range: { from: number; to: number },
  o: NowcastOptions,
): Planned<NowcastResult> {
  const maxT = ds.asOf - quarterStart(range.to - o.windowQuarters + 1);
  const D = Math.max(0, Math.min(o.maxDelayDays, maxT));
  const wFrom = range.to - o.windowQuarters + 1;
  const counts = buildTriangle(ds, q, wFrom, range.to, D, o.method);
  const total = counts.reduce((s, { c }) => s + c.reduce((a, b) => a + b, 0), 0);
  const G = total > 0 ? cdfFromCounts(counts, D) : () => 0;

  const targets: number[] = [];
  const cells: NowcastCell[] = rows.map((r, i) => {
    if (!r.provisional) {
      return { desistance_nowcast: r.desistance, nowcast_ci_low: null, nowcast_ci_high: null, nowcast_expected_late: 0, nowcast_status: 'complete quarter: the observed value' };
    }
    const T = ds.asOf - isoDay(r.quarter_start);
    const g = G(T);
    if (r.at_risk === 0) return nullCell('nobody is at risk (at_risk = 0)');
    if (g <= 0) return nullCell('no delay data: nobody in the estimation window was known to be charged this soon after a quarter start');
    const late = (r.at_risk - r.charged_at_risk) * lateProbability(r.at_risk, r.charged_at_risk, g);
    targets.push(i);
    return { desistance_nowcast: 1 - (r.charged_at_risk + late) / r.at_risk, nowcast_ci_low: null, nowcast_ci_high: null, nowcast_expected_late: late, nowcast_status: 'nowcast' };
  });
  const simulation: NowcastSimulation | null =
    targets.length > 0
      ? {
          counts,
          total,
          D,
          draws: o.draws,
          seed: o.seed,
          level: o.level,
          targets: targets.map((i) => ({ n: rows[i].at_risk, x: rows[i].charged_at_risk, T: ds.asOf - isoDay(rows[i].quarter_start) })),
        }
      : null;

  const cdf: Record<string, number> = {};
  for (const d of [0, 30, 91, 182, 365]) cdf[`${d}d`] = G(d);
  const result: NowcastResult = {
    cells,
    meta: {
      method: o.method,
      assumptions: NOWCAST_ASSUMPTIONS,
      window: { from: wFrom, to: range.to },
      max_delay_days: D,
      draws: o.draws,
      seed: o.seed,
      level: o.level,
      people_in_triangle: total,
      delay_cdf: cdf,
    },
  };
  return {
    simulations: simulation === null ? [] : [simulation],
    finish: ([intervals = null]) => {
      if (simulation !== null) {
        if (intervals === null || intervals.low.length !== targets.length) throw new Error('nowcast: the simulation result does not match its rows');
        targets.forEach((i, t) => {
          cells[i].nowcast_ci_low = intervals.low[t];
          cells[i].nowcast_ci_high = intervals.high[t];
        });
      }
      return result;
    },
  };
}

function nullCell(reason: string): NowcastCell {
  return { desistance_nowcast: null, nowcast_ci_low: null, nowcast_ci_high: null, nowcast_expected_late: null, nowcast_status: reason };
}
