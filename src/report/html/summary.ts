/**
 * The report's summary in plain language, built from the rows after disclosure control (so a
 * suppressed count never reappears in a sentence). Pure functions over JSON rows.
 */
import type { Row } from './charts.js';

/** A proportion as a percentage with one decimal: 0.8234 -> "82.3%". */
export const pct = (p: number): string => `${(p * 100).toFixed(1)}%`;
/** A difference in proportions as points per 100 people, one decimal, no sign: -0.052 -> "5.2". */
const per100 = (d: number): string => Math.abs(d * 100).toFixed(1);

/** '12m' -> '12 months', '1m' -> '1 month', '365d' -> '365 days'. */
export function durationWords(d: string): string {
  const m = /^(\d+)\s*([md])$/.exec(d.trim());
  if (!m) return d;
  const n = Number(m[1]);
  const unit = m[2] === 'm' ? (n === 1 ? 'month' : 'months') : n === 1 ? 'day' : 'days';
  return `${n} ${unit}`;
}

/**
 * One end of a difference interval in words, treated minus comparison, per 100 people:
 * negative is "fewer", positive "more"; a value that rounds to 0.0 is "no difference".
 * @example
 * endWords(-0.052); // '5.2 fewer'
 */
export function endWords(d: number): string {
  const s = per100(d);
  if (s === '0.0') return 'no difference';
  return `${s} ${d < 0 ? 'fewer' : 'more'}`;
}

export interface DifferenceText {
  treated: string;
  comparison: string;
  within: string;
  level: number;
}

/**
 * The follow-up comparison's interval in words, exact about direction and about the interval
 * crossing zero. `d` is treated minus comparison (a proportion reoffending).
 * @example
 * differenceSentence({ estimate: -0.1, ci_low: -0.15, ci_high: -0.05 },
 *   { treated: 'treated', comparison: 'comparison', within: '12 months', level: 0.95 }); // 'For every 100 people like ' +
 * //   'those in the treated group, between 5.0 and 15.0 fewer reoffended within 12 months than in the comparison group ' +
 * //   '(best estimate 10.0 fewer; 95% confidence interval).'
 */
export function differenceSentence(d: { estimate: number | null; ci_low: number | null; ci_high: number | null }, t: DifferenceText): string {
  const lvl = `${Math.round(t.level * 100)}%`;
  if (d.estimate === null || d.ci_low === null || d.ci_high === null) {
    return `The difference in reoffending between the ${t.treated} and ${t.comparison} groups cannot be shown (suppressed or not estimable).`;
  }
  const who = `For every 100 people like those in the ${t.treated} group`;
  const best = `best estimate ${endWords(d.estimate)}; ${lvl} confidence interval`;
  const lo = endWords(d.ci_low);
  const hi = endWords(d.ci_high);
  if (d.ci_high < 0 && hi !== 'no difference') {
    return `${who}, between ${per100(d.ci_high)} and ${per100(d.ci_low)} fewer reoffended within ${t.within} than in the ${t.comparison} group (${best}).`;
  }
  if (d.ci_low > 0 && lo !== 'no difference') {
    return `${who}, between ${per100(d.ci_low)} and ${per100(d.ci_high)} more reoffended within ${t.within} than in the ${t.comparison} group (${best}).`;
  }
  return (
    `${who}, the data are consistent with anything from ${lo} to ${hi} reoffending within ${t.within} than in the ${t.comparison} group (${best}). ` +
    'The interval includes no difference, so these figures do not show that the groups differ.'
  );
}

/** Both groups' reoffending rates in one sentence. */
export function ratesSentence(row: Row, t: DifferenceText & { from: string }): string {
  const side = (s: unknown, name: string) => {
    const v = s as { x: number | null; n: number | null; proportion: number | null };
    if (v.proportion === null || v.x === null || v.n === null) return `the ${name} group's figure is suppressed or not estimable`;
    return `${pct(v.proportion)} of the ${name} group (${v.x.toLocaleString('en-GB')} of ${v.n.toLocaleString('en-GB')})`;
  };
  return `Within ${t.within} of ${t.from}, ${side(row.treated, t.treated)} and ${side(row.comparison, t.comparison)} were charged with a further offence.`;
}

/**
 * The latest final (not provisional) quarter of quarterly's rows, or null when none is.
 * @example
 * latestFinalQuarter([{ quarter: '2024Q4', provisional: false }, { quarter: '2025Q1', provisional: true }]); // '2024Q4'
 */
export function latestFinalQuarter(rows: Row[]): string | null {
  const final = rows.filter((r) => !r.provisional);
  return final.length === 0 ? null : String(final[final.length - 1].quarter);
}

/**
 * The latest final quarter's desistance per group, adjusted and unadjusted, and what the
 * custody adjustment did, one sentence per group.
 */
export function latestQuarterSentences(rows: Row[], o: { custodyMode: string; level: number; minCell: number }): string[] {
  const final = rows.filter((r) => !r.provisional);
  const last = latestFinalQuarter(rows);
  if (last === null) return ['No quarter in the range is final yet, so there is no latest figure to report.'];
  const lvl = `${Math.round(o.level * 100)}%`;
  return final
    .filter((r) => r.quarter === last)
    .map((r) => {
      const who = r.group === null ? 'the cohort' : `the ${String(r.group)} group`;
      const adj = r.desistance as number | null;
      const unadj = r.desistance_unadjusted as number | null;
      const k = r.in_custody_whole_quarter as number | null;
      if (adj === null || unadj === null) {
        return `In ${last}, the figure for ${who} is not shown: ${o.minCell > 0 ? `a count behind it is below ${o.minCell} and is suppressed` : 'nobody was at risk'}.`;
      }
      const interval = (lo: unknown, hi: unknown) => (typeof lo === 'number' && typeof hi === 'number' ? ` (${lvl} confidence interval ${pct(lo)} to ${pct(hi)})` : '');
      const ci = interval(r.ci_low, r.ci_high);
      if (o.custodyMode === 'none') {
        return `In ${last}, the latest final quarter, ${pct(unadj)} of ${who} were not charged${interval(r.ci_low_unadjusted, r.ci_high_unadjusted)}. No custody adjustment was made (--custody none): people in custody all quarter count as desisting.`;
      }
      const atRisk = r.at_risk as number | null;
      const base = `In ${last}, the latest final quarter, ${pct(adj)} of ${who} who were at liberty ${o.custodyMode === 'min-liberty' ? 'for the minimum number of days' : 'for at least a day'}${atRisk === null ? '' : ` (${atRisk.toLocaleString('en-GB')} people)`} were not charged${ci}.`;
      const kText = k === null ? 'the people in custody for the whole quarter' : k === 1 ? 'the 1 person in custody for the whole quarter' : `the ${k.toLocaleString('en-GB')} people in custody for the whole quarter`;
      // from the figures as printed, so the sentence agrees with them
      const diff = Math.round(adj * 1000) / 10 - Math.round(unadj * 1000) / 10;
      const effect =
        Math.abs(diff) < 0.05
          ? 'the adjustment made no difference at one decimal place'
          : `the adjustment ${diff < 0 ? 'lowered' : 'raised'} the figure by ${Math.abs(diff).toFixed(1)} percentage points`;
      return `${base} Counting everyone eligible, including ${kText} as desisting, gives ${pct(unadj)}: ${effect}.`;
    });
}
