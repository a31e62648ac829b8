/**
 * Brent's root finder (Brent 1973, "Algorithms for Minimization without Derivatives", ch. 4;
 * the ZEROIN routine of Forsythe, Malcolm & Moler 1977), in the form R's `uniroot` uses.
 *
 * Given a bracket [lower, upper] where f changes sign, each step tries inverse quadratic
 * interpolation (or the secant step when only two distinct points are known), falls back to
 * bisection when that step would leave the bracket or shrink it too slowly, and never steps
 * by less than the current tolerance 2·eps·|b| + tol/2. It stops when half the bracket is
 * within that tolerance or f(b) is exactly 0.
 *
 * The default tolerance is R's `uniroot` default, `.Machine$double.eps^0.25` (= 2^-13), so that
 * statistics defined "as R computes them" (the conditional MLE and exact interval of
 * `fisher.test`) land on the same number R prints, not on a more exact root R never reports.
 *
 * Preconditions: f(lower) and f(upper) have opposite signs (or one is exactly 0); f is
 * finite on the bracket. Violations throw a `RangeError` (they indicate a bug in the caller).
 *
 * @example
 * uniroot((t) => t * t - 2, 0, 2);            // 1.4142133199955025 — R: uniroot(function(t) t^2 - 2, c(0, 2))$root
 * uniroot((t) => t * t - 2, 0, 2, 1e-12);     // 1.4142135623731364 — stops within 1e-12, as uniroot would
 */

/** R's `.Machine$double.eps^0.25`: the default `tol` of `uniroot`. */
export const UNIROOT_TOL = 2 ** -13;

/**
 * Root of `f` in [lower, upper] with f(lower) = fLower, f(upper) = fUpper already known
 * (R's `R_zeroin2`). Returns the best approximation after `maxIter` steps if not converged.
 */
export function zeroin(
  f: (x: number) => number,
  lower: number,
  upper: number,
  fLower: number,
  fUpper: number,
  tol: number = UNIROOT_TOL,
  maxIter = 1000,
): number {
  if (fLower === 0) return lower;
  if (fUpper === 0) return upper;
  if (Number.isNaN(fLower) || Number.isNaN(fUpper) || Math.sign(fLower) === Math.sign(fUpper)) {
    throw new RangeError(
      `zeroin: f(lower) = ${fLower} and f(upper) = ${fUpper} must have opposite signs`,
    );
  }
  // b: best approximation so far; a: previous b; c: the point bracketing the root with b.
  let a = lower;
  let b = upper;
  let c = a;
  let fa = fLower;
  let fb = fUpper;
  let fc = fa;
  const eps = Number.EPSILON;

  for (let iter = 0; iter <= maxIter; iter++) {
    const prevStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      // Make b the best approximation.
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolAct = 2 * eps * Math.abs(b) + tol / 2;
    let newStep = (c - b) / 2;
    if (Math.abs(newStep) <= tolAct || fb === 0) return b;

    if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      // Interpolation: p / q is the step, kept as a fraction until accepted.
      const cb = c - b;
      let p: number;
      let q: number;
      if (a === c) {
        const t1 = fb / fa; // secant
        p = cb * t1;
        q = 1 - t1;
      } else {
        const qq = fa / fc; // inverse quadratic
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * qq * (qq - t1) - (b - a) * (t1 - 1));
        q = (qq - 1) * (t1 - 1) * (t2 - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (p < 0.75 * cb * q - Math.abs(tolAct * q) / 2 && p < Math.abs((prevStep * q) / 2)) {
        newStep = p / q;
      }
    }
    if (Math.abs(newStep) < tolAct) newStep = newStep > 0 ? tolAct : -tolAct;

    a = b;
    fa = fb;
    b += newStep;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  return b;
}

/** Root of `f` in [lower, upper], as R's `uniroot(f, c(lower, upper), tol = tol)$root`. */
export function uniroot(
  f: (x: number) => number,
  lower: number,
  upper: number,
  tol: number = UNIROOT_TOL,
  maxIter = 1000,
): number {
  return zeroin(f, lower, upper, f(lower), f(upper), tol, maxIter);
}
