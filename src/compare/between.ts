/**
 * Change in quarterly desistance between two quarters of one fixed cohort, paired over people
 * (MEASURES.md §6, "change between two quarters of one cohort").
 *
 * **Definition.** For quarters q1 and q2 and each group (the row slots of quarterly), the
 * **paired** people are those at risk in both quarters (eligible, with enough liberty days for
 * the custody mode; {@link quarterStatus}). Each paired person falls in one cell of the paired
 * 2x2 table of "charged in q1" by "charged in q2" (same event basis as quarterly):
 * `charged_both` (a), `charged_first_only` (b), `charged_second_only` (c), `charged_neither` (d).
 * - `desistance_first = (c + d) / n`, `desistance_second = (b + d) / n`, n = a + b + c + d;
 * - `change = desistance_second - desistance_first = (b - c) / n` (positive: more people
 *   desisted in the later quarter);
 * - interval: person-level bootstrap (resampling paired people; percentile, R quantile type 7),
 *   seeded;
 * - test: McNemar, exact binomial when b + c < 25, else chi-square without continuity correction.
 * People at risk in only one of the two quarters (joined late, left, in custody all of the other
 * quarter) cannot be paired; they are counted apart (`at_risk_only_first`, `at_risk_only_second`)
 * and excluded from every figure of the row.
 *
 * **Degenerate.** n = 0: desistance, change and test null with a reason. No discordant people:
 * change 0, test null with a reason; the bootstrap interval is then [0, 0].
 *
 * **Cost.** Two passes of quarterStatus (O(people + charges + episodes)), then replicates x n
 * per group for the bootstrap.
 *
 * @example
 * // 4 paired people: one charged in both, one only in q1, two in neither
 * pairedChange({ a: 1, b: 1, c: 0, d: 2 }, new Int8Array([0, 1, 0, 0]), { bootstrap: 200, seed: 1, level: 0.95 }).change.estimate; // 0.25
 */
import { bootstrapPercentile } from '../stats/bootstrap.js';
import { mcnemarTest } from '../stats/mcnemar.js';
import type { TestResult } from '../stats/types.js';
import { quarterStatus, isProvisional } from '../measures/quarterly.js';
import { type QuarterlyOptions, resolveQuarterlyOptions } from '../measures/quarterly-options.js';
import { quarterEnd, quarterLabel } from '../measures/periods.js';
import type { Dataset } from '../model/dataset.js';

export interface PairedTable {
  a: number;
  b: number;
  c: number;
  d: number;
}

export interface PairedChange {
  desistance_first: number | null;
  desistance_second: number | null;
  change: { estimate: number | null; ci_low: number | null; ci_high: number | null; method: string; replicates: number; seed: number };
  test: TestResult & { discordant: number };
  reason: string | null;
}

export interface BetweenRow {
  group: string | null;
  first_quarter: string;
  second_quarter: string;
  paired: number;
  at_risk_only_first: number;
  at_risk_only_second: number;
  charged_both: number;
  charged_first_only: number;
  charged_second_only: number;
  charged_neither: number;
  desistance_first: number | null;
  desistance_second: number | null;
  change: PairedChange['change'];
  test: PairedChange['test'];
  provisional_first: boolean;
  provisional_second: boolean;
  reason: string | null;
}

export interface BetweenOptions {
  bootstrap: number;
  seed: number;
  level: number;
}

const METHOD = 'paired person-level bootstrap, percentile (R quantile type 7)';

/**
 * The paired figures of one table. `score[i]` is +1 for a person charged in q1 only, -1 for q2
 * only, 0 otherwise (its mean is the change); the bootstrap resamples these people.
 */
export function pairedChange(t: PairedTable, score: Int8Array, o: BetweenOptions): PairedChange {
  const n = t.a + t.b + t.c + t.d;
  const discordant = t.b + t.c;
  const change = { estimate: null as number | null, ci_low: null as number | null, ci_high: null as number | null, method: METHOD, replicates: o.bootstrap, seed: o.seed };
  if (n === 0) {
    const reason = 'nobody was at risk in both quarters (paired = 0)';
    return { desistance_first: null, desistance_second: null, change, test: { name: 'mcnemar', statistic: null, p_value: null, reason, discordant }, reason };
  }
  const boot = bootstrapPercentile({
    n,
    seed: o.seed,
    replicates: o.bootstrap,
    level: o.level,
    statistic: (idx) => {
      let s = 0;
      for (let i = 0; i < idx.length; i++) s += score[idx[i]];
      return s / idx.length;
    },
  });
  return {
    desistance_first: (t.c + t.d) / n,
    desistance_second: (t.b + t.d) / n,
    change: { ...change, estimate: (t.b - t.c) / n, ci_low: boot.ci_low, ci_high: boot.ci_high },
    test: { ...mcnemarTest(t.b, t.c), discordant },
    reason: null,
  };
}

/**
 * Paired change per group between quarters `first` and `second` (indices). Options as quarterly
 * (basis, custody, minLibertyDays, lag, quarters, byGroup).
 */
export function compareBetween(ds: Dataset, qopts: Partial<QuarterlyOptions>, first: number, second: number, o: BetweenOptions): BetweenRow[] {
  const q = resolveQuarterlyOptions(qopts);
  const s1 = quarterStatus(ds, q, first);
  const s2 = quarterStatus(ds, q, second);
  const slots = s1.slots;
  const rows: BetweenRow[] = [];
  for (let s = 0; s < slots.n; s++) {
    const t: PairedTable = { a: 0, b: 0, c: 0, d: 0 };
    let onlyFirst = 0;
    let onlySecond = 0;
    const scores: number[] = [];
    for (let p = 0; p < ds.people.n; p++) {
      if (s1.slot[p] !== s) continue;
      const r1 = s1.atRisk[p] === 1;
      const r2 = s2.atRisk[p] === 1;
      if (r1 && !r2) onlyFirst++;
      else if (r2 && !r1) onlySecond++;
      if (!(r1 && r2)) continue;
      const c1 = s1.charged[p] === 1;
      const c2 = s2.charged[p] === 1;
      if (c1 && c2) t.a++;
      else if (c1) t.b++;
      else if (c2) t.c++;
      else t.d++;
      scores.push(c1 && !c2 ? 1 : c2 && !c1 ? -1 : 0);
    }
    const pc = pairedChange(t, Int8Array.from(scores), o);
    rows.push({
      group: slots.name(s),
      first_quarter: quarterLabel(first, q.quarters),
      second_quarter: quarterLabel(second, q.quarters),
      paired: t.a + t.b + t.c + t.d,
      at_risk_only_first: onlyFirst,
      at_risk_only_second: onlySecond,
      charged_both: t.a,
      charged_first_only: t.b,
      charged_second_only: t.c,
      charged_neither: t.d,
      desistance_first: pc.desistance_first,
      desistance_second: pc.desistance_second,
      change: pc.change,
      test: pc.test,
      provisional_first: isProvisional(quarterEnd(first), ds.asOf, q),
      provisional_second: isProvisional(quarterEnd(second), ds.asOf, q),
      reason: pc.reason,
    });
  }
  return rows;
}
