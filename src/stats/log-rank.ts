/**
 * Log-rank test comparing survival in two or more groups.
 *
 * **Formula, in words.** At each distinct event time t, with N subjects at risk (n_g in group g)
 * and D events in all, group g "expects" n_g D / N events if the groups share one hazard.
 * Summed over event times, O_g is the observed and E_g the expected count for group g. The
 * (hypergeometric) covariance of O - E is
 * V_gh = sum over t of D (N - D) / (N - 1) * (n_g / N) * (delta_gh - n_h / N), for N > 1.
 * Drop the first group that has E > 0 (and every group with E = 0); the statistic is
 * (O - E)' V^-1 (O - E) over the rest, chi-square with df = (number of groups with E > 0) - 1.
 *
 * **Reference.** Mantel (1966); Peto & Peto (1972). Matches R
 * `survdiff(Surv(time, event) ~ group)` (rho = 0), including its rule that groups with no
 * expected events drop out of the test and the degrees of freedom (survival 3.5).
 *
 * **Preconditions.** `time`, `event`, `group` have equal length; times finite and >= 0; events
 * 0/1; group labels are strings or numbers (not both kinds mixed, so the order is unambiguous).
 * Violations throw RangeError. Groups are reported in sorted order (numbers ascending, strings by
 * code unit), which is R's factor order for numbers and ASCII labels. Events at t precede
 * censorings at t.
 *
 * **Degenerate input.** No subjects, no events, fewer than two groups with expected events, or a
 * singular variance (e.g. every subject has the event at one time, where R stops with "system is
 * exactly singular"): `statistic` and `p_value` are null and `reason` says why; observed and
 * expected counts are still reported. A group with no events is not degenerate: the test is
 * defined (and R reports it).
 *
 * **Counting-process data** (`entry`): the risk sets hold the intervals with entry < t <= time,
 * everything else unchanged. R's `survdiff` refuses such data ("Right censored data only"); the
 * same statistic is the score test of `coxph(Surv(start, stop, event) ~ group, ties = "exact")`,
 * which is what the tests pin it to.
 *
 * **Cost.** One index sort, O(n log n), then O(G^2) per distinct event time for G groups.
 *
 * @example
 * const r = logRank([1, 2, 3, 4, 5, 6], [1, 1, 0, 1, 1, 0], ['a', 'a', 'a', 'b', 'b', 'b']);
 * [r.statistic, r.df, r.p_value]; // [2.4693877551020407, 1, 0.11608313373865503]
 * r.groups.map((g) => [g.group, g.observed, g.expected]); // [['a', 2, 0.9], ['b', 2, 3.1]]
 */
import { chisquare } from './dists.js';
import { normal } from './dists.js';
import { checkEntry, checkTimeEvent } from './kaplan-meier.js';
import { orderBy } from './order.js';
import type { TestResult } from './types.js';

export interface LogRankGroup {
  group: string | number;
  n: number;
  observed: number;
  expected: number;
}

export interface LogRankResult extends TestResult {
  /** Degrees of freedom: groups with expected events minus 1; null when the test is undefined. */
  df: number | null;
  n: number;
  n_event: number;
  groups: LogRankGroup[];
  /** Covariance matrix of O - E, groups in the order of `groups` (R's `survdiff()$var`). */
  variance: number[][];
}

const NAME = 'log-rank (Mantel-Haenszel) chi-square';

/** Upper tail of chi-square: exact via the normal for df = 1, else 1 - CDF. */
function chiSquareUpper(x: number, df: number): number {
  if (df === 1) return 2 * normal.cdf(-Math.sqrt(x), 0, 1);
  return Math.max(0, 1 - chisquare.cdf(x, df));
}

/** Solve A x = b by Gaussian elimination with partial pivoting; null if A is singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const m = b.length;
  const A = a.map((row) => row.slice());
  const x = b.slice();
  let scale = 0;
  for (let i = 0; i < m; i++) scale = Math.max(scale, Math.abs(A[i][i]));
  const tol = 1e-10 * (scale > 0 ? scale : 1);
  for (let c = 0; c < m; c++) {
    let p = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(A[r][c]) > Math.abs(A[p][c])) p = r;
    if (!(Math.abs(A[p][c]) > tol)) return null;
    [A[c], A[p]] = [A[p], A[c]];
    [x[c], x[p]] = [x[p], x[c]];
    for (let r = c + 1; r < m; r++) {
      const f = A[r][c] / A[c][c];
      if (f === 0) continue;
      for (let j = c; j < m; j++) A[r][j] -= f * A[c][j];
      x[r] -= f * x[c];
    }
  }
  for (let c = m - 1; c >= 0; c--) {
    let s = x[c];
    for (let j = c + 1; j < m; j++) s -= A[c][j] * x[j];
    x[c] = s / A[c][c];
  }
  return x;
}

/** Map labels to codes 0..G-1 in sorted label order. */
function encodeGroups(group: ArrayLike<string | number>): { levels: (string | number)[]; codes: Int32Array } {
  const seen = new Set<string | number>();
  let kind: 'string' | 'number' | null = null;
  for (let i = 0; i < group.length; i++) {
    const g = group[i];
    const k = typeof g;
    if (k === 'number') {
      if (!Number.isFinite(g)) throw new RangeError(`group[${i}] must be a finite number or a string (got ${String(g)})`);
    } else if (k !== 'string') {
      throw new RangeError(`group[${i}] must be a string or a number (got ${String(g)})`);
    }
    if (kind === null) kind = k as 'string' | 'number';
    else if (kind !== k) throw new RangeError('group labels must be all strings or all numbers');
    seen.add(g);
  }
  const levels = [...seen];
  if (kind === 'number') (levels as number[]).sort((a, b) => a - b);
  else levels.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map<string | number, number>();
  levels.forEach((l, i) => index.set(l, i));
  const codes = new Int32Array(group.length);
  for (let i = 0; i < group.length; i++) codes[i] = index.get(group[i]) as number;
  return { levels, codes };
}

export interface LogRankOptions {
  /**
   * Entry times for counting-process data: subject i is at risk at t when entry[i] < t <= time[i]
   * (R's `Surv(start, stop, event)`). R's `survdiff` takes right-censored data only; on
   * counting-process data this test equals the score test of `coxph(..., ties = "exact")`.
   */
  entry?: ArrayLike<number>;
}

/**
 * Log-rank test of equal survival across the groups in `group`.
 *
 * @param time follow-up time per subject (>= 0)
 * @param event 1 = event at `time`, 0 = censored at `time`
 * @param group group label per subject (two or more distinct labels for a test)
 * @param options `entry` for counting-process (start, stop] data
 */
export function logRank(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  group: ArrayLike<string | number>,
  options: LogRankOptions = {},
): LogRankResult {
  checkTimeEvent(time, event);
  const entry = options.entry;
  if (entry !== undefined) checkEntry(entry, time);
  if (group.length !== time.length) {
    throw new RangeError(`group must have the same length as time (got ${group.length} and ${time.length})`);
  }
  const n = time.length;
  const { levels, codes } = encodeGroups(group);
  const G = levels.length;

  const size = new Float64Array(G);
  for (let i = 0; i < n; i++) size[codes[i]]++;
  const observed = new Float64Array(G);
  const expected = new Float64Array(G);
  const V: number[][] = Array.from({ length: G }, () => new Array<number>(G).fill(0));

  const order = orderBy(time);

  // Risk set at t: entered (entry < t; everyone without `entry`) minus left (time < t).
  const atRisk = entry === undefined ? Float64Array.from(size) : new Float64Array(G);
  let N = entry === undefined ? n : 0;
  const enterOrder = entry === undefined ? new Uint32Array(0) : orderBy(entry);
  let entered = 0;
  const dHere = new Float64Array(G);
  const leaving = new Float64Array(G);
  let nEvent = 0;
  let i = 0;
  while (i < n) {
    const t = time[order[i]];
    if (entry !== undefined) {
      for (; entered < n && entry[enterOrder[entered]] < t; entered++) {
        atRisk[codes[enterOrder[entered]]]++;
        N++;
      }
    }
    let D = 0;
    let j = i;
    for (; j < n && time[order[j]] === t; j++) {
      const s = order[j];
      const g = codes[s];
      leaving[g]++;
      if (event[s] === 1) {
        dHere[g]++;
        D++;
      }
    }
    if (D > 0) {
      nEvent += D;
      const f = N > 1 ? (D * (N - D)) / (N - 1) / N : 0;
      for (let g = 0; g < G; g++) {
        observed[g] += dHere[g];
        const ng = atRisk[g];
        if (ng === 0) continue;
        expected[g] += (ng * D) / N;
        if (f === 0) continue;
        for (let h = 0; h < G; h++) {
          V[g][h] += f * ng * ((g === h ? 1 : 0) - atRisk[h] / N);
        }
      }
    }
    for (let g = 0; g < G; g++) {
      atRisk[g] -= leaving[g];
      N -= leaving[g];
      leaving[g] = 0;
      dHere[g] = 0;
    }
    i = j;
  }

  const groups: LogRankGroup[] = levels.map((l, g) => ({
    group: l,
    n: size[g],
    observed: observed[g],
    expected: expected[g],
  }));
  const base = { name: NAME, n, n_event: nEvent, groups, variance: V };
  const fail = (reason: string): LogRankResult => ({ ...base, statistic: null, p_value: null, df: null, reason });

  if (n === 0) return fail('no subjects');
  if (G < 2) return fail('only one group: a comparison needs two or more');
  if (nEvent === 0) return fail('no events in any group');
  const keep: number[] = [];
  for (let g = 0; g < G; g++) if (expected[g] > 0) keep.push(g);
  if (keep.length < 2) return fail('fewer than two groups have subjects at risk at an event time');
  const use = keep.slice(1);
  const diff = use.map((g) => observed[g] - expected[g]);
  const sub = use.map((g) => use.map((h) => V[g][h]));
  const x = solve(sub, diff);
  if (x === null) {
    return fail(
      'the variance of observed minus expected is singular (for example, every event happens at one time with no one else at risk)',
    );
  }
  let chi = 0;
  for (let k = 0; k < use.length; k++) chi += x[k] * diff[k];
  chi = Math.max(0, chi);
  const df = keep.length - 1;
  return { ...base, statistic: chi, df, p_value: chiSquareUpper(chi, df) };
}
