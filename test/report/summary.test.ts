/**
 * The report's plain-language sentences. Expected texts are worked by hand from the rule:
 * the difference is treated minus comparison, per 100 people, one decimal; below zero is
 * "fewer", above zero "more", and an interval that includes zero says so.
 */
import { describe, expect, it } from 'vitest';
import { differenceSentence, durationWords, endWords, latestQuarterSentences, ratesSentence } from '../../src/report/html/summary.js';

const t = { treated: 'IOM', comparison: 'comparison', within: '12 months', level: 0.95 };

describe('differenceSentence', () => {
  it('states a wholly negative interval as fewer, smaller bound first (the @example)', () => {
    expect(differenceSentence({ estimate: -0.1, ci_low: -0.15, ci_high: -0.05 }, { ...t, treated: 'treated' })).toBe(
      'For every 100 people like those in the treated group, between 5.0 and 15.0 fewer reoffended within 12 months than in the comparison group (best estimate 10.0 fewer; 95% confidence interval).',
    );
  });
  it('states a wholly positive interval as more', () => {
    expect(differenceSentence({ estimate: 0.062, ci_low: 0.021, ci_high: 0.1034 }, t)).toBe(
      'For every 100 people like those in the IOM group, between 2.1 and 10.3 more reoffended within 12 months than in the comparison group (best estimate 6.2 more; 95% confidence interval).',
    );
  });
  it('says when the interval crosses zero, naming both directions', () => {
    expect(differenceSentence({ estimate: -0.021, ci_low: -0.052, ci_high: 0.031 }, t)).toBe(
      'For every 100 people like those in the IOM group, the data are consistent with anything from 5.2 fewer to 3.1 more reoffending within 12 months than in the comparison group (best estimate 2.1 fewer; 95% confidence interval). The interval includes no difference, so these figures do not show that the groups differ.',
    );
  });
  it('treats a bound that rounds to 0.0 as touching zero, not as a direction', () => {
    // -0.0004 rounds to 0.0 per 100: the interval is not wholly below zero at the precision shown
    const s = differenceSentence({ estimate: -0.03, ci_low: -0.06, ci_high: -0.0004 }, { ...t, level: 0.9 });
    expect(s).toContain('anything from 6.0 fewer to no difference');
    expect(s).toContain('90% confidence interval');
    expect(s).toContain('The interval includes no difference');
  });
  it('says a suppressed or missing difference cannot be shown, with no number', () => {
    const s = differenceSentence({ estimate: null, ci_low: null, ci_high: null }, t);
    expect(s).toBe('The difference in reoffending between the IOM and comparison groups cannot be shown (suppressed or not estimable).');
  });
});

describe('endWords and durationWords', () => {
  it('words one end of the interval (the @example)', () => {
    expect(endWords(-0.052)).toBe('5.2 fewer');
    expect(endWords(0.15)).toBe('15.0 more');
    expect(endWords(0.00049)).toBe('no difference');
  });
  it('words durations', () => {
    expect(durationWords('12m')).toBe('12 months');
    expect(durationWords('1m')).toBe('1 month');
    expect(durationWords('365d')).toBe('365 days');
    expect(durationWords('2y')).toBe('2y');
  });
});

describe('ratesSentence', () => {
  it('gives both rates with their counts', () => {
    const row = { treated: { x: 269, n: 866, proportion: 269 / 866 }, comparison: { x: 293, n: 712, proportion: 293 / 712 } };
    expect(ratesSentence(row, { ...t, from: 'joining the cohort' })).toBe(
      'Within 12 months of joining the cohort, 31.1% of the IOM group (269 of 866) and 41.2% of the comparison group (293 of 712) were charged with a further offence.',
    );
  });
  it('never shows a suppressed side', () => {
    const row = { treated: { x: null, n: null, proportion: null }, comparison: { x: 293, n: 712, proportion: 293 / 712 } };
    const s = ratesSentence(row, { ...t, from: 'joining the cohort' });
    expect(s).toContain("the IOM group's figure is suppressed or not estimable");
    expect(s).not.toMatch(/null|NaN/);
  });
});

describe('latestQuarterSentences', () => {
  const base = { group: 'treated', provisional: false, eligible: 100, in_custody_whole_quarter: 10, at_risk: 90, desistance_unadjusted: 0.8, desistance: 0.7777777777777778, ci_low: 0.68, ci_high: 0.85, ci_low_unadjusted: 0.71, ci_high_unadjusted: 0.87 };
  it('reports the latest final quarter, adjusted and unadjusted, and what the adjustment did', () => {
    const rows = [
      { ...base, quarter: '2024Q3' },
      { ...base, quarter: '2024Q4' },
      { ...base, quarter: '2025Q1', provisional: true, desistance: 0.5 },
    ];
    // 77.78% - 80.0% = -2.2 points
    expect(latestQuarterSentences(rows, { custodyMode: 'whole-quarter', level: 0.95, minCell: 0 })).toEqual([
      'In 2024Q4, the latest final quarter, 77.8% of the treated group who were at liberty for at least a day (90 people) were not charged (95% confidence interval 68.0% to 85.0%). Counting everyone eligible, including the 10 people in custody for the whole quarter as desisting, gives 80.0%: the adjustment lowered the figure by 2.2 percentage points.',
    ]);
  });
  it('never prints a suppressed figure', () => {
    const rows = [{ ...base, quarter: '2024Q4', in_custody_whole_quarter: null, desistance: null, ci_low: null, ci_high: null, suppressed: ['in_custody_whole_quarter', 'desistance'] }];
    expect(latestQuarterSentences(rows, { custodyMode: 'whole-quarter', level: 0.95, minCell: 10 })).toEqual([
      'In 2024Q4, the figure for the treated group is not shown: a count behind it is below 10 and is suppressed.',
    ]);
  });
  it('says when no quarter is final', () => {
    expect(latestQuarterSentences([{ ...base, quarter: '2025Q1', provisional: true }], { custodyMode: 'whole-quarter', level: 0.95, minCell: 0 })).toEqual([
      'No quarter in the range is final yet, so there is no latest figure to report.',
    ]);
  });
  it('with --custody none says no adjustment was made', () => {
    const s = latestQuarterSentences([{ ...base, quarter: '2024Q4', group: null }], { custodyMode: 'none', level: 0.95, minCell: 0 })[0];
    expect(s).toBe('In 2024Q4, the latest final quarter, 80.0% of the cohort were not charged (95% confidence interval 71.0% to 87.0%). No custody adjustment was made (--custody none): people in custody all quarter count as desisting.');
  });
});
