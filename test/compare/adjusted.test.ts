/**
 * Harrell's concordance and the adjusted Cox model (numeric and categorical covariates) against
 * R: every expected number comes from test/stats/r/counting-process.R (survival 3.5-3):
 * `coxph(...)`, then `concordance(fit)$concordance` and `$count` (concordant, discordant,
 * tied.x, tied.y, tied.xy).
 */
import { describe, expect, it } from 'vitest';
import { concordance } from '../../src/stats/concordance.js';
import { coxPH } from '../../src/stats/cox.js';
import { adjustedHazardRatio, covariateDesign } from '../../src/compare/adjusted.js';
import { GAPS, HEART, LUNG } from '../stats/survival-data.js';

const close = (a: number | null, e: number, rel = 1e-6) => {
  expect(a).not.toBeNull();
  expect(Math.abs((a as number) - e)).toBeLessThanOrEqual(Math.max(1e-12, rel * Math.abs(e)));
};

/** Linear predictor of a fit on rows X (uncentred: the differences are what matter). */
const lp = (X: number[][], beta: (number | null)[]) => X.map((r) => r.reduce((s, v, k) => s + v * (beta[k] as number), 0));

describe("concordance against R concordance(coxph(...))", () => {
  it('heart ~ transplant (counting process, ties in the score)', () => {
    const fit = coxPH(HEART.stop, HEART.event, HEART.transplant, { entry: HEART.start });
    const c = concordance(HEART.stop, HEART.event, lp(HEART.transplant.map((v) => [v]), [fit.coefficients[0].coef]), { entry: HEART.start });
    expect([c.concordant, c.discordant, c.tied_score, c.tied_time, c.tied_both]).toEqual([789, 684, 3046, 3, 13]);
    close(c.estimate, 0.511617614516);
  });
  it('heart ~ age + surgery + transplant', () => {
    const X = HEART.age.map((a, i) => [a, HEART.surgery[i], HEART.transplant[i]]);
    const fit = coxPH(HEART.stop, HEART.event, X, { entry: HEART.start });
    const c = concordance(HEART.stop, HEART.event, lp(X, fit.coefficients.map((k) => k.coef)), { entry: HEART.start });
    expect([c.concordant, c.discordant, c.tied_score, c.tied_time, c.tied_both]).toEqual([2710, 1808, 1, 16, 0]);
    close(c.estimate, 0.599800840894);
  });
  it('degenerate: no events gives null with a reason', () => {
    const c = concordance([1, 2], [0, 0], [1, 2]);
    expect(c.estimate).toBeNull();
    expect(c.reason).toMatch(/no comparable pairs/);
  });
});

describe('adjusted hazard ratio: covariate design and Cox against R', () => {
  it('gaps ~ group + age + sex: sex categorical with reference F (R: coxph(Surv(start, stop, event) ~ group + age + sex))', () => {
    const design = covariateDesign(GAPS.age.map((a, i) => [String(a), GAPS.sex[i]]), ['age', 'sex']);
    expect(design.terms).toEqual(['age', 'sex=M', 'sex=X']);
    expect(design.reference).toEqual({ sex: 'F' });
    // one "person" per row here: the design is by person, and each row is its own person
    const res = adjustedHazardRatio(
      { entry: GAPS.start, stop: GAPS.stop, event: GAPS.event, treated: GAPS.group, person: GAPS.stop.map((_, i) => i) },
      design,
      ['age', 'sex'],
      0.95,
    );
    const want = { coef: [0.176260546771, -0.013375949473, -0.045152095288, -0.567558338842], hr: [1.19274878501, 0.986713111007, 0.955852090178, 0.566907947319], lo: [0.469760971082, 0.946686939203, 0.360253826209, 0.0715294182046], hi: [3.02845436664, 1.02843159984, 2.53613744484, 4.49304116824], p: [0.710821745654, 0.526681654393, 0.927737538089, 0.591015182901] };
    close(res.hazard_ratio.estimate, want.hr[0]);
    close(res.hazard_ratio.ci_low, want.lo[0]);
    close(res.hazard_ratio.ci_high, want.hi[0]);
    close(res.hazard_ratio.p_value, want.p[0], 1e-5);
    expect(res.hazard_ratio.p_value_test).toBe('Wald');
    ['age', 'sex=M', 'sex=X'].forEach((t, k) => {
      close(res.terms[t].coef, want.coef[k + 1]);
      close(res.terms[t].estimate, want.hr[k + 1]);
      close(res.terms[t].ci_low, want.lo[k + 1]);
      close(res.terms[t].ci_high, want.hi[k + 1]);
    });
    close(res.concordance, 0.597444089457);
    expect(res.reference_levels).toBe('sex=F');
  });
  it('lung subset ~ sex + age + ecog with ecog as a category (reference 0): R coxph + concordance', () => {
    // ecog typed as labels so that it is read as a category, as R's factor(ecog)
    const design = covariateDesign(LUNG.age.map((a, i) => [String(a), `e${LUNG.ecog[i]}`]), ['age', 'ecog']);
    expect(design.terms).toEqual(['age', 'ecog=e1', 'ecog=e2']);
    const res = adjustedHazardRatio(
      { stop: LUNG.time, event: LUNG.event, treated: LUNG.sex, person: LUNG.time.map((_, i) => i) },
      design,
      ['age', 'ecog'],
      0.95,
    );
    const want = { coef: [-0.0145577116313, 0.00410937961625, -0.345778768479, 0.51172902772], hr: [0.985547739523, 1.00411783469, 0.707669028485, 1.66817302024], lo: [0.544356066465, 0.966700804236, 0.345442042087, 0.807767693212], hi: [1.78431803504, 1.04298312522, 1.44972352193, 3.44505140383] };
    // R's first term is sex (1/2); here it is the "treated" column with the same values: same coefficient
    close(res.hazard_ratio.estimate, want.hr[0]);
    close(res.hazard_ratio.ci_low, want.lo[0]);
    close(res.terms.age.coef, want.coef[1]);
    close(res.terms['ecog=e1'].estimate, want.hr[2]);
    close(res.terms['ecog=e2'].ci_high, want.hi[3]);
    close(res.concordance, 0.64352665495);
  });
  it('leaves out people with a missing covariate and counts them', () => {
    const design = covariateDesign([['30', 'M'], ['', 'F'], ['40', 'F'], ['50', '']], ['age', 'sex']);
    expect(design.rows).toEqual([[30, 1], null, [40, 0], null]);
    const res = adjustedHazardRatio({ stop: [1, 2, 3, 4], event: [1, 0, 1, 0], treated: [1, 0, 0, 1], person: [0, 1, 2, 3] }, design, ['age', 'sex'], 0.95);
    expect(res.excluded_missing).toBe(2);
    expect(res.n).toBe(2);
  });
});
