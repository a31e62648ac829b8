import { describe, expect, it } from 'vitest';
import { clopperPearson } from '../../src/stats/clopper-pearson.js';
import { expectClose, expectNullEstimate } from './expect-close.js';

// [x, n, level, ci_low, ci_high], printed by test/stats/r/proportions.R with the call shown.
const R_CASES: Array<[number, number, number, number, number]> = [
  [12, 40, 0.95, 0.165627204393, 0.465316285254], // binom.test(12, 40, conf.level = 0.95)$conf.int
  [0, 10, 0.95, 0, 0.308497107819], // binom.test(0, 10, conf.level = 0.95)$conf.int
  [10, 10, 0.95, 0.691502892181, 1], // binom.test(10, 10, conf.level = 0.95)$conf.int
  [0, 1, 0.95, 0, 0.975], // binom.test(0, 1, conf.level = 0.95)$conf.int
  [1, 1, 0.95, 0.025, 1], // binom.test(1, 1, conf.level = 0.95)$conf.int
  [1, 2, 0.95, 0.0125791170934, 0.987420882907], // binom.test(1, 2, conf.level = 0.95)$conf.int
  [3, 17, 0.9, 0.0498981545574, 0.395641433445], // binom.test(3, 17, conf.level = 0.9)$conf.int
  [5, 1000, 0.99, 0.0010795066098, 0.0140851481753], // binom.test(5, 1000, conf.level = 0.99)$conf.int
  [1, 25, 0.8, 0.0042055524182, 0.146867196149], // binom.test(1, 25, conf.level = 0.8)$conf.int
  [29, 30, 0.95, 0.827830544367, 0.999156429073], // binom.test(29, 30, conf.level = 0.95)$conf.int
  [37811, 120000, 0.95, 0.312463589329, 0.317728682337], // binom.test(37811, 120000, conf.level = 0.95)$conf.int
];

describe('clopperPearson', () => {
  it.each(R_CASES)('clopperPearson(%s, %s, level %s) matches R', (x, n, level, low, high) => {
    const r = clopperPearson(x, n, level);
    expect(r.method).toBe('clopper-pearson');
    expectClose(r.estimate, x / n);
    expectClose(r.ci_low, low, 1e-6, 'ci_low');
    expectClose(r.ci_high, high, 1e-6, 'ci_high');
    expect(r.reason).toBeUndefined();
  });

  it('uses level 0.95 by default', () => {
    expect(clopperPearson(12, 40)).toEqual(clopperPearson(12, 40, 0.95));
  });

  it('has closed forms at the edges: x = 0 gives [0, 1 - (α/2)^(1/n)], x = n gives [(α/2)^(1/n), 1]', () => {
    // binom.test(0, 10)$conf.int[2] = 1 - 0.025^(1/10) = 0.308497107819 (listed above)
    const r0 = clopperPearson(0, 10);
    expect(r0.ci_low).toBe(0);
    expectClose(r0.ci_high, 0.308497107819);
    const rn = clopperPearson(10, 10);
    expect(rn.ci_high).toBe(1);
    expectClose(rn.ci_low, 0.691502892181);
  });

  it('returns null estimate and bounds, with a reason, when n = 0', () => {
    expectNullEstimate(clopperPearson(0, 0), /n = 0/);
  });

  it.each([
    [11, 10],
    [-1, 10],
    [1.5, 10],
  ])('throws RangeError for x = %s, n = %s', (x, n) => {
    expect(() => clopperPearson(x, n)).toThrow(RangeError);
  });

  it.each([0, 1, 2])('throws RangeError for level %s', (level) => {
    expect(() => clopperPearson(3, 10, level)).toThrow(RangeError);
  });
});
