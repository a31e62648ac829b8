/**
 * Greedy nearest-neighbour matching on a distance, MatchIt's `method = "nearest"` with
 * `m.order = "largest"` for the ATT.
 *
 * **Rule, in words.** Treated units are taken in decreasing distance (ties in data order). Each
 * takes the nearest available comparison unit (smallest |distance difference|; ties to the first
 * in data order). With `ratio` K and no replacement there are K rounds: every treated unit takes
 * its first control in round 1, its second in round 2, and so on (a unit unmatched in round 1 is
 * not matched later). With `caliper` width c a control further than c is not taken (|d| <= c is
 * allowed). With `strata`, a treated unit only takes controls of its own stratum (exact
 * matching). With `replace`, controls are never used up: every treated unit takes its K nearest
 * controls within the caliper (ties to data order).
 *
 * **Weights** (MatchIt's ATT weights): a matched treated unit weighs 1; each control receives
 * 1/k from every treated unit it is matched to (k = that unit's number of controls); control
 * weights are then scaled to average 1 over the matched controls. Unmatched units weigh 0.
 * Without replacement and 1:1 every matched unit weighs 1.
 *
 * **Cost.** Not quadratic: controls are sorted once by distance (O(n log n)); equal distances
 * form runs whose first unused control is kept, and used-up runs are skipped with two
 * path-compressed "next run" links, so each treated unit searches outward in near-constant
 * time. 50,000 treated in a pool of 500,000 match in well under a second.
 *
 * Pinned to a hand greedy matcher in R (test/match/r/match.R; MatchIt itself is not used, as
 * Debian's MatchIt 4.5.1 fast path ignores calipers under 1 and does not take the nearest control).
 *
 * @example
 * const m = greedyMatch(Float64Array.from([0.9, 0.1, 0.5, 0.8, 0.2]), Uint8Array.from([1, 0, 1, 0, 0]), { ratio: 1, replace: false, caliper: null, strata: null });
 * m.sets; // [{ treated: 0, controls: [3] }, { treated: 2, controls: [4] }]
 * Array.from(m.weight); // [1, 0, 1, 1, 1]
 */

export interface MatchOptions {
  /** controls per treated unit (K) */
  ratio: number;
  replace: boolean;
  /** the caliper as a width on the distance, or null for none */
  caliper: number | null;
  /** exact-matching stratum of each unit, or null */
  strata: Int32Array | null;
}

export interface MatchedSet {
  /** the treated unit */
  treated: number;
  /** its controls, in the order taken */
  controls: number[];
}

export interface MatchResult {
  /** matched sets, in the order the treated units were matched (decreasing distance) */
  sets: MatchedSet[];
  /** MatchIt ATT weight of every unit; 0 = not matched */
  weight: Float64Array;
  /**
   * Set number of every unit (1-based, numbered in the treated units' data order); for a
   * control re-used with replacement, its smallest set number; 0 = not matched.
   */
  setId: Int32Array;
}

/** Controls of one stratum, sorted by distance, in runs of equal distance. */
class Pool {
  readonly ctrl: Int32Array;
  /** first position of each run in `ctrl`, plus the end */
  readonly runStart: Int32Array;
  readonly runValue: Float64Array;
  /** next unused position in each run */
  readonly head: Int32Array;
  /** links to the next run with controls left, to the right (runs) and to the left (-1) */
  private readonly right: Int32Array;
  private readonly left: Int32Array;
  readonly runs: number;

  constructor(units: number[], d: Float64Array) {
    this.ctrl = Int32Array.from(units).sort();
    const c = this.ctrl;
    // sort by (distance, unit): an index sort over a typed array
    const order = Array.from(c.keys()).sort((a, b) => d[c[a]] - d[c[b]] || c[a] - c[b]);
    this.ctrl = Int32Array.from(order, (k) => c[k]);
    const starts: number[] = [];
    for (let i = 0; i < this.ctrl.length; i++) if (i === 0 || d[this.ctrl[i]] !== d[this.ctrl[i - 1]]) starts.push(i);
    this.runs = starts.length;
    this.runStart = Int32Array.from([...starts, this.ctrl.length]);
    this.runValue = Float64Array.from(starts, (i) => d[this.ctrl[i]]);
    this.head = Int32Array.from(starts);
    this.right = Int32Array.from({ length: this.runs + 1 }, (_, r) => r);
    this.left = Int32Array.from({ length: this.runs + 1 }, (_, r) => r); // left[r + 1] is run r
  }

  /** First run with a value above d (binary search). */
  upper(d: number): number {
    let lo = 0;
    let hi = this.runs;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.runValue[mid] <= d) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The nearest run at or right of r with controls left (`runs` when none). */
  nextRight(r: number): number {
    return find(this.right, r);
  }

  /** The nearest run at or left of r with controls left (-1 when none). */
  nextLeft(r: number): number {
    return find(this.left, r + 1) - 1;
  }

  /** Take the first unused control of run r. */
  take(r: number): number {
    const unit = this.ctrl[this.head[r]++];
    if (this.head[r] === this.runStart[r + 1]) {
      this.right[r] = r + 1;
      this.left[r + 1] = r;
    }
    return unit;
  }
}

/** Union-find root with path halving. */
function find(link: Int32Array, x: number): number {
  while (link[x] !== x) {
    link[x] = link[link[x]];
    x = link[x];
  }
  return x;
}

/** Greedy nearest-neighbour matching; see the module comment for the rules. */
export function greedyMatch(distance: Float64Array, treat: Uint8Array, opts: MatchOptions): MatchResult {
  const n = distance.length;
  const pools = buildPools(distance, treat, opts.strata);
  const treated: number[] = [];
  for (let i = 0; i < n; i++) if (treat[i] === 1) treated.push(i);
  treated.sort((a, b) => distance[b] - distance[a] || a - b);
  const width = opts.caliper ?? Infinity;
  const controlsOf = new Map<number, number[]>();
  const stratum = (i: number) => (opts.strata ? opts.strata[i] : 0);

  if (opts.replace) {
    for (const t of treated) {
      const pool = pools.get(stratum(t));
      const got = pool ? nearestK(pool, distance[t], opts.ratio, width) : [];
      if (got.length > 0) controlsOf.set(t, got);
    }
  } else {
    for (let round = 0; round < opts.ratio; round++) {
      for (const t of treated) {
        if (round > 0 && !controlsOf.has(t)) continue;
        const pool = pools.get(stratum(t));
        if (!pool) continue;
        const c = nearestAvailable(pool, distance[t], width);
        if (c < 0) continue;
        const list = controlsOf.get(t);
        if (list) list.push(c);
        else controlsOf.set(t, [c]);
      }
    }
  }
  const sets = treated.filter((t) => controlsOf.has(t)).map((t) => ({ treated: t, controls: controlsOf.get(t)! }));
  return { sets, weight: attWeights(n, sets), setId: setIds(n, sets) };
}

function buildPools(distance: Float64Array, treat: Uint8Array, strata: Int32Array | null): Map<number, Pool> {
  const byStratum = new Map<number, number[]>();
  for (let i = 0; i < distance.length; i++) {
    if (treat[i] !== 0) continue;
    const s = strata ? strata[i] : 0;
    const list = byStratum.get(s);
    if (list) list.push(i);
    else byStratum.set(s, [i]);
  }
  const pools = new Map<number, Pool>();
  for (const [s, units] of byStratum) pools.set(s, new Pool(units, distance));
  return pools;
}

/** Take the nearest unused control within `width` of d (ties to data order); -1 when none. */
function nearestAvailable(pool: Pool, d: number, width: number): number {
  const pos = pool.upper(d);
  const l = pool.nextLeft(pos - 1);
  const r = pool.nextRight(pos);
  const dl = l >= 0 ? Math.abs(pool.runValue[l] - d) : Infinity;
  const dr = r < pool.runs ? Math.abs(pool.runValue[r] - d) : Infinity;
  if (dl === Infinity && dr === Infinity) return -1;
  let run: number;
  if (dl < dr) run = l;
  else if (dr < dl) run = r;
  else run = pool.ctrl[pool.head[l]] < pool.ctrl[pool.head[r]] ? l : r;
  if (Math.min(dl, dr) > width) return -1;
  return pool.take(run);
}

/** The K nearest controls within `width` of d (ties to data order), none used up. */
function nearestK(pool: Pool, d: number, k: number, width: number): number[] {
  const out: number[] = [];
  let l = pool.upper(d) - 1;
  let r = l + 1;
  while (out.length < k) {
    const dl = l >= 0 ? Math.abs(pool.runValue[l] - d) : Infinity;
    const dr = r < pool.runs ? Math.abs(pool.runValue[r] - d) : Infinity;
    const best = Math.min(dl, dr);
    if (best === Infinity || best > width) break;
    // every control at this distance, in data order
    const tied: number[] = [];
    if (dl === best) {
      for (let i = pool.runStart[l]; i < pool.runStart[l + 1]; i++) tied.push(pool.ctrl[i]);
      l--;
    }
    if (dr === best) {
      for (let i = pool.runStart[r]; i < pool.runStart[r + 1]; i++) tied.push(pool.ctrl[i]);
      r++;
    }
    if (dl === best && dr === best) tied.sort((a, b) => a - b);
    for (const c of tied) if (out.length < k) out.push(c);
  }
  return out;
}

/** MatchIt's ATT weights (see the module comment). */
function attWeights(n: number, sets: MatchedSet[]): Float64Array {
  const w = new Float64Array(n);
  const isControl = new Uint8Array(n);
  for (const s of sets) {
    w[s.treated] = 1;
    for (const c of s.controls) {
      w[c] += 1 / s.controls.length;
      isControl[c] = 1;
    }
  }
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (isControl[i]) {
      sum += w[i];
      count++;
    }
  }
  const scale = count / sum;
  for (let i = 0; i < n; i++) if (isControl[i]) w[i] *= scale;
  return w;
}

function setIds(n: number, sets: MatchedSet[]): Int32Array {
  const ids = new Int32Array(n);
  const byData = [...sets].sort((a, b) => a.treated - b.treated);
  byData.forEach((s, k) => {
    ids[s.treated] = k + 1;
    for (const c of s.controls) if (ids[c] === 0) ids[c] = k + 1;
  });
  return ids;
}
