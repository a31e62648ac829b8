/**
 * Turning accepted rows into the indexed model: sort by person, drop exact duplicate charges,
 * merge overlapping and adjacent custody episodes. Pure: no I/O.
 */
import { OPEN_END, NO_DATE, isoDay } from '../core/days.js';
import { Charges, Custody, Dataset, People } from './dataset.js';
import { Stage, type StageBlock, type StageView } from './stage.js';

/** A growable Int32 column, for rows whose count is not known in advance. */
export class IntColumn {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** The filled part, as a right-sized copy (frees the slack). */
  finish(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Scatter the staged rows of cohort members (person >= 0) into person order: a counting sort,
 * stable, so each person's rows keep their file order. Returns the CSR offsets.
 */
function scatter(views: StageView[], nPeople: number, cols: { from: keyof StageBlock; to: Int32Array }[]): Int32Array {
  const start = new Int32Array(nPeople + 1);
  for (const v of views) {
    v.blocks.forEach((blk, j) => {
      const person = blk.person;
      for (let i = 0, m = v.rows[j]; i < m; i++) if (person[i] >= 0) start[person[i] + 1]++;
    });
  }
  for (let p = 0; p < nPeople; p++) start[p + 1] += start[p];
  const fill = start.slice(0, nPeople);
  for (const v of views) {
    v.blocks.forEach((blk, j) => {
      // where each row goes (-1: not kept), then one tight loop per column
      const m = v.rows[j];
      const person = blk.person;
      const pos = new Int32Array(m);
      for (let i = 0; i < m; i++) pos[i] = person[i] >= 0 ? fill[person[i]]++ : -1;
      for (const c of cols) {
        const src = blk[c.from];
        const dst = c.to;
        for (let i = 0; i < m; i++) if (pos[i] >= 0) dst[pos[i]] = src[i];
      }
    });
  }
  return start;
}

/** Count the rows the builder will keep (cohort members, not rejected). */
export function stagedMembers(views: StageView[]): number {
  let n = 0;
  for (const v of views) {
    v.blocks.forEach((blk, j) => {
      const person = blk.person;
      for (let i = 0, m = v.rows[j]; i < m; i++) if (person[i] >= 0) n++;
    });
  }
  return n;
}

/**
 * Sort rows [lo, hi) of parallel columns by `cmp` when they are not already in order:
 * insertion sort in place for short runs (most people have a handful of rows), an index sort
 * for long ones.
 */
function sortRun(cols: Int32Array[], lo: number, hi: number, cmp: (a: number, b: number) => number): void {
  let sorted = true;
  for (let i = lo + 1; i < hi && sorted; i++) if (cmp(i - 1, i) > 0) sorted = false;
  if (sorted) return;
  if (hi - lo <= 32) {
    const tmp = new Int32Array(cols.length);
    for (let i = lo + 1; i < hi; i++) {
      for (let c = 0; c < cols.length; c++) tmp[c] = cols[c][i];
      let j = i - 1;
      while (j >= lo && compareWith(cols, j, tmp) > 0) {
        for (let c = 0; c < cols.length; c++) cols[c][j + 1] = cols[c][j];
        j--;
      }
      for (let c = 0; c < cols.length; c++) cols[c][j + 1] = tmp[c];
    }
    return;
  }
  const idx = Array.from({ length: hi - lo }, (_, k) => lo + k).sort(cmp);
  for (const c of cols) {
    const copy = idx.map((i) => c[i]);
    c.set(copy, lo);
  }
}

/** Lexicographic comparison of row j of `cols` with the values in `v`. */
function compareWith(cols: Int32Array[], j: number, v: Int32Array): number {
  for (let c = 0; c < cols.length; c++) {
    const d = cols[c][j] - v[c];
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Index charges by person, ordered by charge date; exact duplicate rows (equal in every
 * column) are kept once and counted. Staged rows with person < 0 (outside the cohort, or
 * rejected) are left out.
 */
export function buildCharges(st: StageView[], nPeople: number, codes: string[], hasRest = true): { charges: Charges; duplicates: number } {
  const n = stagedMembers(st);
  const cd = new Int32Array(n);
  const od = new Int32Array(n);
  const oc = new Int32Array(n);
  // `rest` (other columns' text) is all zero when no row needed it: then it is not scattered
  const rs = new Int32Array(hasRest ? n : 0);
  const start = scatter(st, nPeople, [
    { from: 'a', to: cd },
    { from: 'b', to: od },
    { from: 'code', to: oc },
    ...(hasRest ? [{ from: 'rest' as const, to: rs }] : []),
  ]);
  const rest = (i: number) => (hasRest ? rs[i] : 0);
  const cmp = (a: number, b: number) => cd[a] - cd[b] || od[a] - od[b] || oc[a] - oc[b] || rest(a) - rest(b);
  const cols = hasRest ? [cd, od, oc, rs] : [cd, od, oc];
  const personStart = new Int32Array(nPeople + 1);
  let w = 0;
  for (let p = 0; p < nPeople; p++) {
    const lo = start[p];
    const hi = start[p + 1];
    if (hi - lo > 1) sortRun(cols, lo, hi, cmp);
    personStart[p] = w;
    for (let i = lo; i < hi; i++) {
      if (i > lo && w > personStart[p] && cd[i] === cd[w - 1] && od[i] === od[w - 1] && oc[i] === oc[w - 1] && rest(i) === rest(w - 1)) continue;
      cd[w] = cd[i];
      od[w] = od[i];
      oc[w] = oc[i];
      if (hasRest) rs[w] = rs[i];
      w++;
    }
  }
  personStart[nPeople] = w;
  const charges: Charges = {
    n: w,
    personStart,
    chargeDate: cd.subarray(0, w),
    offenceDate: od.subarray(0, w),
    offenceCode: oc.subarray(0, w),
    codes,
  };
  return { charges, duplicates: n - w };
}

/**
 * Index custody by person and merge each person's overlapping or adjacent episodes
 * (end + 1 >= next start) into one. `merged` counts the episodes absorbed into another.
 */
export function buildCustody(st: StageView[], nPeople: number): { custody: Custody; merged: number } {
  const n = stagedMembers(st);
  const s = new Int32Array(n);
  const e = new Int32Array(n);
  const start = scatter(st, nPeople, [
    { from: 'a', to: s },
    { from: 'b', to: e },
  ]);
  const cmp = (a: number, b: number) => s[a] - s[b] || e[a] - e[b];
  const personStart = new Int32Array(nPeople + 1);
  let w = 0;
  for (let p = 0; p < nPeople; p++) {
    const lo = start[p];
    const hi = start[p + 1];
    if (hi - lo > 1) sortRun([s, e], lo, hi, cmp);
    personStart[p] = w;
    for (let i = lo; i < hi; i++) {
      // OPEN_END + 1 does not overflow: typed-array reads are doubles.
      if (w > personStart[p] && s[i] <= e[w - 1] + 1) {
        if (e[i] > e[w - 1]) e[w - 1] = e[i];
        continue;
      }
      s[w] = s[i];
      e[w] = e[i];
      w++;
    }
  }
  personStart[nPeople] = w;
  return { custody: { n: w, personStart, start: s.subarray(0, w), end: e.subarray(0, w) }, merged: n - w };
}

/* ---------- a small literal builder, for tests and examples ---------- */

export interface LiteralPerson {
  id: string;
  start: string;
  end?: string;
  group?: string;
  covariates?: Record<string, string>;
}
export interface LiteralCharge {
  id: string;
  charge: string;
  offence?: string;
  code?: string;
}
export interface LiteralCustody {
  id: string;
  start: string;
  end?: string;
}

const day = isoDay;

/**
 * Build a Dataset from literal rows with ISO dates. Rows naming people outside the cohort
 * are ignored (as the reader counts and drops them). For tests and examples.
 */
export function datasetFromLiterals(input: {
  asOf: string;
  people: LiteralPerson[];
  charges?: LiteralCharge[];
  custody?: LiteralCustody[];
}): Dataset {
  const index = new Map<string, number>();
  const groupNames: string[] = [];
  const n = input.people.length;
  const people: People = {
    n,
    id: (p: number) => input.people[p].id,
    cohortStart: new Int32Array(n),
    cohortEnd: new Int32Array(n),
    group: new Int32Array(n),
    groupNames,
    covariates: new Map(),
  };
  input.people.forEach((p, i) => {
    index.set(p.id, i);
    people.cohortStart[i] = day(p.start);
    people.cohortEnd[i] = p.end ? day(p.end) : OPEN_END;
    if (p.group === undefined) people.group[i] = -1;
    else {
      let g = groupNames.indexOf(p.group);
      if (g < 0) g = groupNames.push(p.group) - 1;
      people.group[i] = g;
    }
    for (const [k, v] of Object.entries(p.covariates ?? {})) {
      if (!people.covariates.has(k)) people.covariates.set(k, new Array<string>(n).fill(''));
      people.covariates.get(k)![i] = v;
    }
  });
  const codes: string[] = [];
  const chargeStage = new Stage();
  (input.charges ?? []).forEach((c, line) => {
    let k = -1;
    if (c.code) {
      k = codes.indexOf(c.code);
      if (k < 0) k = codes.push(c.code) - 1;
    }
    chargeStage.push(index.get(c.id) ?? -1, day(c.charge), c.offence ? day(c.offence) : NO_DATE, k, 0, line + 2);
  });
  const custodyStage = new Stage();
  (input.custody ?? []).forEach((c, line) => {
    custodyStage.push(index.get(c.id) ?? -1, day(c.start), c.end ? day(c.end) : OPEN_END, -1, 0, line + 2);
  });
  return {
    asOf: day(input.asOf),
    people,
    charges: buildCharges([chargeStage.view()], n, codes).charges,
    custody: buildCustody([custodyStage.view()], n).custody,
  };
}

