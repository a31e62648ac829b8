/**
 * Cox PH (Efron ties): every expected number comes from R (survival 3.5-3)
 * `coxph(Surv(time, event) ~ ..., ties = "efron")` and `summary()` of it, produced by
 * test/stats/r/survival.R and pasted here as literals. R's default convergence (eps 1e-9)
 * agrees with a refit at eps 1e-11 to all 12 printed digits (see the end of that script).
 * Tolerance: 1e-6 relative (1e-12 absolute near zero).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coxPH, type CoxResult } from '../../src/stats/cox.js';
import { AML_TIME, AML_STATUS, AML_X, TIE_TIME, TIE_EVENT, LUNG } from './survival-data.js';

function expectClose(actual: number | null | undefined, expected: number | null, label = '', abs = 1e-12): void {
  if (expected === null) {
    expect(actual, `${label}: expected null`).toBeNull();
    return;
  }
  expect(actual, `${label}: expected ${expected}, got null`).not.toBeNull();
  const a = actual as number;
  const tol = Math.max(abs, 1e-6 * Math.abs(expected));
  expect(Math.abs(a - expected), `${label}: ${a} vs R ${expected}`).toBeLessThanOrEqual(tol);
}

interface RCox {
  coef: number[];
  se: number[];
  hr: number[];
  hr_low: number[];
  hr_high: number[];
  z: number[];
  p: number[];
  loglik: number[];
  lr_test: number[];
  wald_test: number[];
  score_test: number[];
  vcov: number[];
}

function expectMatchesR(fit: CoxResult, r: RCox, abs = 1e-12): void {
  expect(fit.reason).toBeUndefined();
  expect(fit.converged).toBe(true);
  const p = r.coef.length;
  expect(fit.coefficients.length).toBe(p);
  fit.coefficients.forEach((c, k) => {
    expectClose(c.coef, r.coef[k], `coef[${k}]`, abs);
    expectClose(c.se, r.se[k], `se[${k}]`);
    expectClose(c.z, r.z[k], `z[${k}]`, abs);
    expectClose(c.p_value, r.p[k], `p[${k}]`);
    expectClose(c.hazard_ratio.estimate, r.hr[k], `hr[${k}]`);
    expectClose(c.hazard_ratio.ci_low, r.hr_low[k], `hr_low[${k}]`);
    expectClose(c.hazard_ratio.ci_high, r.hr_high[k], `hr_high[${k}]`);
  });
  for (let k = 0; k < p; k++) for (let l = 0; l < p; l++) expectClose(fit.variance?.[k][l], r.vcov[k * p + l], `vcov[${k}][${l}]`);
  expectClose(fit.loglik.null_model, r.loglik[0], 'loglik(0)');
  expectClose(fit.loglik.fitted, r.loglik[1], 'loglik(b)');
  for (const [name, test, ref] of [
    ['LR', fit.likelihood_ratio_test, r.lr_test],
    ['Wald', fit.wald_test, r.wald_test],
    ['score', fit.score_test, r.score_test],
  ] as const) {
    expectClose(test.statistic, ref[0], `${name} statistic`, abs);
    expect(test.df, `${name} df`).toBe(ref[1]);
    expectClose(test.p_value, ref[2], `${name} p`);
  }
}

// survival::aml (x: 1 = Nonmaintained, the treated flag; R's xNonmaintained coefficient)

// ovarian data (age rounded to 4 decimals)
const OVARIAN = {
  futime: [59, 115, 156, 421, 431, 448, 464, 475, 477, 563, 638, 744, 769, 770, 803, 855, 1040, 1106, 1129, 1206, 1227, 268, 329, 353, 365, 377],
  fustat: [1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0],
  age: [72.3315, 74.4932, 66.4658, 53.3644, 50.3397, 56.4301, 56.937, 59.8548, 64.1753, 55.1781, 56.7562, 50.1096, 59.6301, 57.0521, 39.2712, 43.1233, 38.8932, 44.6, 53.9068, 44.2055, 59.589, 74.5041, 43.137, 63.2192, 64.4247, 58.3096],
  rx: [1, 1, 1, 2, 1, 1, 2, 2, 1, 2, 1, 2, 2, 2, 1, 1, 1, 1, 2, 2, 2, 1, 1, 2, 2, 2],
  ecog: [1, 1, 2, 1, 1, 2, 2, 2, 1, 2, 2, 1, 2, 1, 1, 2, 2, 1, 1, 1, 2, 2, 1, 2, 1, 1],
};

const TIE_G = [0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 1]; // tie_group - 1

describe('coxPH against R coxph(ties = "efron")', () => {
  it('aml, single binary treated flag', () => {
    // Cox aml ~ x  coxph(Surv(time, status) ~ x, ties = 'efron')
    const r = {
      coef: [0.915532575015],
      se: [0.511934275172],
      hr: [2.49810532617],
      hr_low: [0.915907257436],
      hr_high: [6.81349576606],
      z: [1.78837913267],
      p: [0.073714860639],
      loglik: [-42.7248392628, -41.0326155965],
      lr_test: [3.3844473326, 1, 0.0658142401623],
      wald_test: [3.19829992216, 1, 0.073714860639],
      score_test: [3.41673439552, 1, 0.0645385617589],
      iter: [3],
      vcov: [0.262076702096],
    };
    const fit = coxPH(AML_TIME, AML_STATUS, AML_X);
    expectMatchesR(fit, r);
    expect(fit.coefficients[0].name).toBe('x');
    expect(fit).toMatchObject({ n: 23, n_event: 18 });
  });

  it('aml at level 0.90: summary(fit, conf.int = 0.90)', () => {
    // Cox aml ~ x at level 0.90: summary(fit, conf.int = 0.90)$conf.int
    const r = {
      hr_low_90: [1.07624230374],
      hr_high_90: [5.79844352797],
    };
    const hr = coxPH(AML_TIME, AML_STATUS, AML_X, { level: 0.9 }).coefficients[0].hazard_ratio;
    expectClose(hr.ci_low, r.hr_low_90[0], 'hr_low_90');
    expectClose(hr.ci_high, r.hr_high_90[0], 'hr_high_90');
  });

  it('ovarian, three covariates given as rows', () => {
    // Cox ovarian ~ age + rx + ecog.ps  coxph(Surv(futime, fustat) ~ age + rx + ecog.ps, ties = 'efron')
    const r = {
      coef: [0.146989256212, -0.814584764008, 0.103179602128],
      se: [0.0463020480369, 0.634161024896, 0.606377104738],
      hr: [1.15834151799, 0.442823165307, 1.10869051437],
      hr_low: [1.05785038421, 0.127770763195, 0.337801212839],
      hr_high: [1.26837886748, 1.53472007859, 3.63881066715],
      z: [3.17457353279, -1.28450777015, 0.17015748339],
      p: [0.00150056864859, 0.198964346594, 0.864886287381],
      loglik: [-34.9849403712, -27.0273583258],
      lr_test: [15.9151640908, 3, 0.0011803136992],
      wald_test: [13.3210903082, 3, 0.0039912620117],
      score_test: [18.7038086845, 3, 0.000314786901003],
      iter: [5],
      vcov: [0.00214387965241, 0.00453699915673, -0.00108471928139, 0.00453699915673, 0.402160205497, -0.0381110260014, -0.00108471928139, -0.0381110260014, 0.367693193151],
    };
    const rows = OVARIAN.age.map((a, i) => [a, OVARIAN.rx[i], OVARIAN.ecog[i]]);
    const fit = coxPH(OVARIAN.futime, OVARIAN.fustat, rows, { names: ['age', 'rx', 'ecog.ps'] });
    expectMatchesR(fit, r);
    expect(fit.coefficients.map((c) => c.name)).toEqual(['age', 'rx', 'ecog.ps']);
  });

  it('lung subset, two covariates with tied event times', () => {
    // Cox lung subset ~ sex + age  coxph(Surv(time, event) ~ sex + age, ties = 'efron')
    const r = {
      coef: [-0.09919516532, 0.00409910543389],
      se: [0.28237861471, 0.0187316130224],
      hr: [0.905565955707, 1.00410751826],
      hr_low: [0.520665707128, 0.967911925922],
      hr_high: [1.57500232665, 1.04165666443],
      z: [-0.35128426925, 0.218833553148],
      p: [0.725375095219, 0.826779708646],
      loglik: [-182.742069392, -182.662514097],
      lr_test: [0.159110590841, 2, 0.923526951746],
      wald_test: [0.15827399848, 2, 0.923913340349],
      score_test: [0.1583481384, 2, 0.923879091553],
      iter: [3],
      vcov: [0.0797376820454, -0.000495549231452, -0.000495549231452, 0.000350873326423],
    };
    const rows = LUNG.sex.map((s, i) => [s, LUNG.age[i]]);
    expectMatchesR(coxPH(LUNG.time, LUNG.event, rows), r);
  });

  it('tied times and censoring at event times', () => {
    // Cox ties ~ group  coxph(Surv(time, event) ~ g, ties = 'efron')
    const r = {
      coef: [0.234221785814],
      se: [0.734554737365],
      hr: [1.26392478171],
      hr_low: [0.299548468212],
      hr_high: [5.33304631253],
      z: [0.318862262946],
      p: [0.749830961537],
      loglik: [-15.9729126411, -15.9212046167],
      lr_test: [0.103416048756, 1, 0.747768126142],
      wald_test: [0.101673142731, 1, 0.749830961537],
      score_test: [0.102123242698, 1, 0.749296385881],
      iter: [3],
      vcov: [0.539570662186],
    };
    expectMatchesR(coxPH(TIE_TIME, TIE_EVENT, TIE_G), r);
  });

  it('all events at one time: coefficient 0 (to rounding), finite SE', () => {
    // Cox all events at one time  coxph(Surv(time, event) ~ x, ties = 'efron')
    const r = {
      coef: [-1.85037170771e-16],
      se: [0.912870929175],
      hr: [1],
      hr_low: [0.167094769796],
      hr_high: [5.98462777275],
      z: [-2.02698064816e-16],
      p: [1],
      loglik: [-4.78749174278, -4.78749174278],
      lr_test: [-0, 1, 1],
      wald_test: [4.10865054803e-32, 1, 1],
      score_test: [4.10865054803e-32, 1, 1],
      iter: [1],
      vcov: [0.833333333333],
    };
    // R's coefficient is -1.85e-16 (rounding noise around 0): compare near zero absolutely
    expectMatchesR(coxPH([5, 5, 5, 5, 5], [1, 1, 1, 1, 1], [0, 0, 1, 1, 1]), r, 1e-9);
  });

  it('100,000 subjects, two covariates, typed arrays', () => {
    // i = 1..100000; g = i %% 2; time = (i * 7919) %% 1009 + 1 + g * ((i * 31) %% 200);
    // event = as.integer((i * 13) %% 10 < 7); x2 = i %% 5
    // Cox large deterministic ~ g + x2  coxph(Surv(time, event) ~ g + x2, ties = 'efron')
    const r = {
      coef: [-0.721494285482, -0.14603525075],
      se: [0.00801693341977, 0.00270549239187],
      hr: [0.486025452292, 0.864127241514],
      hr_low: [0.478448268256, 0.859557189388],
      hr_high: [0.493722636172, 0.868721591472],
      z: [-89.9962925603, -53.9773281895],
      p: [0, 0],
      loglik: [-738037.569163, -732383.730878],
      lr_test: [11307.6765692, 2, 0],
      wald_test: [11032.6604069, 2, 0],
      score_test: [11396.3896259, 2, 0],
      iter: [3],
      vcov: [6.42712214571e-05, -4.40475443556e-08, -4.40475443556e-08, 7.31968908249e-06],
    };
    const n = 100000;
    const time = new Float64Array(n);
    const event = new Uint8Array(n);
    const rows: Float64Array[] = [];
    for (let i = 1; i <= n; i++) {
      const g = i % 2;
      time[i - 1] = ((i * 7919) % 1009) + 1 + g * ((i * 31) % 200);
      event[i - 1] = (i * 13) % 10 < 7 ? 1 : 0;
      rows.push(Float64Array.of(g, i % 5));
    }
    expectMatchesR(coxPH(time, event, rows), r);
  });
});

describe('coxPH degenerate input gives nulls with a reason', () => {
  function expectAllNull(fit: CoxResult, reason: RegExp): void {
    expect(fit.reason).toMatch(reason);
    expect(fit.converged).toBe(false);
    for (const c of fit.coefficients) {
      expect(c).toMatchObject({ coef: null, se: null, z: null, p_value: null });
      expect(c.hazard_ratio).toMatchObject({ estimate: null, ci_low: null, ci_high: null });
    }
    expect(fit.wald_test.statistic).toBeNull();
    expect(JSON.stringify(fit)).not.toMatch(/NaN|Infinity/);
  }

  it('treated group has no events (monotone likelihood; R warns and reports coef -22, se 21918)', () => {
    // Cox treated group has no events  coxph(Surv(time, event) ~ x, ties = 'efron')
    //   warning: Ran out of iterations and did not converge   coef -22.1103771759, se 21917.8536874
    const fit = coxPH([1, 2, 3, 4, 5, 6, 7, 8], [1, 1, 1, 1, 0, 0, 0, 0], [0, 0, 0, 0, 1, 1, 1, 1]);
    expectAllNull(fit, /x = 1 group has no events/);
  });

  it('monotone likelihood on a continuous covariate: no convergence', () => {
    // Every event has the largest covariate in its risk set, so b -> +infinity.
    const fit = coxPH([1, 2, 3, 4, 5, 6], [1, 1, 1, 1, 1, 0], [6, 5, 4, 3, 2.5, 1]);
    expectAllNull(fit, /monotone/);
  });

  it('constant covariate (R: coefficient NA)', () => {
    expectAllNull(coxPH([1, 2, 3, 4], [1, 1, 0, 1], [1, 1, 1, 1]), /constant/);
  });

  it('collinear covariates (R: second coefficient NA)', () => {
    const rows = TIE_G.map((g) => [g + 1, 2 * (g + 1)]);
    expectAllNull(coxPH(TIE_TIME, TIE_EVENT, rows), /singular/);
  });

  it('single subject (R: error)', () => {
    expectAllNull(coxPH([3], [1], [1]), /fewer than two subjects/);
  });

  it('no events', () => {
    expectAllNull(coxPH([1, 2, 3], [0, 0, 0], [0, 1, 1]), /no events/);
  });

  it('no subjects', () => {
    expectAllNull(coxPH([], [], []), /no subjects/);
  });
});

describe('coxPH bad arguments throw RangeError', () => {
  it.each([
    ['covariate length differs', () => coxPH([1, 2], [1, 0], [1])],
    ['ragged rows', () => coxPH([1, 2], [1, 0], [[1, 2], [1]])],
    ['NaN covariate', () => coxPH([1, 2], [1, 0], [1, Number.NaN])],
    ['names of wrong length', () => coxPH([1, 2], [1, 0], [0, 1], { names: ['a', 'b'] })],
    ['event flag -1', () => coxPH([1, 2], [1, -1], [0, 1])],
    ['level 2', () => coxPH([1, 2], [1, 0], [0, 1], { level: 2 })],
    ['maxIterations 0', () => coxPH([1, 2], [1, 0], [0, 1], { maxIterations: 0 })],
  ])('%s', (_label, f) => {
    expect(f).toThrow(RangeError);
  });
});

describe('coxPH: the one-covariate path', () => {
  // One covariate without entry times takes evaluateOne; entry times of 0, before every time (everyone
  // at risk from the start, nobody leaves) take the general evaluate over the same sums in the
  // same order. The two must agree to the last digit.
  it('gives the digits of the general path', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 1 }), fc.constantFrom(0, 1, 2.5, -1)), { minLength: 2, maxLength: 80 }),
        (rows) => {
          const time = rows.map((r) => r[0]);
          const event = rows.map((r) => r[1]);
          const x = rows.map((r) => r[2]);
          const fast = coxPH(time, event, x);
          const general = coxPH(time, event, x, { entry: time.map(() => 0) });
          expect(fast).toEqual(general);
        },
      ),
      { numRuns: 300 },
    );
  });
});
