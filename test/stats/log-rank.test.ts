/**
 * Log-rank test: every expected number comes from R (survival 3.5-3)
 * `survdiff(Surv(time, event) ~ group)`, produced by test/stats/r/survival.R and pasted here
 * as literals. Tolerance: 1e-6 relative (1e-12 absolute near zero).
 */
import { describe, expect, it } from 'vitest';
import { logRank, type LogRankResult } from '../../src/stats/log-rank.js';
import { AML_TIME, AML_STATUS, AML_X, TIE_TIME, TIE_EVENT, LUNG } from './survival-data.js';

function expectClose(actual: number | null | undefined, expected: number | null, label = ''): void {
  if (expected === null) {
    expect(actual, `${label}: expected null`).toBeNull();
    return;
  }
  expect(actual, `${label}: expected ${expected}, got null`).not.toBeNull();
  const a = actual as number;
  const tol = Math.max(1e-12, 1e-6 * Math.abs(expected));
  expect(Math.abs(a - expected), `${label}: ${a} vs R ${expected}`).toBeLessThanOrEqual(tol);
}

interface RSurvdiff {
  n: number[];
  observed: number[];
  expected: number[];
  chisq: number[];
  df: number[];
  p: number[];
  var: number[];
}

function expectMatchesR(r: LogRankResult, ref: RSurvdiff): void {
  expect(r.groups.map((g) => g.n)).toEqual(ref.n);
  expect(r.groups.map((g) => g.observed)).toEqual(ref.observed);
  ref.expected.forEach((e, i) => expectClose(r.groups[i].expected, e, `expected[${i}]`));
  expectClose(r.statistic, ref.chisq[0], 'chisq');
  expect(r.df).toBe(ref.df[0]);
  expectClose(r.p_value, ref.p[0], 'p');
  // R's var is a column-major G x G matrix (symmetric)
  const G = ref.n.length;
  for (let g = 0; g < G; g++) for (let h = 0; h < G; h++) expectClose(r.variance[g][h], ref.var[g * G + h], `var[${g}][${h}]`);
  expect(r.reason).toBeUndefined();
}

// survival::aml (x: 0 = Maintained, 1 = Nonmaintained)

const TIE_GROUP = [1, 2, 1, 2, 1, 1, 2, 2, 1, 2, 1, 1, 2, 2];

describe('logRank against R survdiff', () => {
  it('aml, two groups (textbook chisq 3.4, p 0.0653)', () => {
    // log-rank aml by x  survdiff(Surv(time, event) ~ group)
    const ref = {
      n: [11, 12],
      observed: [7, 11],
      expected: [10.6893359923, 7.3106640077],
      chisq: [3.39638869898],
      df: [1],
      p: [0.0653393220405],
      var: [4.00755074594, -4.00755074594, -4.00755074594, 4.00755074594],
    };
    const r = logRank(AML_TIME, AML_STATUS, AML_X);
    expectMatchesR(r, ref);
    expect(r.groups.map((g) => g.group)).toEqual([0, 1]);
    expect(r.n).toBe(23);
    expect(r.n_event).toBe(18);
  });

  it('lung subset, three groups (df 2)', () => {
    // log-rank lung subset by ecog (3 groups)  survdiff(Surv(time, event) ~ group)
    const ref = {
      n: [15, 25, 19],
      observed: [14, 23, 19],
      expected: [13.5416269069, 31.2565438865, 11.2018292066],
      chisq: [7.8190207463],
      df: [2],
      p: [0.0200503158316],
      var: [10.0958561806, -7.45141265312, -2.64444352745, -7.45141265312, 13.5397434895, -6.08833083642, -2.64444352745, -6.08833083642, 8.73277436386],
    };
    expectMatchesR(logRank(LUNG.time, LUNG.event, LUNG.ecog), ref);
  });

  it('tied times and censoring at event times', () => {
    // log-rank ties  survdiff(Surv(time, event) ~ group)
    const ref = {
      n: [7, 7],
      observed: [3, 5],
      expected: [3.47676767677, 4.52323232323],
      chisq: [0.131864657552],
      df: [1],
      p: [0.716506478631],
      var: [1.72379333349, -1.72379333349, -1.72379333349, 1.72379333349],
    };
    expectMatchesR(logRank(TIE_TIME, TIE_EVENT, TIE_GROUP), ref);
  });

  it('a group with no events still gives a test (as R)', () => {
    // log-rank group 2 has no events  survdiff(Surv(time, event) ~ group)
    const ref = {
      n: [3, 5],
      observed: [3, 0],
      expected: [0.860714285714, 2.13928571429],
      chisq: [7.64724312112],
      df: [1],
      p: [0.00568591492503],
      var: [0.598456632653, -0.598456632653, -0.598456632653, 0.598456632653],
    };
    expectMatchesR(logRank([1, 2, 3, 4, 5, 6, 2, 3], [1, 1, 1, 0, 0, 0, 0, 0], [1, 1, 1, 2, 2, 2, 2, 2]), ref);
  });

  it('a group never at risk at an event time drops out of the test and the df', () => {
    // log-rank group 3 censored before first event  survdiff(Surv(time, event) ~ group)
    const ref = {
      n: [3, 3, 2],
      observed: [2, 2, 0],
      expected: [0.9, 3.1, 0],
      chisq: [2.4693877551],
      df: [1],
      p: [0.116083133739],
      var: [0.49, -0.49, 0, -0.49, 0.49, 0, 0, 0, 0],
    };
    expectMatchesR(logRank([2, 3, 4, 5, 6, 7, 1, 1], [1, 1, 0, 1, 1, 0, 0, 0], [1, 1, 1, 2, 2, 2, 3, 3]), ref);
  });

  it('string labels are ordered like R factor levels and give the same test', () => {
    const labels = AML_X.map((x) => (x === 0 ? 'Maintained' : 'Nonmaintained'));
    const r = logRank(AML_TIME, AML_STATUS, labels);
    expect(r.groups.map((g) => g.group)).toEqual(['Maintained', 'Nonmaintained']);
    // same R call as the aml case: chisq 3.39638869898, p 0.0653393220405
    expectClose(r.statistic, 3.39638869898, 'chisq');
    expectClose(r.p_value, 0.0653393220405, 'p');
  });

  it('100,000 subjects, two and five groups, typed arrays', () => {
    // i = 1..100000; g = i %% 2; time = (i * 7919) %% 1009 + 1 + g * ((i * 31) %% 200);
    // event = as.integer((i * 13) %% 10 < 7); x2 = i %% 5
    const n = 100000;
    const time = new Float64Array(n);
    const event = new Uint8Array(n);
    const g2 = new Int32Array(n);
    const g5 = new Int32Array(n);
    for (let i = 1; i <= n; i++) {
      const g = i % 2;
      time[i - 1] = ((i * 7919) % 1009) + 1 + g * ((i * 31) % 200);
      event[i - 1] = (i * 13) % 10 < 7 ? 1 : 0;
      g2[i - 1] = g;
      g5[i - 1] = i % 5;
    }
    // log-rank large deterministic, by i %% 2  survdiff(Surv(time, event) ~ group)
    const ref2 = {
      n: [50000, 50000],
      observed: [40000, 30000],
      expected: [28404.0863609, 41595.9136391],
      chisq: [8442.79294003],
      df: [1],
      p: [0],
      var: [15926.6268972, -15926.6268972, -15926.6268972, 15926.6268972],
    };
    expectMatchesR(logRank(time, event, g2), ref2);
    // log-rank large deterministic, by i %% 5  survdiff(Surv(time, event) ~ group)
    const ref5 = {
      n: [20000, 20000, 20000, 20000, 20000],
      observed: [20000, 10000, 20000, 10000, 10000],
      expected: [14002.1663399, 13865.2765461, 14052.7064405, 13940.2159936, 14139.63468],
      chisq: [8510.51957105],
      df: [4],
      p: [0],
      var: [11173.3684922, -2766.77429461, -2803.79729968, -2781.52979703, -2821.26710083, -2766.77429461, 11090.7552025, -2776.38568624, -2755.14680654, -2792.44841515, -2803.79729968, -2776.38568624, 11203.3282778, -2791.4381787, -2831.70711323, -2781.52979703, -2755.14680654, -2791.4381787, 11136.101994, -2807.98721178, -2821.26710083, -2792.44841515, -2831.70711323, -2807.98721178, 11253.409841],
    };
    expectMatchesR(logRank(time, event, g5), ref5);
  });
});

describe('logRank degenerate input gives null statistic with a reason', () => {
  it('all events at one time: singular variance (R: "system is exactly singular")', () => {
    // log-rank all events at one time  survdiff(Surv(time, event) ~ group)
    //   error: Lapack routine dgesv: system is exactly singular: U[1,1] = 0
    const r = logRank([3, 3, 3, 3], [1, 1, 1, 1], [1, 1, 2, 2]);
    expect(r).toMatchObject({ statistic: null, p_value: null, df: null });
    expect(r.reason).toMatch(/singular/);
    expect(r.groups.map((g) => [g.observed, g.expected])).toEqual([
      [2, 2],
      [2, 2],
    ]);
  });

  it('a single subject (one group)', () => {
    const r = logRank([5], [1], ['a']);
    expect(r).toMatchObject({ statistic: null, p_value: null });
    expect(r.reason).toMatch(/only one group/);
  });

  it('no subjects', () => {
    const r = logRank([], [], []);
    expect(r).toMatchObject({ statistic: null, p_value: null, reason: 'no subjects', groups: [] });
  });

  it('all censored (no events)', () => {
    const r = logRank([1, 2, 3, 4], [0, 0, 0, 0], [1, 1, 2, 2]);
    expect(r).toMatchObject({ statistic: null, p_value: null, reason: 'no events in any group' });
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });

  it('only one group has subjects at risk at event times', () => {
    const r = logRank([5, 6, 1, 2], [1, 1, 0, 0], [1, 1, 2, 2]);
    expect(r.statistic).toBeNull();
    expect(r.reason).toMatch(/fewer than two groups/);
  });
});

describe('logRank bad arguments throw RangeError', () => {
  it.each([
    ['group length differs', () => logRank([1, 2], [1, 0], [1])],
    ['time/event lengths differ', () => logRank([1, 2], [1], [1, 2])],
    ['mixed label types', () => logRank([1, 2], [1, 0], [1, 'b'] as (string | number)[])],
    ['NaN label', () => logRank([1, 2], [1, 0], [1, Number.NaN])],
    ['event flag 3', () => logRank([1, 2], [3, 0], [1, 2])],
  ])('%s', (_label, f) => {
    expect(f).toThrow(RangeError);
  });
});
