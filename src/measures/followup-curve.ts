/**
 * The time-to-first-reoffence curve behind `desist followup --curve`: Kaplan-Meier per group on
 * the follow-up clock (calendar, liberty, or gaps: calendar days with custody removed from the
 * risk set), over everyone with an index date, censored at the earlier of the window end and the
 * observation horizon (as-of minus the waiting period). Times follow {@link followup}'s convention
 * (clock days in [index, offence day]).
 *
 * - Without `at`: one row per group and distinct observed time, as R's
 *   `summary(survfit(...), censored = TRUE)`; `survival` is the share not yet reoffended.
 * - With `at` (days): one row per group and day: `survival` with its log-log interval read off
 *   the step function, `n_risk` = people at risk at that day (entry < day <= stop), `n_event` =
 *   first reoffences up to and including that day (cumulative). After the last follow-up time the
 *   survival is null with a reason (nobody is followed that long).
 *
 * @example
 * import { datasetFromLiterals } from '../model/build.js';
 * import { followup } from './followup.js';
 * // a reoffends on day 32 of the window; b does not, so is censored at its end (day 365)
 * const ds = datasetFromLiterals({ asOf: '2025-01-01', people: [{ id: 'a', start: '2023-01-01' }, { id: 'b', start: '2023-01-01' }],
 *   charges: [{ id: 'a', charge: '2023-03-01', offence: '2023-02-01' }] });
 * const { persons } = followup(ds, {});
 * followupCurve(persons).map((r) => [r.time, r.n_risk, r.n_event, r.n_censor, r.survival]); // [[32, 2, 1, 0, 0.5], [365, 1, 0, 1, 0.5]]
 * followupCurveAt(persons, [30, 100]).map((r) => [r.day, r.n_risk, r.n_event, r.survival]); // [[30, 2, 0, 1], [100, 1, 1, 0.5]]
 * followupCurveAt(persons, [100])[0].ci_low; // ≈ 0.005983
 * // R: summary(survfit(Surv(c(32, 365), c(1, 0)) ~ 1, conf.type = "log-log"), times = 100): 0.5, 0.005983088 to 0.9104101
 * followupCurveAt(persons, [100])[0].ci_high; // ≈ 0.910410
 */
import { kaplanMeier, survivalAt, type KaplanMeierResult } from '../stats/kaplan-meier.js';
import { atRiskAt, eventsBy } from '../stats/survival-at.js';
import { followupSlots, survivalBySlot, type FollowupPersons, type SlotSurvival } from './followup.js';

export interface FollowupCurveRow {
  group: string | null;
  time: number;
  n_risk: number;
  n_event: number;
  n_censor: number;
  survival: number;
  /** Log-log interval; null where survival is 1 or 0. */
  ci_low: number | null;
  ci_high: number | null;
}

export interface FollowupCurveAtRow {
  group: string | null;
  day: number;
  survival: number | null;
  ci_low: number | null;
  ci_high: number | null;
  /** Greenwood standard error of `survival`. */
  std_err: number | null;
  n_risk: number;
  /** First reoffences up to and including `day`. */
  n_event: number;
  survival_reason: string | null;
}

/** Kaplan-Meier fit of one slot's survival rows. */
export function slotFit(sv: SlotSurvival, level: number): KaplanMeierResult {
  return kaplanMeier(sv.stop, sv.event, { level, ...(sv.entry ? { entry: sv.entry } : {}) });
}

/** Survival, its interval, the risk set and the cumulative events of one slot at `day`. */
export function slotAt(sv: SlotSurvival, km: KaplanMeierResult, day: number): Omit<FollowupCurveAtRow, 'group'> {
  const s = survivalAt(km, day);
  return {
    day,
    survival: s.estimate,
    ci_low: s.ci_low,
    ci_high: s.ci_high,
    std_err: s.std_err,
    n_risk: atRiskAt(sv.entry, sv.stop, day),
    n_event: eventsBy(sv.stop, sv.event, day),
    survival_reason: s.reason ?? null,
  };
}

export function followupCurve(persons: FollowupPersons, opts: { level?: number; byGroup?: boolean } = {}): FollowupCurveRow[] {
  const { slotOf, labels } = followupSlots(persons, opts.byGroup ?? true);
  const surv = survivalBySlot(persons, slotOf, labels.length);
  const rows: FollowupCurveRow[] = [];
  surv.forEach((sv, s) => {
    for (const r of slotFit(sv, opts.level ?? 0.95).table) {
      rows.push({
        group: labels[s],
        time: r.time,
        n_risk: r.n_risk,
        n_event: r.n_event,
        n_censor: r.n_censor,
        survival: r.survival,
        ci_low: r.ci_low,
        ci_high: r.ci_high,
      });
    }
  });
  return rows;
}

/** The curve read at the given days, per group (see the module comment). */
export function followupCurveAt(persons: FollowupPersons, days: readonly number[], opts: { level?: number; byGroup?: boolean } = {}): FollowupCurveAtRow[] {
  const { slotOf, labels } = followupSlots(persons, opts.byGroup ?? true);
  const surv = survivalBySlot(persons, slotOf, labels.length);
  const rows: FollowupCurveAtRow[] = [];
  surv.forEach((sv, s) => {
    const km = slotFit(sv, opts.level ?? 0.95);
    for (const day of days) rows.push({ group: labels[s], ...slotAt(sv, km, day) });
  });
  return rows;
}
