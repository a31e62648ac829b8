/**
 * One follow-up row from its counts (followupRowFromCounts), the builder shared by the engine and
 * `followup --from-counts`. The intervals are R's, from the calls named beside them.
 */
import { describe, expect, it } from 'vitest';
import { MEDIAN_NOT_FROM_COUNTS, NOT_FROM_COUNTS, followupRowFromCounts } from '../../src/measures/followup.js';

const counts = { n: 40, not_mature: 5, no_index: 2, reoffenders: 10, reoffences: 25, liberty_days: 13000 };

describe('followupRowFromCounts', () => {
  it('the @example: Wilson 95%, per person, per reoffender', () => {
    const row = followupRowFromCounts({ ciMethod: 'wilson', level: 0.95 }, 'treated', counts);
    expect(row).toMatchObject({ group: 'treated', n: 40, not_mature: 5, no_index: 2, reoffenders: 10, reoffences: 25, liberty_days: 13000, rate: 0.25, per_person: 0.625, per_reoffender: 2.5, rate_reason: null });
    // R: prop.test(10, 40, correct = FALSE)$conf.int -> 0.141871186390963 0.401939614207680
    expect(row.ci_low).toBeCloseTo(0.141871186390963, 12);
    expect(row.ci_high).toBeCloseTo(0.40193961420768, 12);
  });
  it('the interval follows --ci-method and --level', () => {
    const cp = followupRowFromCounts({ ciMethod: 'clopper-pearson', level: 0.9 }, null, counts);
    // R: binom.test(10, 40, conf.level = 0.9)$conf.int -> 0.142369882857021 0.387060240092018
    expect(cp.ci_low).toBeCloseTo(0.142369882857021, 12);
    expect(cp.ci_high).toBeCloseTo(0.387060240092018, 12);
    const jeffreys = followupRowFromCounts({ ciMethod: 'jeffreys', level: 0.9 }, null, counts);
    // R: qbeta(c(0.05, 0.95), 10.5, 30.5) -> 0.152387118654662 0.373485247674268
    expect(jeffreys.ci_low).toBeCloseTo(0.152387118654662, 12);
    expect(jeffreys.ci_high).toBeCloseTo(0.373485247674268, 12);
  });
  it('without person-level fields: survival, median and charge diagnostics null, the median with its reason', () => {
    const row = followupRowFromCounts({ ciMethod: 'wilson', level: 0.95 }, 'a', counts);
    expect(row).toMatchObject(NOT_FROM_COUNTS);
    expect(row.median_days_to_first_reason).toBe(MEDIAN_NOT_FROM_COUNTS);
    for (const k of ['survival_n', 'survival_events', 'median_days_to_first', 'median_ci_low', 'median_ci_high', 'index_day_charges', 'stood_in_charges', 'charged_after_waiting'] as const) expect(row[k]).toBeNull();
  });
  it('n = 0: every figure null with a reason, never NaN', () => {
    const row = followupRowFromCounts({ ciMethod: 'wilson', level: 0.95 }, 'a', { n: 0, not_mature: 3, no_index: 0, reoffenders: 0, reoffences: 0, liberty_days: 0 });
    expect(row).toMatchObject({ rate: null, ci_low: null, ci_high: null, per_person: null, per_reoffender: null });
    expect([row.rate_reason, row.per_person_reason, row.per_reoffender_reason]).toEqual(['no mature people (n = 0)', 'no mature people (n = 0)', 'no mature people (n = 0)']);
  });
  it('no reoffenders: rate 0 with its interval, per reoffender null with a reason', () => {
    const row = followupRowFromCounts({ ciMethod: 'wilson', level: 0.95 }, 'a', { n: 7, not_mature: 0, no_index: 0, reoffenders: 0, reoffences: 0, liberty_days: 2555 });
    expect(row).toMatchObject({ rate: 0, ci_low: 0, per_person: 0, per_reoffender: null, per_reoffender_reason: 'no reoffenders' });
    // R: prop.test(0, 7, correct = FALSE)$conf.int -> 0 0.354330435066687
    expect(row.ci_high).toBeCloseTo(0.354330435066687, 12);
  });
  it('keeps the field order of the native rows (JSON and CSV columns)', () => {
    expect(Object.keys(followupRowFromCounts({ ciMethod: 'wilson', level: 0.95 }, null, counts))).toEqual([
      'group', 'n', 'not_mature', 'no_index', 'reoffenders', 'rate', 'ci_low', 'ci_high', 'rate_reason', 'reoffences', 'per_person', 'per_person_reason', 'per_reoffender', 'per_reoffender_reason',
      'survival_n', 'survival_events', 'median_days_to_first', 'median_ci_low', 'median_ci_high', 'median_days_to_first_reason', 'liberty_days', 'index_day_charges', 'stood_in_charges', 'charged_after_waiting',
    ]);
  });
});
