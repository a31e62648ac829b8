import { describe, expect, it } from 'vitest';
import { kaplanMeier, kaplanMeierWeighted } from '../../src/stats/kaplan-meier.js';
import { expectClose } from './expect-close.js';

// R (test/stats/r/weighted-km.R, survival 3.5.3):
// f <- survfit(Surv(time, event) ~ 1, weights = w, conf.type = "log-log"); summary(f, censored = TRUE); print(f)
const time = [5, 8, 8, 12, 15, 20, 20, 25, 30, 30, 3, 9];
const event = [1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0];
const w = [1, 0.5, 1.5, 1, 2, 0.5, 1, 1, 0.25, 1, 1.75, 1];
const R = [
  // time, n.risk, n.event, n.censor, surv, std.err, lower, upper
  [3, 12.5, 1.75, 0.0, 0.86, 0.1268990, 0.35836193, 0.9780774],
  [5, 10.75, 1.0, 0.0, 0.78, 0.1395616, 0.36090265, 0.9412248],
  [8, 9.75, 0.5, 1.5, 0.74, 0.1418314, 0.35048862, 0.9171571],
  [9, 7.75, 0.0, 1.0, 0.74, 0.1418314, 0.35048862, 0.9171571],
  [12, 6.75, 1.0, 0.0, 0.6303704, 0.1617, 0.25364254, 0.8562276],
  [15, 5.75, 0.0, 2.0, 0.6303704, 0.1617, 0.25364254, 0.8562276],
  [20, 3.75, 1.5, 0.0, 0.3782222, 0.1787939, 0.08034559, 0.6873482],
  [25, 2.25, 0.0, 1.0, 0.3782222, 0.1787939, 0.08034559, 0.6873482],
  [30, 1.25, 0.25, 1.0, 0.3025778, 0.1847859, 0.0386318, 0.6445508],
];

describe('kaplanMeierWeighted = R survfit(weights =) with its default robust variance', () => {
  const km = kaplanMeierWeighted(time, event, w);
  it('has R table: weighted counts, survival, robust std.err and log-log limits', () => {
    expect(km.table.length).toBe(R.length);
    km.table.forEach((row, i) => {
      const [t, nr, ne, nc, s, se, lo, hi] = R[i];
      expect(row.time).toBe(t);
      expectClose(row.n_risk, nr, 1e-12);
      expectClose(row.n_event, ne, 1e-12);
      expectClose(row.n_censor, nc, 1e-12);
      expectClose(row.survival, s, 1e-6);
      expectClose(row.std_err, se, 1e-6);
      expectClose(row.ci_low, lo, 1e-6);
      expectClose(row.ci_high, hi, 1e-6);
    });
  });
  it('has R median 20, lower limit 3, upper limit not reached (NA)', () => {
    expect(km.median.estimate).toBe(20);
    expect(km.median.ci_low).toBe(3);
    expect(km.median.ci_high).toBeNull();
  });
  it('runs the @example (R: survfit(Surv(c(3,5,8), c(1,1,0)) ~ 1, weights = c(1.75, 1, 1.5))$surv)', () => {
    expect(kaplanMeierWeighted([3, 5, 8], [1, 1, 0], [1.75, 1, 1.5]).table.map((r) => r.survival.toFixed(6))).toEqual(['0.588235', '0.352941', '0.352941']);
  });
  it('with every weight 1 gives the unweighted survival and median', () => {
    const a = kaplanMeierWeighted(time, event, time.map(() => 1));
    const b = kaplanMeier(time, event);
    a.table.forEach((r, i) => expectClose(r.survival, b.table[i].survival, 1e-12));
    expect(a.median.estimate).toBe(b.median.estimate);
  });
  it('no subjects: null median with a reason; bad weights throw', () => {
    expect(kaplanMeierWeighted([], [], []).median.reason).toMatch(/no subjects/);
    expect(() => kaplanMeierWeighted([1], [1], [-1])).toThrow(RangeError);
  });
});
