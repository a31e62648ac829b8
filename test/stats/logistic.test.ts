import { describe, expect, it } from 'vitest';
import { logisticRegression } from '../../src/stats/logistic.js';
import { expectClose } from './expect-close.js';

describe('logisticRegression', () => {
  it('runs the @example: R glm(y ~ x, binomial) on x = 1:8, y = c(0,0,1,0,1,0,1,1)', () => {
    // R: sprintf("%.6f", coef(glm(y ~ x, family = binomial))) -> "-2.673380" "0.594084" (test/match/r/match.R)
    const fit = logisticRegression([[1, 2, 3, 4, 5, 6, 7, 8]], Uint8Array.from([0, 0, 1, 0, 1, 0, 1, 1]), ['x']);
    expect(fit.coefficients.map((b) => b.toFixed(6))).toEqual(['-2.673380', '0.594084']);
    expect(fit.names).toEqual(['(Intercept)', 'x']);
    expect(fit.problem).toBeNull();
    expect(fit.converged).toBe(true);
  });
  it('fits the intercept alone as the log-odds', () => {
    const fit = logisticRegression([], Uint8Array.from([1, 0, 0, 0]), []);
    expectClose(fit.coefficients[0], Math.log(1 / 3), 1e-9);
  });
  it('reports complete separation by one covariate and names it, instead of huge coefficients', () => {
    const fit = logisticRegression([[1, 2, 3, 4], [5, 1, 4, 2]], Uint8Array.from([0, 0, 1, 1]), ['age', 'priors']);
    expect(fit.problem).toMatchObject({ kind: 'separation', column: 'age' });
    expect(fit.coefficients).toEqual([]);
  });
  it('reports an indicator whose every 1 is in one group', () => {
    const fit = logisticRegression([[0, 1, 0, 1, 0, 0], [0, 0, 0, 0, 1, 1]], Uint8Array.from([0, 1, 1, 0, 1, 1]), ['x', 'area=north']);
    expect(fit.problem?.kind).toBe('separation');
    expect(fit.problem?.column).toBe('area=north');
    expect(fit.problem?.message).toMatch(/area=north = 1/);
  });
  it('reports quasi-separation through a combination of covariates, blaming the largest standardised coefficient', () => {
    // y = 1 exactly when x1 + x2 > 0, with neither alone separating
    const x1 = [-3, -2, -1, 1, 2, 3, -2, 2, 0.5, -0.5];
    const x2 = [2, 3, 0.5, -2, -3, 0.5, 1.5, -1.5, 0.1, 0.1];
    const y = Uint8Array.from(x1.map((v, i) => (v + x2[i] > 0 ? 1 : 0)));
    const fit = logisticRegression([x1, x2], y, ['x1', 'x2']);
    expect(fit.problem).not.toBeNull();
    expect(['separation', 'not-converged']).toContain(fit.problem!.kind);
    expect(['x1', 'x2']).toContain(fit.problem!.column);
  });
  it('reports a collinear column (R: NA coefficient) and names it', () => {
    const a = [1, 2, 3, 4, 5, 6];
    const fit = logisticRegression([a, a.map((v) => 2 * v + 1)], Uint8Array.from([0, 1, 0, 1, 1, 0]), ['a', 'b']);
    expect(fit.problem).toMatchObject({ kind: 'collinear', column: 'b' });
  });
  it('reports a constant column', () => {
    const fit = logisticRegression([[3, 3, 3, 3]], Uint8Array.from([0, 1, 0, 1]), ['c']);
    expect(fit.problem).toMatchObject({ kind: 'collinear', column: 'c' });
  });
  it('reports non-convergence when maxit is too small', () => {
    const fit = logisticRegression([[1, 2, 3, 4, 5, 6, 7, 8]], Uint8Array.from([0, 0, 1, 0, 1, 0, 1, 1]), ['x'], { maxit: 1 });
    expect(fit.problem).toMatchObject({ kind: 'not-converged', column: 'x' });
  });
});
