/**
 * The time-to-first-reoffence curve behind `desist followup --curve`: Kaplan-Meier per group on
 * the follow-up clock (calendar or liberty days since the index), over the people the follow-up
 * measure counted, censored at the window length. Times follow {@link followup}'s convention
 * (clock days in [index, offence day]). One row per group and distinct observed time, as R's
 * `summary(survfit(...), censored = TRUE)`; `survival` is the share not yet reoffended.
 *
 * @example
 * const { persons, options } = followup(ds, { clock: 'liberty' });
 * followupCurve(persons, options); // [{ group: null, time: 40, n_risk: 120, n_event: 2, ... }, ...]
 */
import { kaplanMeier } from '../stats/kaplan-meier.js';
import { followupSlots, timesBySlot, type FollowupPersons } from './followup.js';

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

export function followupCurve(
  persons: FollowupPersons,
  opts: { level?: number; byGroup?: boolean } = {},
): FollowupCurveRow[] {
  const { slotOf, labels } = followupSlots(persons, opts.byGroup ?? true);
  const S = labels.length;
  const { times, events } = timesBySlot(persons, slotOf, S);
  const rows: FollowupCurveRow[] = [];
  for (let s = 0; s < S; s++) {
    const km = kaplanMeier(times[s], events[s], { level: opts.level ?? 0.95 });
    for (const r of km.table) {
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
  }
  return rows;
}
