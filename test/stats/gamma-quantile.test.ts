import gammaQuantileStdlib from '@stdlib/stats-base-dists-gamma-quantile';
import { describe, expect, it } from 'vitest';
import {
  gammaQuantile,
  regularizedGammaP,
  regularizedGammaQ,
} from '../../src/stats/gamma-quantile.js';
import { expectClose } from './expect-close.js';

// [a, x, P, Q], printed by test/stats/r/gamma.R: pgamma(x, a) and pgamma(x, a, lower.tail = FALSE).
const PGAMMA: Array<[number, number, number, number]> = [
  [0.5, 0.05, 0.248170365954151, 0.751829634045849], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [0.5, 0.5, 0.682689492137086, 0.317310507862914], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [0.5, 1.20710678118655, 0.879761659343103, 0.120238340656897], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [0.5, 3.32842712474619, 0.990122486794449, 0.00987751320555074], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [1, 0.1, 0.0951625819640404, 0.90483741803596], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [1, 1, 0.632120558828558, 0.367879441171442], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [1, 2, 0.864664716763387, 0.135335283236613], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [1, 5, 0.993262053000915, 0.00673794699908547], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [3, 0.3, 0.00359949318308947, 0.996400506816911], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [3, 1.26794919243112, 0.135571371179934, 0.864428628820066], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [3, 3, 0.576809918873157, 0.423190081126843], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [3, 4.73205080756888, 0.850889814509509, 0.149110185490491], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [3, 9.92820323027551, 0.997062857360019, 0.00293714263998128], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [10, 1, 1.11425478338721e-07, 0.999999888574522], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [10, 6.83772233983162, 0.153436960638606, 0.846563039361394], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [10, 10, 0.542070285528148, 0.457929714471852], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [10, 13.1622776601684, 0.844641596396363, 0.155358403603637], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [10, 22.6491106406735, 0.998994807780944, 0.0010051922190557], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [1000, 873.508893593265, 1.51198417205475e-05, 0.999984880158279], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [1000, 968.377223398316, 0.158613996792001, 0.841386003207999], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [1000, 1000, 0.504205244180216, 0.495794755819784], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [1000, 1031.62277660168, 0.841384188428721, 0.158615811571279], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [1000, 1126.49110640674, 0.999941713907865, 5.82860921348889e-05], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [10000, 9600, 2.54703141838464e-05, 0.999974529685816], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [10000, 9900, 0.158651192193565, 0.841348807806435], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [10000, 10000, 0.501329808339955, 0.498670191660045], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [10000, 10100, 0.84134875044718, 0.15865124955282], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [10000, 10400, 0.999961119829426, 3.88801705739881e-05], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [123457, 122051.54206751, 2.98073274558445e-05, 0.999970192672544], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [123457, 123105.635516877, 0.158654926609022, 0.841345073390978], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [123457, 123457, 0.500378469573635, 0.499621530426365], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [123457, 123808.364483123, 0.841345072068747, 0.158654927931254], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
  [123457, 124862.45793249, 0.999966383181951, 3.36168180494146e-05], // pgamma(x, a), pgamma(x, a, lower.tail = FALSE)
];

// [p, a, q], printed by test/stats/r/gamma.R: qgamma(p, a).
const QGAMMA: Array<[number, number, number]> = [
  [0.005, 0.5, 1.96352111102579e-05], // qgamma(0.005, 0.5)
  [0.025, 0.5, 0.000491034558587628], // qgamma(0.025, 0.5)
  [0.5, 0.5, 0.227468211559786], // qgamma(0.5, 0.5)
  [0.975, 0.5, 2.51194309365744], // qgamma(0.975, 0.5)
  [0.995, 0.5, 3.93971928831121], // qgamma(0.995, 0.5)
  [0.005, 1, 0.00501254182354428], // qgamma(0.005, 1)
  [0.025, 1, 0.0253178079842899], // qgamma(0.025, 1)
  [0.5, 1, 0.693147180559945], // qgamma(0.5, 1)
  [0.975, 1, 3.68887945411394], // qgamma(0.975, 1)
  [0.995, 1, 5.29831736654804], // qgamma(0.995, 1)
  [0.005, 2, 0.103494546748091], // qgamma(0.005, 2)
  [0.025, 2, 0.242209278543965], // qgamma(0.025, 2)
  [0.5, 2, 1.67834699001666], // qgamma(0.5, 2)
  [0.975, 2, 5.5716433909389], // qgamma(0.975, 2)
  [0.995, 2, 7.43012950028012], // qgamma(0.995, 2)
  [0.005, 13, 5.58011870308207], // qgamma(0.005, 13)
  [0.025, 13, 6.9219524910038], // qgamma(0.025, 13)
  [0.5, 13, 12.6682290587386], // qgamma(0.5, 13)
  [0.975, 13, 20.961585048177], // qgamma(0.975, 13)
  [0.995, 13, 24.1449411662284], // qgamma(0.995, 13)
  [0.005, 100, 76.1204958436892], // qgamma(0.005, 100)
  [0.025, 100, 81.3639912509231], // qgamma(0.025, 100)
  [0.5, 100, 99.6668649193154], // qgamma(0.5, 100)
  [0.975, 100, 120.528947753155], // qgamma(0.975, 100)
  [0.995, 100, 127.632077725762], // qgamma(0.995, 100)
  [0.005, 1000, 920.424046163359], // qgamma(0.005, 1000)
  [0.025, 1000, 938.973018407695], // qgamma(0.025, 1000)
  [0.5, 1000, 999.666686426965], // qgamma(0.5, 1000)
  [0.975, 1000, 1062.92115122489], // qgamma(0.975, 1000)
  [0.995, 1000, 1083.33215019578], // qgamma(0.995, 1000)
  [0.005, 1001, 921.383328695839], // qgamma(0.005, 1001)
  [0.025, 1001, 939.942033752441], // qgamma(0.025, 1001)
  [0.5, 1001, 1000.66668640722], // qgamma(0.5, 1001)
  [0.975, 1001, 1063.9521360163], // qgamma(0.975, 1001)
  [0.995, 1001, 1084.37286806439], // qgamma(0.995, 1001)
  [0.005, 10000, 9744.29560957296], // qgamma(0.005, 10000)
  [0.025, 10000, 9804.95246726018], // qgamma(0.025, 10000)
  [0.5, 10000, 9999.66666864205], // qgamma(0.5, 10000)
  [0.975, 10000, 10196.9418249999], // qgamma(0.975, 10000)
  [0.995, 10000, 10259.460948034], // qgamma(0.995, 10000)
  [0.005, 123457, 122553.823439734], // qgamma(0.005, 123457)
  [0.025, 123457, 122769.285909433], // qgamma(0.025, 123457)
  [0.5, 123457, 123456.666666827], // qgamma(0.5, 123457)
  [0.975, 123457, 124146.608395345], // qgamma(0.975, 123457)
  [0.995, 123457, 124363.933154749], // qgamma(0.995, 123457)
  [0.005, 1000000, 997426.049021241], // qgamma(0.005, 1000000)
  [0.025, 1000000, 998040.983340294], // qgamma(0.025, 1000000)
  [0.5, 1000000, 999999.666666686], // qgamma(0.5, 1000000)
  [0.975, 1000000, 1001960.91096545], // qgamma(0.975, 1000000)
  [0.995, 1000000, 1002577.70757609], // qgamma(0.995, 1000000)
];

describe('regularizedGammaP / regularizedGammaQ', () => {
  it.each(PGAMMA)('shape %s at x = %s matches pgamma in both tails', (a, x, p, q) => {
    expectClose(regularizedGammaP(a, x), p, 1e-9, 'P');
    expectClose(regularizedGammaQ(a, x), q, 1e-9, 'Q');
  });

  it('handles x = 0 and x = Infinity', () => {
    expect(regularizedGammaP(2, 0)).toBe(0);
    expect(regularizedGammaQ(2, 0)).toBe(1);
    expect(regularizedGammaP(2, Number.POSITIVE_INFINITY)).toBe(1);
  });

  it('throws RangeError for a non-positive shape or negative x', () => {
    expect(() => regularizedGammaP(0, 1)).toThrow(RangeError);
    expect(() => regularizedGammaQ(1, -1)).toThrow(RangeError);
  });
});

describe('gammaQuantile', () => {
  it.each(QGAMMA)('qgamma(%s, %s) matches R', (p, a, q) => {
    expectClose(gammaQuantile(p, a), q, 1e-9);
  });

  it("is needed: stdlib's gamma quantile is off in the 4th digit at shape 1000", () => {
    // qgamma(0.975, 1000) = 1062.92128... in R; if stdlib is ever fixed this test says so.
    const r = QGAMMA.find(([p, a]) => p === 0.975 && a === 1000) as [number, number, number];
    expect(Math.abs(gammaQuantileStdlib(0.975, 1000, 1) - r[2]) / r[2]).toBeGreaterThan(1e-5);
    expectClose(gammaQuantile(0.975, 1000), r[2], 1e-12);
  });

  it('returns 0 at p = 0 and Infinity at p = 1; throws for p outside [0, 1]', () => {
    expect(gammaQuantile(0, 3)).toBe(0);
    expect(gammaQuantile(1, 3)).toBe(Number.POSITIVE_INFINITY);
    expect(() => gammaQuantile(1.5, 3)).toThrow(RangeError);
  });
});
