/**
 * Logistic regression by iteratively reweighted least squares (IRLS), as R's
 * `glm(y ~ x1 + ... + xp, family = binomial)`.
 *
 * **Algorithm, in words.** The model is logit P(y = 1) = b0 + b1 x1 + ... + bp xp. Start from
 * mu = (y + 1/2) / 2 and eta = logit(mu) (R's `mustart` for binomial). Repeat: with working
 * weights w = mu (1 - mu) and working response z = eta + (y - mu) / w, solve the weighted
 * least-squares problem of z on the columns (the normal equations X'WX b = X'Wz, by Cholesky
 * on internally centred and scaled columns, which leaves the iterates unchanged); set
 * eta = X b, mu = 1 / (1 + exp(-eta)) (eta clamped to +-30 as R's `binomial()$linkinv`); stop
 * when the deviance -2 sum(y log mu + (1 - y) log(1 - mu)) changes by less than
 * `epsilon` (|dev - dev_old| / (|dev| + 0.1), R's `glm.control` rule, 1e-8) or after `maxit`
 * (25) iterations. These are R's `glm.fit` steps, so the coefficients are R's to 1e-6.
 *
 * **Problems are results, not huge numbers.** Instead of returning coefficients that run off to
 * infinity, the fit reports (in `problem`) and names the column to blame:
 * - `collinear`: a column is a linear combination of the intercept and the columns before it
 *   (R gives it an NA coefficient);
 * - `separation`: one column alone splits the outcome (every y = 1 above some value and every
 *   y = 0 below it, or an indicator whose 1s are all one outcome), or the fit drives fitted
 *   probabilities to 0 or 1 (R's warning "fitted probabilities numerically 0 or 1 occurred");
 *   the column blamed is the one with the largest coefficient times its standard deviation;
 * - `not-converged`: `maxit` iterations without meeting the rule; blamed the same way.
 *
 * **Reference.** McCullagh & Nelder (1989), Generalized Linear Models, 2nd ed., section 2.5;
 * R `stats::glm.fit` (R 4.2). Pinned to R in test/stats/logistic.test.ts (script
 * test/stats/r/logistic.R).
 *
 * **Cost.** Each iteration is one pass over the rows, O(n p^2), plus a p x p Cholesky.
 *
 * @example
 * const fit = logisticRegression([[1, 2, 3, 4, 5, 6, 7, 8]], Uint8Array.from([0, 0, 1, 0, 1, 0, 1, 1]), ['x']);
 * fit.coefficients.map((b) => b.toFixed(6)); // ['-2.673380', '0.594084']
 * fit.names; // ['(Intercept)', 'x']
 */

export interface LogisticProblem {
  kind: 'collinear' | 'separation' | 'not-converged';
  /** the column to blame */
  column: string;
  /** one sentence, for the user */
  message: string;
}

export interface LogisticFit {
  /** '(Intercept)' then the column names */
  names: string[];
  /** intercept first; empty when `problem` is set */
  coefficients: number[];
  /** the linear predictor (log-odds) of every row */
  linear: Float64Array;
  /** the fitted probability of every row */
  fitted: Float64Array;
  deviance: number;
  iterations: number;
  converged: boolean;
  problem: LogisticProblem | null;
}

export interface LogisticOptions {
  /** convergence tolerance on the relative change in deviance (R: 1e-8) */
  epsilon?: number;
  /** maximum iterations (R: 25) */
  maxit?: number;
}

const THRESH = 30;
const DBL_EPSILON = 2.220446049250313e-16;

/** R's binomial()$linkinv: the logistic function with eta clamped to +-30. */
function linkinv(eta: number): number {
  const t = eta < -THRESH ? DBL_EPSILON : eta > THRESH ? 1 / DBL_EPSILON : Math.exp(eta);
  return t / (1 + t);
}

/** R's binomial()$mu.eta: d mu / d eta, DBL_EPSILON outside +-30. */
function muEta(eta: number): number {
  if (eta > THRESH || eta < -THRESH) return DBL_EPSILON;
  const e = Math.exp(eta);
  return e / ((1 + e) * (1 + e));
}

function deviance(y: Uint8Array, mu: Float64Array): number {
  let d = 0;
  for (let i = 0; i < y.length; i++) d -= 2 * (y[i] === 1 ? Math.log(mu[i]) : Math.log(1 - mu[i]));
  return d;
}

/** Mean and standard deviation (n - 1) of a column. */
function centreScale(x: ArrayLike<number>): { mean: number; sd: number } {
  const n = x.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i];
  m /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - m) * (x[i] - m);
  return { mean: m, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0 };
}

/**
 * A column that alone separates the outcome: every y = 1 strictly above every y = 0 (or below),
 * or, for a 0/1 column, one of its values seen with a single outcome only.
 */
export function separatingColumn(columns: ArrayLike<number>[], y: Uint8Array, names: string[]): LogisticProblem | null {
  for (let j = 0; j < columns.length; j++) {
    const x = columns[j];
    let min1 = Infinity;
    let max1 = -Infinity;
    let min0 = Infinity;
    let max0 = -Infinity;
    let binary = true;
    const cells = [0, 0, 0, 0]; // x=0,y=0 | x=0,y=1 | x=1,y=0 | x=1,y=1
    for (let i = 0; i < y.length; i++) {
      const v = x[i];
      if (y[i] === 1) {
        if (v < min1) min1 = v;
        if (v > max1) max1 = v;
      } else {
        if (v < min0) min0 = v;
        if (v > max0) max0 = v;
      }
      if (v === 0 || v === 1) cells[v * 2 + y[i]]++;
      else binary = false;
    }
    if (min1 > max0 || max1 < min0) {
      return { kind: 'separation', column: names[j], message: `${names[j]} separates the groups completely (every value among one group is above every value among the other)` };
    }
    if (binary) {
      const only = (a: number, b: number, v: number) =>
        a + b > 0 && (a === 0 || b === 0)
          ? `every person with ${names[j]} = ${v} (${a + b}) is in one group (${a === 0 ? 'y = 1' : 'y = 0'})`
          : null;
      const msg = only(cells[0], cells[1], 0) ?? only(cells[2], cells[3], 1);
      if (msg) return { kind: 'separation', column: names[j], message: `${msg}: the propensity of those people is 0 or 1, so they cannot be matched` };
    }
  }
  return null;
}

/**
 * Fit logit P(y = 1) = b0 + sum b_j x_j by IRLS. `columns[j]` holds covariate j for every row.
 * See the module comment for the algorithm, the problems reported and the reference.
 */
export function logisticRegression(columns: ArrayLike<number>[], y: Uint8Array, names: string[], opts: LogisticOptions = {}): LogisticFit {
  const epsilon = opts.epsilon ?? 1e-8;
  const maxit = opts.maxit ?? 25;
  const n = y.length;
  const p = columns.length + 1;
  const allNames = ['(Intercept)', ...names];
  const fail = (problem: LogisticProblem, iterations = 0): LogisticFit => ({
    names: allNames,
    coefficients: [],
    linear: new Float64Array(0),
    fitted: new Float64Array(0),
    deviance: NaN,
    iterations,
    converged: false,
    problem,
  });

  // Centre and scale every covariate (the iterates are the same in any affine parametrisation).
  const cs = columns.map(centreScale);
  const Z: Float64Array[] = columns.map((x, j) => {
    const z = new Float64Array(n);
    const { mean, sd } = cs[j];
    for (let i = 0; i < n; i++) z[i] = sd > 0 ? (x[i] - mean) / sd : 0;
    return z;
  });
  for (let j = 0; j < columns.length; j++) {
    if (!(cs[j].sd > 0)) return fail({ kind: 'collinear', column: names[j], message: `${names[j]} has one value for everyone: it cannot predict anything` });
  }
  const sep = separatingColumn(columns, y, names);
  if (sep) return fail(sep);

  const mu = new Float64Array(n);
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    mu[i] = (y[i] + 0.5) / 2;
    eta[i] = Math.log(mu[i] / (1 - mu[i]));
  }
  let devOld = deviance(y, mu);
  const gamma = new Float64Array(p);
  let converged = false;
  let iter = 0;
  const A = new Float64Array(p * p);
  const b = new Float64Array(p);
  const row = new Float64Array(p);
  for (iter = 1; iter <= maxit; iter++) {
    A.fill(0);
    b.fill(0);
    for (let i = 0; i < n; i++) {
      const g = muEta(eta[i]);
      const w = g; // mu.eta^2 / variance, and variance = mu.eta for the logit link
      const z = eta[i] + (y[i] - mu[i]) / g;
      row[0] = 1;
      for (let j = 1; j < p; j++) row[j] = Z[j - 1][i];
      for (let r = 0; r < p; r++) {
        const wr = w * row[r];
        b[r] += wr * z;
        for (let c = 0; c <= r; c++) A[r * p + c] += wr * row[c];
      }
    }
    const bad = cholesky(A, p);
    if (bad >= 0) {
      const column = allNames[bad];
      return fail({ kind: 'collinear', column, message: `${column} is a linear combination of the other covariates (R would give it an NA coefficient): leave it out` }, iter);
    }
    solveCholesky(A, p, b, gamma);
    for (let i = 0; i < n; i++) {
      let e = gamma[0];
      for (let j = 1; j < p; j++) e += gamma[j] * Z[j - 1][i];
      eta[i] = e;
      mu[i] = linkinv(e);
    }
    const dev = deviance(y, mu);
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < epsilon) {
      converged = true;
      devOld = dev;
      break;
    }
    devOld = dev;
  }
  iter = Math.min(iter, maxit);
  // back to the covariates' own scale
  const coefficients = new Array<number>(p);
  let b0 = gamma[0];
  for (let j = 1; j < p; j++) {
    coefficients[j] = gamma[j] / cs[j - 1].sd;
    b0 -= coefficients[j] * cs[j - 1].mean;
  }
  coefficients[0] = b0;
  // the column to blame: the largest standardised coefficient
  let worst = 1;
  for (let j = 2; j < p; j++) if (Math.abs(gamma[j]) > Math.abs(gamma[worst])) worst = j;
  const blamed = p > 1 ? allNames[worst] : allNames[0];
  if (!converged) {
    return fail({ kind: 'not-converged', column: blamed, message: `the propensity model did not converge in ${maxit} iterations; ${blamed} has the largest coefficient (${gamma[worst].toPrecision(3)} per SD): check it for near-separation or drop it` }, iter);
  }
  const eps = 10 * DBL_EPSILON;
  let extreme = 0;
  for (let i = 0; i < n; i++) if (mu[i] < eps || mu[i] > 1 - eps) extreme++;
  if (extreme > 0) {
    return fail({ kind: 'separation', column: blamed, message: `${extreme} fitted propensities are numerically 0 or 1 (quasi-separation); ${blamed} has the largest coefficient (${gamma[worst].toPrecision(3)} per SD): drop it, or coarsen it` }, iter);
  }
  return { names: allNames, coefficients, linear: eta, fitted: mu, deviance: devOld, iterations: iter, converged, problem: null };
}

/**
 * In-place Cholesky of the symmetric p x p matrix in the lower triangle of A (row-major).
 * Returns -1, or the first column whose pivot is (relatively) zero: it is collinear with those before.
 */
function cholesky(A: Float64Array, p: number): number {
  const diag = new Float64Array(p);
  for (let j = 0; j < p; j++) diag[j] = A[j * p + j];
  for (let j = 0; j < p; j++) {
    let s = A[j * p + j];
    for (let k = 0; k < j; k++) s -= A[j * p + k] * A[j * p + k];
    if (!(s > 1e-10 * diag[j])) return j;
    const l = Math.sqrt(s);
    A[j * p + j] = l;
    for (let i = j + 1; i < p; i++) {
      let t = A[i * p + j];
      for (let k = 0; k < j; k++) t -= A[i * p + k] * A[j * p + k];
      A[i * p + j] = t / l;
    }
  }
  return -1;
}

/** Solve L L' x = b with the factor from {@link cholesky}. */
function solveCholesky(L: Float64Array, p: number, b: Float64Array, x: Float64Array): void {
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * p + k] * y[k];
    y[i] = s / L[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < p; k++) s -= L[k * p + i] * x[k];
    x[i] = s / L[i * p + i];
  }
}
