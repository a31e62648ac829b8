import { describe, expect, it } from 'vitest';
import {
  assertCount,
  assertExposure,
  assertLevel,
  assertSuccesses,
  emptyGroupReason,
  normalCritical,
  nullEstimate,
  zeroCellReason,
  zeroExposureReason,
} from '../../src/stats/validate.js';
import { expectClose } from './expect-close.js';

describe('validate', () => {
  it('normalCritical matches qnorm((1 + level) / 2)', () => {
    expectClose(normalCritical(0.95), 1.95996398454005, 1e-13); // qnorm(0.975)
    expectClose(normalCritical(0.9), 1.64485362695147, 1e-13); // qnorm(0.95)
    expectClose(normalCritical(0.99), 2.5758293035489, 1e-13); // qnorm(0.995)
  });

  it('assertCount accepts non-negative integers and rejects the rest with a clear message', () => {
    expect(() => assertCount(0, 'x')).not.toThrow();
    expect(() => assertCount(2.5, 'x')).toThrow(new RangeError('x must be a non-negative integer count; got 2.5'));
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, '3' as unknown as number]) {
      expect(() => assertCount(bad, 'n')).toThrow(RangeError);
    }
  });

  it('assertSuccesses rejects x > n', () => {
    expect(() => assertSuccesses(11, 10)).toThrow(new RangeError('x (11) cannot exceed n (10)'));
  });

  it('assertLevel requires 0 < level < 1', () => {
    expect(() => assertLevel(0.5)).not.toThrow();
    for (const bad of [0, 1, -0.1, 95, Number.NaN]) expect(() => assertLevel(bad)).toThrow(RangeError);
  });

  it('assertExposure accepts 0 and rejects negative or non-finite values', () => {
    expect(() => assertExposure(0, 't')).not.toThrow();
    expect(() => assertExposure(-1, 't')).toThrow(RangeError);
    expect(() => assertExposure(Number.POSITIVE_INFINITY, 't')).toThrow(RangeError);
  });

  it('names empty groups, zero cells and zero exposure in words', () => {
    expect(emptyGroupReason(5, 5)).toBeUndefined();
    expect(emptyGroupReason(0, 5)).toMatch(/treated group is empty/);
    expect(zeroCellReason(1, 2, 1, 2)).toBeUndefined();
    expect(zeroCellReason(0, 2, 2, 2)).toBe('no events in the treated group; everyone in the comparison group had the event');
    expect(zeroExposureReason(0, 1)).toMatch(/treated group/);
    expect(nullEstimate('m', 'why')).toEqual({ estimate: null, ci_low: null, ci_high: null, method: 'm', reason: 'why' });
  });
});
