import { describe, expect, it } from 'vitest';
import { UNIROOT_TOL, uniroot, zeroin } from '../../src/stats/zeroin.js';
import { expectClose } from './expect-close.js';

// Printed by test/stats/r/zeroin.R with sprintf('%.15g', uniroot(...)$root): the same algorithm
// and tolerance should land on the same number, not merely near the true root.
describe('uniroot', () => {
  it.each([
    ['t^2 - 2 on [0, 2]', (t: number) => t * t - 2, 0, 2, 1.4142133199955], // uniroot(function(t) t^2 - 2, c(0, 2))$root
    ['cos(t) - t on [0, 1]', (t: number) => Math.cos(t) - t, 0, 1, 0.73909105828537], // uniroot(function(t) cos(t) - t, c(0, 1))$root
    ['exp(t) - 5 on [0, 3]', (t: number) => Math.exp(t) - 5, 0, 3, 1.60943744308677], // uniroot(function(t) exp(t) - 5, c(0, 3))$root
    ['1/(1+t) - 0.3 on [eps, 10]', (t: number) => 1 / (1 + t) - 0.3, Number.EPSILON, 10, 2.33333439436774], // uniroot(function(t) 1/(1+t) - 0.3, c(.Machine$double.eps, 10))$root
  ] as const)('reproduces R for %s', (_label, f, lo, hi, root) => {
    expectClose(uniroot(f, lo, hi), root, 1e-13);
  });

  it('honours a tighter tolerance', () => {
    // uniroot(function(t) t^3 - 2*t - 5, c(2, 3), tol = 1e-12)$root = 2.09455148154233
    expectClose(uniroot((t) => t ** 3 - 2 * t - 5, 2, 3, 1e-12), 2.09455148154233, 1e-13);
  });

  it("uses R's default tolerance .Machine$double.eps^0.25", () => {
    expect(UNIROOT_TOL).toBe(Number.EPSILON ** 0.25);
  });

  it('returns an endpoint where f is exactly zero, and throws if the bracket has no sign change', () => {
    expect(zeroin((t) => t, 0, 1, 0, 1)).toBe(0);
    expect(() => uniroot((t) => t * t + 1, -1, 1)).toThrow(/opposite signs/);
  });
});
