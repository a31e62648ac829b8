/**
 * Treated vs comparison (MEASURES.md §6), as pure functions over measure results.
 *
 * - Follow-up: the binary outcome (reoffended) as two proportions; frequency as the rate ratio
 *   of reoffences per liberty day (exact conditional) and the difference in mean reoffences per
 *   person (person-level bootstrap, percentile, seeded; or Welch t); time to first reoffence as
 *   Kaplan-Meier medians, the log-rank test and the Cox hazard ratio (Efron ties, Wald CI).
 * - Quarterly: per quarter, the share of the at-risk people not charged (desisted), compared
 *   as two proportions.
 * - JDL style: the Justice Data Lab convention (Welch t on the 0/1 and count outcomes, guards,
 *   and "for 100 typical people" sentences).
 * - Weighted (a matched cohort with --weights-column): {@link compareFollowupWeighted} and
 *   {@link jdlCompareWeighted}.
 */
import { effect, twoProportions, type ProportionMethods, type ProportionSide, type TwoProportions, type EffectEstimate } from './proportions.js';
import { groupOrder } from '../measures/groups.js';
import { survivalBySlot, type FollowupResult, type SlotSurvival } from '../measures/followup.js';
import { slotAt, slotFit } from '../measures/followup-curve.js';
import { survivalDifference } from '../stats/survival-at.js';
import type { QuarterlyRow } from '../measures/quarterly.js';
import { rateRatioExact } from '../stats/rate-ratio-exact.js';
import { rateRatioWald } from '../stats/rate-ratio-wald.js';
import { bootstrapDifferenceOfMeans } from '../stats/bootstrap.js';
import { welchT } from '../stats/welch-t.js';
import { welchTFromSummary } from '../stats/welch-t-from-summary.js';
import { logRank } from '../stats/log-rank.js';
import { coxPH } from '../stats/cox.js';
import { kaplanMeierWeighted } from '../stats/kaplan-meier.js';
import { weightedTwoProportions } from '../stats/weighted-proportions.js';

export interface CompareOptions extends ProportionMethods {
  /** Days at which to compare the survival curves (optional). */
  at?: number[];
  rrMethod: 'exact' | 'wald';
  meanMethod: 'bootstrap' | 'welch';
  bootstrap: number;
  seed: number;
}

export interface GroupPick {
  treated: number;
  comparison: number;
}

/**
 * The treated values of `--treated`: one value, a comma-separated list, or `all` (every group
 * value but the comparison one, in the shared group order). Each is compared with the comparison
 * group in its own row.
 */
export function treatedValues(groupNames: string[], treated: string, comparison: string): string[] {
  if (treated === 'all') return groupOrder(groupNames, { comparison }).map((g) => groupNames[g]).filter((v) => v !== comparison);
  return treated.includes(',') ? treated.split(',').map((v) => v.trim()) : [treated];
}

/** People whose group is neither one of the treated values nor the comparison one (blank included). */
/**
 * The group of a person a batch subgroup (`where`) leaves out: in no compared group, and not
 * counted among the people in neither group either (the batch row counts them as filtered out).
 */
export const OUTSIDE_SUBGROUP = -2;

export function neitherGroup(group: Int32Array, picks: GroupPick[]): number {
  const keep = new Set<number>(picks.flatMap((p) => [p.treated, p.comparison]));
  let n = 0;
  for (let p = 0; p < group.length; p++) if (group[p] !== OUTSIDE_SUBGROUP && !keep.has(group[p])) n++;
  return n;
}

/** Group indices of the treated and comparison values; a RangeError names what exists. */
export function pickGroups(groupNames: string[], treated: string, comparison: string): GroupPick {
  const t = groupNames.indexOf(treated);
  const c = groupNames.indexOf(comparison);
  const have = groupNames.length ? groupNames.map((g) => `'${g}'`).join(', ') : 'none: no accepted cohort row has a group value';
  if (t < 0) throw new RangeError(`--treated '${treated}' is not a value of the cohort's group column (values: ${have})`);
  if (c < 0) throw new RangeError(`--comparison '${comparison}' is not a value of the cohort's group column (values: ${have})`);
  if (t === c) throw new RangeError('--treated and --comparison must name different groups');
  return { treated: t, comparison: c };
}

export interface FrequencySide {
  n: number;
  reoffences: number;
  liberty_days: number;
  per_person: number | null;
  per_1000_liberty_days: number | null;
}

export interface FollowupComparison extends TwoProportions {
  measure: 'followup';
  outcome: 'reoffended';
  frequency: {
    treated: FrequencySide;
    comparison: FrequencySide;
    rate_ratio: EffectEstimate & { p_value: number | null };
    mean_difference: EffectEstimate & { replicates?: number; seed?: number | null };
  };
  survival: {
    /** People in each group's time-to-first estimate (everyone with an index, censored at window end or horizon). */
    treated_n: number;
    comparison_n: number;
    treated_events: number;
    comparison_events: number;
    treated_median_days: number | null;
    /** why the median is null: not reached (under half reoffended), or no one counted */
    treated_median_reason: string | null;
    comparison_median_days: number | null;
    comparison_median_reason: string | null;
    log_rank: { name: string; statistic: number | null; df: number | null; p_value: number | null; reason?: string };
    hazard_ratio: EffectEstimate & { p_value: number | null; p_value_test: string };
    /** With `at`: survival of both groups at each day, and the difference (treated - comparison). */
    at?: Record<string, SurvivalAtDay>;
  };
}

export interface SurvivalAtDay {
  treated: { survival: number | null; ci_low: number | null; ci_high: number | null; n_risk: number; n_event: number };
  comparison: { survival: number | null; ci_low: number | null; ci_high: number | null; n_risk: number; n_event: number };
  difference: EffectEstimate;
}

/**
 * The survival rows of the two groups: slot 0 treated, slot 1 comparison (everyone else in
 * slot 2, unused).
 */
export function twoGroupSurvival(res: FollowupResult, pick: GroupPick): [SlotSurvival, SlotSurvival] {
  const g = res.persons.group;
  const s = survivalBySlot(res.persons, (p) => (g[p] === pick.treated ? 0 : g[p] === pick.comparison ? 1 : 2), 3);
  return [s[0], s[1]];
}

function est(e: { estimate: number | null; ci_low: number | null; ci_high: number | null; method: string; reason?: string }): EffectEstimate {
  return { estimate: e.estimate, ci_low: e.ci_low, ci_high: e.ci_high, method: e.method, ...(e.reason ? { reason: e.reason } : {}) };
}

/**
 * Per-person arrays of a group's counted people: reoffences and the 0/1 outcome, their case
 * weights (only when weights are given: empty otherwise), and the group's liberty days. Sized by a first counting pass: at a
 * million people this runs once per group and comparison.
 */
export function groupArrays(res: FollowupResult, g: number, weights?: ArrayLike<number>) {
  const p = res.persons;
  let k = 0;
  for (let i = 0; i < p.n; i++) if (p.included[i] === 1 && p.group[i] === g) k++;
  const reoffences: number[] = new Array<number>(k);
  const reoffended: number[] = new Array<number>(k);
  // case weights only for a weighted comparison (the unweighted ones never read them)
  const weight: number[] = weights ? new Array<number>(k) : [];
  let liberty = 0;
  let j = 0;
  for (let i = 0; i < p.n; i++) {
    if (p.included[i] !== 1 || p.group[i] !== g) continue;
    reoffences[j] = p.reoffences[i];
    reoffended[j] = p.reoffended[i];
    if (weights) weight[j] = weights[i];
    liberty += p.libertyDays[i];
    j++;
  }
  return { reoffences, reoffended, weight, liberty };
}

const notWeighted = (what: string) => ({ estimate: null, ci_low: null, ci_high: null, method: 'none', reason: `${what} is not computed with weights yet`, p_value: null });

/**
 * compareFollowup for a weighted (matched) cohort: the 0/1 outcome by weighted proportions with
 * robust variances (stats/weighted-proportions.ts), reoffences per person weighted, the medians
 * from the weighted Kaplan-Meier. The rate ratio, the mean difference's interval, the log-rank
 * test and the hazard ratio take no weights here: they are null with that reason. Counts (x, n,
 * reoffences) stay counts of people; `weighted_n` and `weighted_x` are the sums of weights.
 */
export function compareFollowupWeighted(res: FollowupResult, pick: GroupPick, weights: ArrayLike<number>, o: CompareOptions): FollowupComparison {
  const T = groupArrays(res, pick.treated, weights);
  const C = groupArrays(res, pick.comparison, weights);
  const wc = weightedTwoProportions(T.reoffended, T.weight, C.reoffended, C.weight, o.level);
  const sideOf = (a: typeof T, s: typeof wc.treated): ProportionSide & { weighted_n: number; weighted_x: number } => ({
    x: a.reoffended.reduce((k, v) => k + v, 0),
    n: a.reoffended.length,
    proportion: s.proportion,
    ci_low: s.ci_low,
    ci_high: s.ci_high,
    method: s.method,
    weighted_n: s.weighted_n,
    weighted_x: s.weighted_x,
    ...(s.reason ? { reason: s.reason } : {}),
  });
  const wsum = (a: typeof T, v: number[]) => v.reduce((k, x, i) => k + x * a.weight[i], 0);
  const freq = (a: typeof T): FrequencySide => {
    const sw = wsum(a, a.reoffended.map(() => 1));
    const r = wsum(a, a.reoffences);
    return { n: a.reoffences.length, reoffences: a.reoffences.reduce((k, v) => k + v, 0), liberty_days: a.liberty, per_person: sw > 0 ? r / sw : null, per_1000_liberty_days: null };
  };
  // the medians over everyone with an index (the survival rows), each row with its person's weight
  const [sT, sC] = twoGroupSurvival(res, pick);
  if (sT.entry || sC.entry) throw new RangeError('weights (--weights-column) work on the calendar and liberty clocks; the gaps clock (counting-process rows) takes no weights yet');
  const median = (sv: SlotSurvival) =>
    sv.people === 0
      ? { estimate: null, reason: 'nobody has follow-up time before the observation horizon' }
      : kaplanMeierWeighted(sv.stop, sv.event, Float64Array.from(sv.person, (p) => weights[p]), { level: o.level }).median;
  const mT = median(sT);
  const mC = median(sC);
  return {
    measure: 'followup',
    outcome: 'reoffended',
    treated: sideOf(T, wc.treated),
    comparison: sideOf(C, wc.comparison),
    difference: effect(wc.difference),
    risk_ratio: effect(wc.risk_ratio),
    odds_ratio: effect(wc.odds_ratio),
    test: { name: wc.test.name, statistic: wc.test.statistic, p_value: wc.test.p_value, ...(wc.test.reason ? { reason: wc.test.reason } : {}) },
    frequency: {
      treated: freq(T),
      comparison: freq(C),
      rate_ratio: notWeighted('the rate ratio per liberty day'),
      mean_difference: notWeighted('the interval of the difference in mean reoffences'),
    },
    survival: {
      treated_n: sT.people,
      comparison_n: sC.people,
      treated_events: sT.events,
      comparison_events: sC.events,
      treated_median_days: mT.estimate,
      treated_median_reason: mT.estimate === null ? (mT.reason ?? null) : null,
      comparison_median_days: mC.estimate,
      comparison_median_reason: mC.estimate === null ? (mC.reason ?? null) : null,
      log_rank: { name: 'log-rank', statistic: null, df: null, p_value: null, reason: 'the log-rank test takes no weights' },
      hazard_ratio: { ...notWeighted('the hazard ratio'), p_value_test: 'Wald' },
    },
  };
}

/**
 * The JDL rows for a weighted (matched) cohort: the 0/1 outcome as weighted proportions, the
 * difference and test by the robust Wald z in place of Welch t (the guards as usual, on counts of
 * people); the frequency row's difference is not computed with weights.
 */
export function jdlCompareWeighted(res: FollowupResult, pick: GroupPick, weights: ArrayLike<number>, m: ProportionMethods): JdlRow[] {
  const rows = jdlCompare(res, pick, m);
  const T = groupArrays(res, pick.treated, weights);
  const C = groupArrays(res, pick.comparison, weights);
  const wc = weightedTwoProportions(T.reoffended, T.weight, C.reoffended, C.weight, m.level);
  const [bin, freq] = rows;
  const sig = bin.guard === null && wc.test.p_value !== null && wc.test.p_value <= 0.05;
  const diff = effect(wc.difference);
  const weighted: JdlRow = {
    ...bin,
    treated: { ...bin.treated, proportion: wc.treated.proportion, ci_low: wc.treated.ci_low, ci_high: wc.treated.ci_high, mean: wc.treated.proportion },
    comparison: { ...bin.comparison, proportion: wc.comparison.proportion, ci_low: wc.comparison.ci_low, ci_high: wc.comparison.ci_high, mean: wc.comparison.proportion },
    difference: diff,
    risk_ratio: effect(wc.risk_ratio),
    odds_ratio: effect(wc.odds_ratio),
    test: { name: wc.test.name, statistic: wc.test.statistic, df: null, p_value: wc.test.p_value },
    significant: sig,
    sentence: jdlSentence('reoffended', 'people', diff, sig, bin.guard),
  };
  const wmean = (a: typeof T) => {
    const sw = a.weight.reduce((k, v) => k + v, 0);
    return sw > 0 ? a.reoffences.reduce((k, v, i) => k + v * a.weight[i], 0) / sw : null;
  };
  const freqDiff = notWeighted('the difference in mean reoffences');
  const weightedFreq: JdlRow = {
    ...freq,
    treated: { ...freq.treated, mean: wmean(T) },
    comparison: { ...freq.comparison, mean: wmean(C) },
    difference: freqDiff,
    test: { name: 'none', statistic: null, df: null, p_value: null },
    significant: false,
    sentence: jdlSentence('reoffences were committed', '', freqDiff, false, freq.guard).replace('  ', ' '),
  };
  return [weighted, weightedFreq];
}

export function compareFollowup(res: FollowupResult, pick: GroupPick, o: CompareOptions): FollowupComparison {
  const T = groupArrays(res, pick.treated);
  const C = groupArrays(res, pick.comparison);
  const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);
  const xT = sum(T.reoffended);
  const xC = sum(C.reoffended);
  const base = twoProportions(xT, T.reoffended.length, xC, C.reoffended.length, o);
  const freq = (a: ReturnType<typeof groupArrays>): FrequencySide => {
    const r = sum(a.reoffences);
    return {
      n: a.reoffences.length,
      reoffences: r,
      liberty_days: a.liberty,
      per_person: a.reoffences.length ? r / a.reoffences.length : null,
      per_1000_liberty_days: a.liberty > 0 ? (r / a.liberty) * 1000 : null,
    };
  };
  const exact = rateRatioExact(sum(T.reoffences), T.liberty, sum(C.reoffences), C.liberty, o.level);
  const rr = o.rrMethod === 'wald' ? { ...rateRatioWald(sum(T.reoffences), T.liberty, sum(C.reoffences), C.liberty, o.level), p_value: exact.p_value } : exact;
  let mean: FollowupComparison['frequency']['mean_difference'];
  if (o.meanMethod === 'welch') {
    const w = welchT(T.reoffences, C.reoffences, o.level);
    mean = est(w);
  } else {
    const b = bootstrapDifferenceOfMeans(T.reoffences, C.reoffences, { replicates: o.bootstrap, seed: o.seed, level: o.level });
    mean = { ...est(b), replicates: b.replicates, seed: b.seed };
  }
  // Survival on the follow-up clock over everyone with an index, censored at the earlier of the
  // window end and the observation horizon (counting-process rows on the gaps clock).
  const [sT, sC] = twoGroupSurvival(res, pick);
  const cat = (a: Float64Array, b: Float64Array) => {
    const out = new Float64Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  };
  const time = cat(sT.stop, sC.stop);
  const event = new Uint8Array(sT.event.length + sC.event.length);
  event.set(sT.event);
  event.set(sC.event, sT.event.length);
  const flag = new Uint8Array(event.length).fill(1, 0, sT.event.length);
  const entry = sT.entry && sC.entry ? { entry: cat(sT.entry, sC.entry) } : {};
  const lr = logRank(time, event, flag, entry);
  const cox = coxPH(time, event, flag, { level: o.level, names: ['treated'], ...entry });
  const coef = cox.coefficients[0];
  const hr: EffectEstimate & { p_value: number | null; p_value_test: string } = coef
    ? { ...est(coef.hazard_ratio), method: 'cox-efron-wald', p_value: coef.p_value, p_value_test: 'Wald' }
    : { estimate: null, ci_low: null, ci_high: null, method: 'cox-efron-wald', reason: cox.reason ?? 'the model could not be fitted', p_value: null, p_value_test: 'Wald' };
  if (cox.reason && hr.estimate === null) hr.reason = cox.reason;
  const kmT = slotFit(sT, o.level);
  const kmC = slotFit(sC, o.level);
  const median = (km: typeof kmT, sv: SlotSurvival) =>
    sv.people === 0 ? 'nobody has follow-up time before the observation horizon' : km.median.estimate === null ? (sv.events === 0 ? 'no reoffences, so the median is not reached' : 'survival stays above one half within the follow-up, so the median is not reached') : null;
  let at: Record<string, SurvivalAtDay> | undefined;
  if (o.at && o.at.length > 0) {
    at = {};
    for (const day of o.at) {
      const a = slotAt(sT, kmT, day);
      const b = slotAt(sC, kmC, day);
      const side = (x: typeof a) => ({ survival: x.survival, ci_low: x.ci_low, ci_high: x.ci_high, n_risk: x.n_risk, n_event: x.n_event });
      at[`day_${day}`] = {
        treated: side(a),
        comparison: side(b),
        difference: est(survivalDifference({ estimate: a.survival, std_err: a.std_err, reason: a.survival_reason ?? undefined }, { estimate: b.survival, std_err: b.std_err, reason: b.survival_reason ?? undefined }, o.level)),
      };
    }
  }
  return {
    measure: 'followup',
    outcome: 'reoffended',
    ...base,
    frequency: {
      treated: freq(T),
      comparison: freq(C),
      rate_ratio: { ...est(rr), p_value: rr.p_value },
      mean_difference: mean,
    },
    survival: {
      treated_n: sT.people,
      comparison_n: sC.people,
      treated_events: sT.events,
      comparison_events: sC.events,
      treated_median_days: kmT.median.estimate,
      treated_median_reason: median(kmT, sT),
      comparison_median_days: kmC.median.estimate,
      comparison_median_reason: median(kmC, sC),
      log_rank: { name: 'log-rank', statistic: lr.statistic, df: lr.df, p_value: lr.p_value, ...(lr.reason ? { reason: lr.reason } : {}) },
      hazard_ratio: hr,
      ...(at ? { at } : {}),
    },
  };
}

export interface QuarterComparison extends TwoProportions {
  measure: 'quarterly';
  outcome: 'desisted';
  quarter: string;
  quarter_start: string;
  quarter_end: string;
  provisional: boolean;
}

/**
 * Per quarter: desistance among the at-risk people (not charged / at risk), treated vs
 * comparison. Quarters where either group is missing are left out.
 */
export function compareQuarterly(rows: QuarterlyRow[], treated: string, comparison: string, o: ProportionMethods): QuarterComparison[] {
  const out: QuarterComparison[] = [];
  const quarters = [...new Set(rows.map((r) => r.quarter))];
  for (const q of quarters) {
    const t = rows.find((r) => r.quarter === q && r.group === treated);
    const c = rows.find((r) => r.quarter === q && r.group === comparison);
    if (!t || !c) continue;
    out.push({
      measure: 'quarterly',
      outcome: 'desisted',
      quarter: q,
      quarter_start: t.quarter_start,
      quarter_end: t.quarter_end,
      provisional: t.provisional,
      ...twoProportions(t.at_risk - t.charged_at_risk, t.at_risk, c.at_risk - c.charged_at_risk, c.at_risk, o),
    });
  }
  return out;
}

/* ---------------- Justice Data Lab style ---------------- */

/**
 * A JDL-style row, in the CLI.md compare shape: `treated`/`comparison` (with `mean`, the JDL
 * figure), `difference` and `test` from the Welch t-test, risk and odds ratios for the 0/1
 * outcome (null for counts), plus the JDL verdict: `significant`, `guard`, `sentence`.
 */
export interface JdlRow {
  measure: 'followup';
  style: 'jdl';
  outcome: string;
  treated: ProportionSideWithMean;
  comparison: ProportionSideWithMean;
  difference: EffectEstimate;
  risk_ratio: EffectEstimate;
  odds_ratio: EffectEstimate;
  test: { name: string; statistic: number | null; df: number | null; p_value: number | null };
  significant: boolean;
  guard: string | null;
  sentence: string;
}

export interface ProportionSideWithMean {
  x: number;
  n: number;
  proportion: number | null;
  ci_low: number | null;
  ci_high: number | null;
  mean: number | null;
}

function hundred(v: number): string {
  return Math.abs(v * 100).toFixed(0);
}

/** The JDL sentence for 100 typical people, from a difference (treated - comparison) and its CI. */
export function jdlSentence(what: string, unit: string, d: EffectEstimate, significant: boolean, guard: string | null): string {
  if (d.estimate === null || d.ci_low === null || d.ci_high === null) return `No estimate for ${what}: ${d.reason ?? 'not enough data'}.`;
  const dir = (v: number) => (v < 0 ? 'fewer' : 'more');
  const lo = d.ci_low;
  const hi = d.ci_high;
  const range = lo < 0 && hi < 0 ? `between ${hundred(hi)} and ${hundred(lo)} fewer` : lo > 0 && hi > 0 ? `between ${hundred(lo)} and ${hundred(hi)} more` : `between ${hundred(lo)} ${dir(lo)} and ${hundred(hi)} ${dir(hi)}`;
  const head = `For 100 typical people in the treatment group, the equivalent of ${range} ${unit} ${what} than for 100 similar people in the comparison group`;
  if (guard) return `${head}. No conclusion is drawn: ${guard}.`;
  return significant ? `${head}; this is a statistically significant difference.` : `${head}; the difference is not statistically significant (it could be due to chance).`;
}

export function jdlCompare(res: FollowupResult, pick: GroupPick, m: ProportionMethods): JdlRow[] {
  const level = m.level;
  const T = groupArrays(res, pick.treated);
  const C = groupArrays(res, pick.comparison);
  const nT = T.reoffended.length;
  const nC = C.reoffended.length;
  const sum = (v: number[]) => v.reduce((s, a) => s + a, 0);
  const xT = sum(T.reoffended);
  const xC = sum(C.reoffended);
  const pT = nT ? xT / nT : 0;
  const pC = nC ? xC / nC : 0;
  // The 0/1 outcome: Welch t on the person-level indicators (sd from the counts).
  const sd = (p: number, n: number) => (n > 1 ? Math.sqrt((p * (1 - p) * n) / (n - 1)) : 0);
  const bin = welchTFromSummary(pT, sd(pT, nT), nT, pC, sd(pC, nC), nC, level);
  const guards: string[] = [];
  if (xT < 30) guards.push(`the treated group has fewer than the 30 reoffenders the convention requires (${xT})`);
  if (nT * pT < 10) guards.push('n·p in the treated group is below 10');
  const guard = guards.length ? guards.join('; ') : null;
  const sigBin = guard === null && bin.p_value !== null && bin.p_value <= 0.05;
  const freq = welchT(T.reoffences, C.reoffences, level);
  const sigFreq = guard === null && freq.p_value !== null && freq.p_value <= 0.05;
  const two = twoProportions(xT, nT, xC, nC, m);
  const welch = (w: typeof bin): EffectEstimate => ({ ...est(w), method: 'welch-t' });
  const test = (w: typeof bin) => ({ name: 'welch-t', statistic: w.statistic, df: w.df, p_value: w.p_value });
  const notForCounts: EffectEstimate = { estimate: null, ci_low: null, ci_high: null, method: 'none', reason: 'not defined for counts (the standard style gives the rate ratio)' };
  const rT = sum(T.reoffences);
  const rC = sum(C.reoffences);
  const countSide = (x: number, n: number): ProportionSideWithMean => ({ x, n, proportion: null, ci_low: null, ci_high: null, mean: n ? x / n : null });
  return [
    {
      measure: 'followup',
      style: 'jdl',
      outcome: 'proven reoffending rate (charge-based proxy)',
      treated: { ...pickSide(two.treated), mean: bin.mean1 },
      comparison: { ...pickSide(two.comparison), mean: bin.mean2 },
      difference: welch(bin),
      risk_ratio: two.risk_ratio,
      odds_ratio: two.odds_ratio,
      test: test(bin),
      significant: sigBin,
      guard,
      sentence: jdlSentence('reoffended', 'people', welch(bin), sigBin, guard),
    },
    {
      measure: 'followup',
      style: 'jdl',
      outcome: 'frequency: reoffences per person',
      treated: countSide(rT, nT),
      comparison: countSide(rC, nC),
      difference: welch(freq),
      risk_ratio: notForCounts,
      odds_ratio: notForCounts,
      test: test(freq),
      significant: sigFreq,
      guard,
      sentence: jdlSentence('reoffences were committed', '', welch(freq), sigFreq, guard).replace('  ', ' '),
    },
  ];
}

function pickSide(s: { x: number; n: number; proportion: number | null; ci_low: number | null; ci_high: number | null }) {
  return { x: s.x, n: s.n, proportion: s.proportion, ci_low: s.ci_low, ci_high: s.ci_high };
}
