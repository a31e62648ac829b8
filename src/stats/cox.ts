/**
 * Cox proportional hazards regression with Efron's method for tied event times.
 *
 * **Formula, in words.** Each subject's hazard is h0(t) exp(x'b). The coefficients b maximise the
 * Efron partial log-likelihood: at each distinct event time with d tied events, risk-set sum
 * S = sum of exp(x'b) over subjects at risk and D = the same sum over the d who have the event,
 * the contribution is sum over the events of x'b minus sum over j = 0..d-1 of
 * log(S - (j / d) D). Newton-Raphson from b = 0 (with step halving when the log-likelihood
 * falls) uses the exact score and information of that likelihood. Standard errors are
 * model-based: the square roots of the diagonal of the inverse information at the maximum.
 * Hazard ratio exp(b) with Wald interval exp(b -/+ z se), z the normal quantile at
 * 1 - (1 - level) / 2; Wald z = b / se with two-sided p = 2 Phi(-|z|). Whole-model tests:
 * likelihood ratio 2 (logL(b) - logL(0)), Wald b' I(b) b, and score U(0)' I(0)^-1 U(0) (with one
 * binary covariate the score test is the log-rank test with Efron-style tie handling), each
 * chi-square on p degrees of freedom.
 *
 * **Reference.** Cox (1972), JRSS-B 34:187-220; Efron (1977), JASA 72:557-565; Therneau &
 * Grambsch (2000), Modeling Survival Data, section 3.3. Matches R
 * `coxph(Surv(time, event) ~ x, ties = "efron")` and `summary()` of it (survival 3.5).
 *
 * **Preconditions.** Equal lengths; times finite and >= 0; events 0/1; covariates finite.
 * `covariates` is either one column (a number per subject, e.g. a 0/1 treated flag) or a design
 * matrix given as rows: one array of p numbers per subject (like the rows of R's model matrix,
 * without an intercept). Factors must be coded as 0/1 columns by the caller. 0 < level < 1.
 * Violations throw RangeError. Covariates are centred internally, as R does; estimates do not
 * depend on it.
 *
 * **Degenerate input** (coefficients, tests and hazard ratios null, `reason` set): no subjects, no
 * events, fewer than two subjects, a constant covariate, a binary covariate one of whose groups
 * has no events (the likelihood is monotone: the MLE is infinite and R only warns, reporting a
 * coefficient near -20 with a huge SE), a singular information matrix (collinear covariates),
 * or no convergence in `maxIterations` steps (also the symptom of a monotone likelihood).
 *
 * **Counting-process data** (`entry`): the risk set at an event time t holds the intervals with
 * entry < t <= time (late entry, gaps); subjects leave the running sums when t reaches their
 * entry. Matches R `coxph(Surv(start, stop, event) ~ x, ties = "efron")`.
 *
 * **Cost.** One index sort O(n log n); each Newton step is one O(n p^2) pass; a handful of steps.
 *
 * @example
 * const fit = coxPH([1, 2, 3, 4, 5, 6, 7, 8], [1, 1, 0, 1, 1, 0, 1, 1], [1, 0, 1, 1, 0, 0, 1, 0]);
 * fit.coefficients[0].coef; // 0.7751564503638384
 * fit.coefficients[0].hazard_ratio.estimate; // 2.1709317436773543
 */
import { chisquare } from './dists.js';
import { normal } from './dists.js';
import { checkEntry, checkLevel, checkTimeEvent } from './kaplan-meier.js';
import { orderBy } from './order.js';
import type { Estimate, TestResult } from './types.js';

export interface CoxOptions {
  /** Confidence level for the hazard-ratio intervals, default 0.95. */
  level?: number;
  /** Covariate names, default `x` for one column, else `x1`, `x2`, ... */
  names?: string[];
  /** Newton-Raphson step limit, default 30. */
  maxIterations?: number;
  /**
   * Entry times for counting-process data: subject i is at risk at t when entry[i] < t <= time[i]
   * (R's `coxph(Surv(start, stop, event) ~ x)`; model-based SE, as R without `cluster`).
   */
  entry?: ArrayLike<number>;
}

export interface CoxCoefficient {
  name: string;
  coef: number | null;
  /** Model-based standard error of `coef`. */
  se: number | null;
  /** Wald z = coef / se. */
  z: number | null;
  /** Two-sided Wald p-value. */
  p_value: number | null;
  /** exp(coef) with the Wald interval exp(coef -/+ z se). */
  hazard_ratio: Estimate;
}

export interface CoxTest extends TestResult {
  df: number;
}

export interface CoxResult {
  method: string;
  level: number;
  n: number;
  n_event: number;
  converged: boolean;
  iterations: number;
  coefficients: CoxCoefficient[];
  /** Inverse information at the estimate (p x p), or null. */
  variance: number[][] | null;
  /** Partial log-likelihood at b = 0 and at the estimate. */
  loglik: { null_model: number | null; fitted: number | null };
  likelihood_ratio_test: CoxTest;
  wald_test: CoxTest;
  score_test: CoxTest;
  reason?: string;
}

const METHOD = 'Cox proportional hazards, Efron ties, Newton-Raphson, model-based SE, Wald CI';

function chiSquareUpper(x: number, df: number): number {
  if (df === 1) return 2 * normal.cdf(-Math.sqrt(x), 0, 1);
  return Math.max(0, 1 - chisquare.cdf(x, df));
}

/** Cholesky factor L (lower, row-major p x p) of a symmetric matrix; null if not positive definite. */
function cholesky(a: Float64Array, p: number, tol: number): Float64Array | null {
  const L = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j];
      for (let k = 0; k < j; k++) s -= L[i * p + k] * L[j * p + k];
      if (i === j) {
        if (!(s > tol * Math.max(1, Math.abs(a[i * p + i])))) return null;
        L[i * p + i] = Math.sqrt(s);
      } else {
        L[i * p + j] = s / L[j * p + j];
      }
    }
  }
  return L;
}

function cholSolve(L: Float64Array, p: number, b: Float64Array): Float64Array {
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * p + k] * y[k];
    y[i] = s / L[i * p + i];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < p; k++) s -= L[k * p + i] * x[k];
    x[i] = s / L[i * p + i];
  }
  return x;
}

interface Evaluation {
  loglik: number;
  score: Float64Array;
  info: Float64Array; // p x p, row-major
}

/** Subjects sorted by time descending and, for counting-process data, by entry descending. */
interface Orders {
  byTime: Uint32Array;
  entry: ArrayLike<number> | undefined;
  byEntry: Uint32Array;
}

/**
 * Efron partial log-likelihood, score and information at `beta`.
 * `X` is n x p row-major (centred). Walking the times downwards, a subject joins the risk-set sums
 * at its time and (counting-process data) leaves them once t is at or below its entry.
 */
function evaluate(
  beta: Float64Array,
  X: Float64Array,
  p: number,
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  orders: Orders,
): Evaluation {
  if (p === 1 && orders.entry === undefined) return evaluateOne(beta[0], X, event, time, orders.byTime);
  const order = orders.byTime;
  const { entry, byEntry } = orders;
  let left = 0;
  const n = order.length;
  const pp = p * p;
  let loglik = 0;
  const score = new Float64Array(p);
  const info = new Float64Array(pp);
  const S1 = new Float64Array(p);
  const S2 = new Float64Array(pp);
  const D1 = new Float64Array(p);
  const D2 = new Float64Array(pp);
  const s1 = new Float64Array(p);
  let S0 = 0;
  let i = 0;
  while (i < n) {
    const t = time[order[i]];
    let D0 = 0;
    let d = 0;
    D1.fill(0);
    D2.fill(0);
    for (; i < n && time[order[i]] === t; i++) {
      const s = order[i];
      const row = s * p;
      let eta = 0;
      for (let k = 0; k < p; k++) eta += X[row + k] * beta[k];
      const r = Math.exp(eta);
      S0 += r;
      for (let k = 0; k < p; k++) {
        const xk = X[row + k];
        S1[k] += r * xk;
        for (let l = 0; l <= k; l++) S2[k * p + l] += r * xk * X[row + l];
      }
      if (event[s] === 1) {
        d++;
        D0 += r;
        loglik += eta;
        for (let k = 0; k < p; k++) {
          const xk = X[row + k];
          score[k] += xk;
          D1[k] += r * xk;
          for (let l = 0; l <= k; l++) D2[k * p + l] += r * xk * X[row + l];
        }
      }
    }
    if (entry !== undefined) {
      for (; left < byEntry.length && entry[byEntry[left]] >= t; left++) {
        const s = byEntry[left];
        const row = s * p;
        let eta = 0;
        for (let k = 0; k < p; k++) eta += X[row + k] * beta[k];
        const r = Math.exp(eta);
        S0 -= r;
        for (let k = 0; k < p; k++) {
          const xk = X[row + k];
          S1[k] -= r * xk;
          for (let l = 0; l <= k; l++) S2[k * p + l] -= r * xk * X[row + l];
        }
      }
    }
    for (let j = 0; j < d; j++) {
      const f = j / d;
      const s0 = S0 - f * D0;
      loglik -= Math.log(s0);
      for (let k = 0; k < p; k++) {
        s1[k] = (S1[k] - f * D1[k]) / s0;
        score[k] -= s1[k];
      }
      for (let k = 0; k < p; k++) {
        for (let l = 0; l <= k; l++) {
          info[k * p + l] += (S2[k * p + l] - f * D2[k * p + l]) / s0 - s1[k] * s1[l];
        }
      }
    }
  }
  for (let k = 0; k < p; k++) for (let l = 0; l < k; l++) info[l * p + k] = info[k * p + l];
  return { loglik, score, info };
}

/**
 * `evaluate` for one covariate and no entry times (compare's treated flag): the same sums in the
 * same order, so the same digits, without the loops over covariates; exp(x b) is worked out once
 * per distinct x in a row (a 0/1 flag has two), not once per subject.
 */
function evaluateOne(beta: number, x: Float64Array, event: ArrayLike<number>, time: ArrayLike<number>, order: Uint32Array): Evaluation {
  const n = order.length;
  let loglik = 0;
  let score = 0;
  let info = 0;
  let S0 = 0;
  let S1 = 0;
  let S2 = 0;
  let lastX = NaN;
  let lastEta = 0;
  let lastR = 0;
  let i = 0;
  while (i < n) {
    const t = time[order[i]];
    let D0 = 0;
    let D1 = 0;
    let D2 = 0;
    let d = 0;
    for (; i < n && time[order[i]] === t; i++) {
      const s = order[i];
      const xs = x[s];
      if (!Object.is(xs, lastX)) {
        lastX = xs;
        lastEta = 0 + xs * beta;
        lastR = Math.exp(lastEta);
      }
      const r = lastR;
      S0 += r;
      S1 += r * xs;
      S2 += r * xs * xs;
      if (event[s] === 1) {
        d++;
        D0 += r;
        loglik += lastEta;
        score += xs;
        D1 += r * xs;
        D2 += r * xs * xs;
      }
    }
    for (let j = 0; j < d; j++) {
      const f = j / d;
      const s0 = S0 - f * D0;
      loglik -= Math.log(s0);
      const s1 = (S1 - f * D1) / s0;
      score -= s1;
      info += (S2 - f * D2) / s0 - s1 * s1;
    }
  }
  return { loglik, score: Float64Array.of(score), info: Float64Array.of(info) };
}

/** Read covariates into an n x p row-major Float64Array. */
function designMatrix(
  covariates: ArrayLike<number> | ReadonlyArray<ArrayLike<number>>,
  n: number,
): { X: Float64Array; p: number } {
  if (covariates.length !== n) {
    throw new RangeError(`covariates must have one entry per subject (got ${covariates.length} for ${n} subjects)`);
  }
  const first = covariates[0] as unknown;
  const single = n === 0 || typeof first === 'number';
  if (single) {
    const X = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = (covariates as ArrayLike<number>)[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new RangeError(`covariate for subject ${i} must be a finite number (got ${String(v)})`);
      }
      X[i] = v;
    }
    return { X, p: 1 };
  }
  const rows = covariates as ReadonlyArray<ArrayLike<number>>;
  const p = (first as ArrayLike<number>).length;
  if (!(p >= 1)) throw new RangeError('each covariate row must hold at least one number');
  const X = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (r === null || typeof r !== 'object' || r.length !== p) {
      throw new RangeError(`covariate row ${i} must be an array of ${p} numbers`);
    }
    for (let k = 0; k < p; k++) {
      const v = r[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new RangeError(`covariate row ${i}, column ${k} must be a finite number (got ${String(v)})`);
      }
      X[i * p + k] = v;
    }
  }
  return { X, p };
}

/**
 * Fit a Cox proportional hazards model (Efron ties).
 *
 * @param time follow-up time per subject (>= 0)
 * @param event 1 = event at `time`, 0 = censored
 * @param covariates one number per subject (e.g. a 0/1 treated flag), or one row of p numbers per subject
 * @param options `level` (0.95), `names`, `maxIterations` (30)
 */
export function coxPH(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  covariates: ArrayLike<number> | ReadonlyArray<ArrayLike<number>>,
  options: CoxOptions = {},
): CoxResult {
  const level = options.level ?? 0.95;
  checkLevel(level);
  const maxIterations = options.maxIterations ?? 30;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new RangeError(`maxIterations must be a positive integer (got ${String(maxIterations)})`);
  }
  checkTimeEvent(time, event);
  const entry = options.entry;
  if (entry !== undefined) checkEntry(entry, time);
  const n = time.length;
  const { X, p } = designMatrix(covariates, n);
  const names = options.names ?? (p === 1 ? ['x'] : Array.from({ length: p }, (_, k) => `x${k + 1}`));
  if (names.length !== p) throw new RangeError(`names must have ${p} entries (got ${names.length})`);

  let nEvent = 0;
  for (let i = 0; i < n; i++) nEvent += event[i];

  const fail = (reason: string, extra: Partial<CoxResult> = {}): CoxResult => {
    const nullTest = (name: string): CoxTest => ({ name, statistic: null, p_value: null, df: p, reason });
    return {
      method: METHOD,
      level,
      n,
      n_event: nEvent,
      converged: false,
      iterations: 0,
      coefficients: names.map((name) => ({
        name,
        coef: null,
        se: null,
        z: null,
        p_value: null,
        hazard_ratio: { estimate: null, ci_low: null, ci_high: null, method: 'exp(coef), Wald interval', reason },
      })),
      variance: null,
      loglik: { null_model: null, fitted: null },
      likelihood_ratio_test: nullTest('likelihood ratio'),
      wald_test: nullTest('Wald'),
      score_test: nullTest('score (log-rank)'),
      ...extra,
      reason,
    };
  };

  if (n === 0) return fail('no subjects');
  if (n < 2) return fail('fewer than two subjects: a hazard ratio needs a comparison');
  if (nEvent === 0) return fail('no events: the hazard ratio is not estimable');

  // Centre; detect constant covariates and binary covariates with an event-free group.
  const sd = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += X[i * p + k];
    mean /= n;
    let ss = 0;
    const a = X[k];
    let b = a;
    let bSeen = false;
    let twoValued = true;
    let eventsA = 0;
    let eventsB = 0;
    for (let i = 0; i < n; i++) {
      const v = X[i * p + k];
      ss += (v - mean) * (v - mean);
      if (v === a) eventsA += event[i];
      else if (!bSeen || v === b) {
        b = v;
        bSeen = true;
        eventsB += event[i];
      } else twoValued = false;
    }
    if (!bSeen) return fail(`covariate ${names[k]} is constant (${a}), so its effect is not estimable`);
    if (twoValued && (eventsA === 0 || eventsB === 0)) {
      const v = eventsA === 0 ? a : b;
      return fail(
        `the ${names[k]} = ${v} group has no events, so the hazard ratio is 0 or infinite (monotone likelihood; R reports a huge coefficient and SE with a warning)`,
      );
    }
    sd[k] = Math.sqrt(ss / n);
    for (let i = 0; i < n; i++) X[i * p + k] -= mean;
  }

  const orders: Orders = { byTime: orderBy(time, 'descending'), entry, byEntry: entry === undefined ? new Uint32Array(0) : orderBy(entry, 'descending') };

  let beta = new Float64Array(p);
  let cur = evaluate(beta, X, p, time, event, orders);
  const loglik0 = cur.loglik;
  const infoScale = new Float64Array(p);
  for (let k = 0; k < p; k++) infoScale[k] = cur.info[k * p + k];
  const cholTol = 1e-12;

  const L0 = cholesky(cur.info, p, cholTol);
  if (L0 === null) {
    return fail('the information matrix is singular at b = 0 (collinear covariates, or a covariate constant within every risk set)');
  }
  const step0 = cholSolve(L0, p, cur.score);
  let scoreStat = 0;
  for (let k = 0; k < p; k++) scoreStat += step0[k] * cur.score[k];

  let converged = false;
  let iterations = 0;
  let L: Float64Array | null = L0;
  let vanishing: string | null = null;
  while (iterations < maxIterations) {
    iterations++;
    const step = cholSolve(L as Float64Array, p, cur.score);
    const next = new Float64Array(p);
    for (let k = 0; k < p; k++) next[k] = beta[k] + step[k];
    let ev = evaluate(next, X, p, time, event, orders);
    let halvings = 0;
    while (!(Number.isFinite(ev.loglik) && ev.loglik >= cur.loglik - 1e-12 * Math.abs(cur.loglik)) && halvings < 30) {
      for (let k = 0; k < p; k++) next[k] = (beta[k] + next[k]) / 2;
      ev = evaluate(next, X, p, time, event, orders);
      halvings++;
    }
    if (!Number.isFinite(ev.loglik)) break;
    let maxStep = 0;
    for (let k = 0; k < p; k++) maxStep = Math.max(maxStep, Math.abs(next[k] - beta[k]) * (sd[k] > 0 ? sd[k] : 1));
    const change = Math.abs(ev.loglik - cur.loglik);
    beta = next;
    cur = ev;
    L = cholesky(cur.info, p, cholTol);
    if (L === null) break;
    // Converged when the Newton step (in SD units of each covariate) and the log-likelihood
    // change are both negligible; the error left after such a step is of order step^2.
    if (maxStep < 1e-9 && change <= 1e-9 * Math.max(1, Math.abs(cur.loglik))) {
      converged = true;
      break;
    }
    // A monotone likelihood drives the information to 0 while the coefficient runs away.
    for (let k = 0; k < p; k++) if (cur.info[k * p + k] < 1e-10 * infoScale[k]) vanishing = names[k];
    if (vanishing !== null) break;
  }
  if (!converged) {
    let reason: string;
    if (vanishing !== null) {
      reason = `monotone likelihood: the information for ${vanishing} vanishes as its coefficient heads to infinity (after ${iterations} steps)`;
    } else if (L === null) {
      reason =
        'the information matrix became singular during fitting: the likelihood is probably monotone (a coefficient heads to infinity) or covariates are collinear';
    } else {
      reason = `Newton-Raphson did not converge in ${iterations} steps: the likelihood is probably monotone (a coefficient heads to infinity)`;
    }
    return fail(reason, { iterations, loglik: { null_model: loglik0, fitted: null } });
  }

  // Variance = inverse information at the estimate.
  const Lf = L as Float64Array;
  const variance: number[][] = [];
  const unit = new Float64Array(p);
  const cols: Float64Array[] = [];
  for (let k = 0; k < p; k++) {
    unit.fill(0);
    unit[k] = 1;
    cols.push(cholSolve(Lf, p, unit));
  }
  for (let k = 0; k < p; k++) variance.push(Array.from({ length: p }, (_, l) => cols[l][k]));

  const z = normal.quantile(1 - (1 - level) / 2, 0, 1);
  const coefficients: CoxCoefficient[] = names.map((name, k) => {
    const b = beta[k];
    const se = Math.sqrt(variance[k][k]);
    const zk = b / se;
    return {
      name,
      coef: b,
      se,
      z: zk,
      p_value: 2 * normal.cdf(-Math.abs(zk), 0, 1),
      hazard_ratio: {
        estimate: Math.exp(b),
        ci_low: Math.exp(b - z * se),
        ci_high: Math.exp(b + z * se),
        method: 'exp(coef), Wald interval',
      },
    };
  });

  let wald = 0;
  for (let k = 0; k < p; k++) for (let l = 0; l < p; l++) wald += beta[k] * cur.info[k * p + l] * beta[l];
  const lr = Math.max(0, 2 * (cur.loglik - loglik0));
  const test = (name: string, stat: number): CoxTest => {
    const s = Math.max(0, stat);
    return { name, statistic: s, p_value: chiSquareUpper(s, p), df: p };
  };
  return {
    method: METHOD,
    level,
    n,
    n_event: nEvent,
    converged,
    iterations,
    coefficients,
    variance,
    loglik: { null_model: loglik0, fitted: cur.loglik },
    likelihood_ratio_test: test('likelihood ratio', lr),
    wald_test: test('Wald', wald),
    score_test: test('score (log-rank)', scoreStat),
  };
}
