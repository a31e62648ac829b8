/**
 * Harrell's concordance (C) of a risk score with time to event.
 *
 * **Formula, in words.** For every event (row i with an event at time t) and every other row j
 * at risk at t (entry_j < t <= stop_j; without entry times, stop_j >= t) that does not itself
 * have an event at t, the pair is *concordant* when i's risk score is higher than j's (the one
 * who failed first was predicted at higher risk), *discordant* when lower, and *tied on the
 * score* when equal. Pairs of rows with events at the same time are tied on time and left out.
 * C = (concordant + tied / 2) / (concordant + discordant + tied). A row censored at t is still at
 * risk at t, so it is compared with the events at t.
 *
 * **Reference.** Harrell, Califf, Pryor, Lee & Rosati (1982), JAMA 247:2543-2546; Therneau &
 * Atkinson, "Concordance" (survival package vignette). Matches R
 * `concordance(coxph(...))$concordance` and its `count` (concordant, discordant, tied.x, tied.y, tied.xy),
 * the default `timewt = "n"`, for right-censored and (start, stop] data (survival 3.5).
 * The risk score is the Cox linear predictor (higher = shorter survival), as R uses for a coxph fit.
 *
 * **Preconditions.** Equal lengths; times finite and >= 0; events 0/1; scores finite; entry
 * times (optional) below their stop times. Violations throw RangeError.
 *
 * **Degenerate input.** No comparable pair (no events, or no one at risk beside the events):
 * `estimate` null with a reason.
 *
 * **Cost.** O(n log n): one sweep over the times with a Fenwick tree over the ranks of the score.
 *
 * @example
 * concordance([1, 2, 3, 4], [1, 1, 0, 1], [4, 3, 2, 1]).estimate; // 1
 * concordance([1, 2, 3, 4], [1, 1, 0, 1], [1, 2, 3, 4]).estimate; // 0
 */
import { checkEntry, checkTimeEvent } from './kaplan-meier.js';

export interface ConcordanceResult {
  estimate: number | null;
  concordant: number;
  discordant: number;
  /** Comparable pairs with equal scores (R: tied.x). */
  tied_score: number;
  /** Pairs of rows with events at the same time and different scores, not comparable (R: tied.y). */
  tied_time: number;
  /** Pairs of rows with events at the same time and equal scores, not comparable (R: tied.xy). */
  tied_both: number;
  method: string;
  reason?: string;
}

const METHOD = "Harrell's C (risk score vs time to event; ties in the score count one half)";

/** A Fenwick tree of counts over ranks 0..n-1. */
class Fenwick {
  private t: Float64Array;
  constructor(private n: number) {
    this.t = new Float64Array(n + 1);
  }
  add(i: number, v: number): void {
    for (let k = i + 1; k <= this.n; k += k & -k) this.t[k] += v;
  }
  /** Sum over ranks 0..i-1. */
  below(i: number): number {
    let s = 0;
    for (let k = i; k > 0; k -= k & -k) s += this.t[k];
    return s;
  }
}

export function concordance(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  score: ArrayLike<number>,
  options: { entry?: ArrayLike<number> } = {},
): ConcordanceResult {
  checkTimeEvent(time, event);
  const n = time.length;
  if (score.length !== n) throw new RangeError(`score must have one value per row (got ${score.length} for ${n})`);
  for (let i = 0; i < n; i++) {
    if (typeof score[i] !== 'number' || !Number.isFinite(score[i])) throw new RangeError(`score[${i}] must be a finite number (got ${String(score[i])})`);
  }
  const entry = options.entry;
  if (entry !== undefined) checkEntry(entry, time);

  // ranks of the scores (equal scores share a rank)
  const sorted = Float64Array.from(score).sort();
  const distinct: number[] = [];
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  const rankOf = (v: number) => {
    let lo = 0;
    let hi = distinct.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (distinct[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) rank[i] = rankOf(score[i]);
  const R = distinct.length;

  const byStop = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a] - time[b]);
  const byEntry = entry === undefined ? [] : Array.from({ length: n }, (_, i) => i).sort((a, b) => entry[a] - entry[b]);
  const tree = new Fenwick(R);
  const inTree = new Uint8Array(n);
  let entered = 0;
  let left = 0;
  if (entry === undefined) {
    for (let i = 0; i < n; i++) {
      tree.add(rank[i], 1);
      inTree[i] = 1;
    }
  }
  let size = entry === undefined ? n : 0;
  let concordant = 0;
  let discordant = 0;
  let tiedScore = 0;
  let tiedTime = 0;
  let tiedBoth = 0;
  let s = 0;
  while (s < n) {
    const t = time[byStop[s]];
    let e = s;
    while (e < n && time[byStop[e]] === t) e++;
    // the risk set at t: entered (entry < t), not yet left (stop >= t)
    if (entry !== undefined) {
      for (; entered < n && entry[byEntry[entered]] < t; entered++) {
        const i = byEntry[entered];
        if (time[i] >= t) {
          tree.add(rank[i], 1);
          inTree[i] = 1;
          size++;
        }
      }
    }
    for (; left < s; left++) {
      const i = byStop[left];
      if (inTree[i] === 1) {
        tree.add(rank[i], -1);
        inTree[i] = 0;
        size--;
      }
    }
    const events: number[] = [];
    for (let k = s; k < e; k++) if (event[byStop[k]] === 1 && inTree[byStop[k]] === 1) events.push(byStop[k]);
    if (events.length > 0) {
      for (const i of events) tree.add(rank[i], -1);
      const others = size - events.length;
      for (const i of events) {
        const below = tree.below(rank[i]);
        const upTo = tree.below(rank[i] + 1);
        concordant += below;
        tiedScore += upTo - below;
        discordant += others - upTo;
      }
      const byRank = new Map<number, number>();
      for (const i of events) byRank.set(rank[i], (byRank.get(rank[i]) ?? 0) + 1);
      let both = 0;
      for (const k of byRank.values()) both += (k * (k - 1)) / 2;
      tiedBoth += both;
      tiedTime += (events.length * (events.length - 1)) / 2 - both;
      for (const i of events) tree.add(rank[i], 1);
    }
    s = e;
  }
  const comparable = concordant + discordant + tiedScore;
  const base = { concordant, discordant, tied_score: tiedScore, tied_time: tiedTime, tied_both: tiedBoth, method: METHOD };
  if (comparable === 0) return { ...base, estimate: null, reason: 'no comparable pairs (no events, or nobody else at risk at the event times)' };
  return { ...base, estimate: (concordant + tiedScore / 2) / comparable };
}
