import { describe, expect, it } from 'vitest';
import { conditionalHypergeometric } from '../../src/stats/conditional-hypergeometric.js';
import { expectClose } from './expect-close.js';

// Printed by test/stats/r/zeroin.R, which writes the distribution out from dhyper:
// w <- dhyper(s, m, n, k) * psi^s; w / sum(w), with m = x1 + x2, n = n1 + n2 - m, k = n1.
describe('conditionalHypergeometric', () => {
  const small = conditionalHypergeometric(3, 4, 1, 4);

  it('has the support of the first cell given the margins', () => {
    expect(small).toMatchObject({ lo: 0, hi: 4, x: 3 });
    const h = conditionalHypergeometric(5, 5, 2, 6); // m = 7, n = 4, k = 5
    expect(h).toMatchObject({ lo: 1, hi: 5 });
  });

  it.each([
    [0.5, [0.0498442367601246, 0.398753894080997, 0.448598130841121, 0.0996884735202492, 0.00311526479750779],
      1.60747663551402, 0.996884735202492, 0.102803738317757],
    [1, [0.0142857142857143, 0.228571428571429, 0.514285714285714, 0.228571428571429, 0.0142857142857143],
      2, 0.985714285714286, 0.242857142857143],
    [2.5, [0.00180159891904065, 0.0720639567616259, 0.405359756784146, 0.450399729760162, 0.0703749577750253],
      2.51548249071051, 0.929625042224975, 0.520774687535188],
  ] as const)('matches R for table 3/4 vs 1/4 at odds ratio %s', (psi, density, mean, lower, upper) => {
    const d = small.density(psi);
    density.forEach((v, i) => expectClose(d[i], v, 1e-10, `d[${i}]`));
    expectClose(small.mean(psi), mean, 1e-10, 'mean');
    expectClose(small.cdf(3, psi), lower, 1e-10, 'P(X <= 3)');
    expectClose(small.cdf(3, psi, true), upper, 1e-10, 'P(X >= 3)');
  });

  it('matches R for table 12/40 vs 5/38 (support 0..17)', () => {
    const h = conditionalHypergeometric(12, 40, 5, 38);
    expect(h).toMatchObject({ lo: 0, hi: 17 });
    // psi = 1: phyper(12, 17, 61, 40) = 0.98222766336001; phyper(11, 17, 61, 40, lower.tail = FALSE) = 0.0624801443044406
    expectClose(h.cdf(12, 1), 0.98222766336001, 1e-10);
    expectClose(h.cdf(12, 1, true), 0.0624801443044406, 1e-10);
    expectClose(h.mean(1), 8.71794871794872, 1e-10);
    // psi = 2.5: mean 11.6755609026506, P(X <= 12) 0.67698029854762, P(X >= 12) 0.550161515279845
    expectClose(h.mean(2.5), 11.6755609026506, 1e-10);
    expectClose(h.cdf(12, 2.5), 0.67698029854762, 1e-10);
    expectClose(h.cdf(12, 2.5, true), 0.550161515279845, 1e-10);
    // psi = 0.5: the last density value is 2.03591723423982e-09
    expectClose(h.density(0.5)[17], 2.03591723423982e-9, 1e-9);
  });

  it('puts all mass at lo for odds ratio 0 and at hi for an infinite odds ratio (as fisher.test)', () => {
    expect(small.mean(0)).toBe(0);
    expect(small.mean(Number.POSITIVE_INFINITY)).toBe(4);
    expect(small.cdf(0, 0)).toBe(1);
    expect(small.cdf(3, Number.POSITIVE_INFINITY)).toBe(0);
    expect(small.cdf(4, Number.POSITIVE_INFINITY, true)).toBe(1);
  });
});
