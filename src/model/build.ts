/**
 * Turning accepted rows into the indexed model: sort by person, drop exact duplicate charges,
 * merge overlapping and adjacent custody episodes. Pure: no I/O.
 */
import { OPEN_END, NO_DATE, parseDate } from '../io/dates.js';
import { Charges, Custody, Dataset, People, csrOffsets } from './dataset.js';

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

/** Counting sort by person: returns row order grouped by person (stable). */
function orderByPerson(person: Int32Array, nPeople: number): { order: Int32Array; start: Int32Array } {
  const start = csrOffsets(person, nPeople); // counts only, so the column need not be sorted
  const fill = start.slice(0, nPeople);
  const order = new Int32Array(person.length);
  for (let i = 0; i < person.length; i++) order[fill[person[i]]++] = i;
  return { order, start };
}

/** Sort `order[lo..hi)` in place by a comparator over row indices (insertion sort for short runs). */
function sortRun(order: Int32Array, lo: number, hi: number, cmp: (a: number, b: number) => number): void {
  const len = hi - lo;
  if (len < 2) return;
  if (len <= 24) {
    for (let i = lo + 1; i < hi; i++) {
      const v = order[i];
      let j = i - 1;
      while (j >= lo && cmp(order[j], v) > 0) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = v;
    }
    return;
  }
  const sorted = Array.from(order.subarray(lo, hi)).sort(cmp);
  order.set(sorted, lo);
}

export interface ChargeRows {
  person: Int32Array;
  chargeDate: Int32Array;
  offenceDate: Int32Array;
  offenceCode: Int32Array;
  /** Interned index of every other column's values, so exact duplicates compare exactly. */
  rest: Int32Array;
  codes: string[];
}

/**
 * Index charges by person, ordered by charge date; exact duplicate rows (equal in every
 * column) are kept once and counted.
 */
export function buildCharges(rows: ChargeRows, nPeople: number): { charges: Charges; duplicates: number } {
  const { person, chargeDate, offenceDate, offenceCode, rest } = rows;
  const { order, start } = orderByPerson(person, nPeople);
  const cmp = (a: number, b: number) =>
    chargeDate[a] - chargeDate[b] || offenceDate[a] - offenceDate[b] || offenceCode[a] - offenceCode[b] || rest[a] - rest[b];
  for (let p = 0; p < nPeople; p++) sortRun(order, start[p], start[p + 1], cmp);

  const n = order.length;
  const cd = new Int32Array(n);
  const od = new Int32Array(n);
  const oc = new Int32Array(n);
  const personStart = new Int32Array(nPeople + 1);
  let out = 0;
  let duplicates = 0;
  for (let p = 0; p < nPeople; p++) {
    personStart[p] = out;
    let prev = -1;
    for (let k = start[p]; k < start[p + 1]; k++) {
      const r = order[k];
      if (prev >= 0 && cmp(prev, r) === 0) {
        duplicates++;
        continue;
      }
      cd[out] = chargeDate[r];
      od[out] = offenceDate[r];
      oc[out] = offenceCode[r];
      out++;
      prev = r;
    }
  }
  personStart[nPeople] = out;
  const charges: Charges = {
    n: out,
    personStart,
    chargeDate: out === n ? cd : cd.slice(0, out),
    offenceDate: out === n ? od : od.slice(0, out),
    offenceCode: out === n ? oc : oc.slice(0, out),
    codes: rows.codes,
  };
  return { charges, duplicates };
}

export interface CustodyRows {
  person: Int32Array;
  start: Int32Array;
  /** OPEN_END for an open episode. */
  end: Int32Array;
}

/**
 * Index custody by person and merge each person's overlapping or adjacent episodes
 * (end + 1 >= next start) into one. `merged` counts the episodes absorbed into another.
 */
export function buildCustody(rows: CustodyRows, nPeople: number): { custody: Custody; merged: number } {
  const { person, start: s, end: e } = rows;
  const { order, start } = orderByPerson(person, nPeople);
  const cmp = (a: number, b: number) => s[a] - s[b] || e[a] - e[b];
  for (let p = 0; p < nPeople; p++) sortRun(order, start[p], start[p + 1], cmp);
  const n = order.length;
  const ms = new Int32Array(n);
  const me = new Int32Array(n);
  const personStart = new Int32Array(nPeople + 1);
  let out = 0;
  let merged = 0;
  for (let p = 0; p < nPeople; p++) {
    personStart[p] = out;
    const first = out;
    for (let k = start[p]; k < start[p + 1]; k++) {
      const r = order[k];
      // OPEN_END + 1 does not overflow: typed-array reads are doubles.
      if (out > first && s[r] <= me[out - 1] + 1) {
        if (e[r] > me[out - 1]) me[out - 1] = e[r];
        merged++;
      } else {
        ms[out] = s[r];
        me[out] = e[r];
        out++;
      }
    }
  }
  personStart[nPeople] = out;
  return { custody: { n: out, personStart, start: ms.slice(0, out), end: me.slice(0, out) }, merged };
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

function day(s: string): number {
  const d = parseDate(s, 'yyyy-mm-dd');
  if (typeof d === 'string') throw new RangeError(d);
  return d;
}

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
    ids: input.people.map((p) => p.id),
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
  const ch = (input.charges ?? []).filter((c) => index.has(c.id));
  const chargeRows: ChargeRows = {
    person: Int32Array.from(ch.map((c) => index.get(c.id)!)),
    chargeDate: Int32Array.from(ch.map((c) => day(c.charge))),
    offenceDate: Int32Array.from(ch.map((c) => (c.offence ? day(c.offence) : NO_DATE))),
    offenceCode: Int32Array.from(
      ch.map((c) => {
        if (!c.code) return -1;
        let k = codes.indexOf(c.code);
        if (k < 0) k = codes.push(c.code) - 1;
        return k;
      }),
    ),
    rest: new Int32Array(ch.length),
    codes,
  };
  const cu = (input.custody ?? []).filter((c) => index.has(c.id));
  const custodyRows: CustodyRows = {
    person: Int32Array.from(cu.map((c) => index.get(c.id)!)),
    start: Int32Array.from(cu.map((c) => day(c.start))),
    end: Int32Array.from(cu.map((c) => (c.end ? day(c.end) : OPEN_END))),
  };
  return {
    asOf: day(input.asOf),
    people,
    charges: buildCharges(chargeRows, n).charges,
    custody: buildCustody(custodyRows, n).custody,
  };
}

