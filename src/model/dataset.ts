/**
 * The in-memory dataset every measure works on.
 *
 * People are numbered 0..n-1 in cohort order. Charges and custody are stored column-wise in
 * typed arrays, sorted by person and indexed CSR-style: the rows of person `p` are
 * `personStart[p] .. personStart[p + 1] - 1`. Dates are integer day numbers (see io/dates.ts).
 *
 * Memory: a charge costs 4 x Int32 (person is implicit in the CSR index, plus charge date,
 * offence date, offence code, category) = 16 bytes, so ten million charges take ~160 MB.
 * Custody episodes are stored already merged (overlapping and adjacent episodes joined).
 */
import { NO_DATE, OPEN_END } from '../core/days.js';

export { NO_DATE, OPEN_END };

export interface People {
  n: number;
  /** The person_id of person p, as read (a string, never a number: leading zeros matter). */
  id: (p: number) => string;
  cohortStart: Int32Array;
  /** OPEN_END when the person has not left the cohort. */
  cohortEnd: Int32Array;
  /** Index into `groupNames`, or -1 when the cohort has no group value for the person. */
  group: Int32Array;
  groupNames: string[];
  /**
   * Other cohort columns (age, sex, ...), raw strings by column name; '' when empty. Read only
   * when a command needs them (loadDataset's `covariates` option): none does yet.
   */
  covariates: Map<string, string[]>;
}

export interface Charges {
  n: number;
  /** CSR offsets, length people.n + 1. */
  personStart: Int32Array;
  chargeDate: Int32Array;
  /** NO_DATE when the extract left it empty. */
  offenceDate: Int32Array;
  /** Index into `codes`, -1 when empty. */
  offenceCode: Int32Array;
  codes: string[];
}

export interface Custody {
  /** Number of merged episodes. */
  n: number;
  personStart: Int32Array;
  start: Int32Array;
  /** Last day in custody (inclusive); OPEN_END for "still in custody". */
  end: Int32Array;
}

export interface Dataset {
  asOf: number;
  people: People;
  charges: Charges;
  custody: Custody;
}

/** CSR offsets from a person column (only counts are used, so order does not matter). */
export function csrOffsets(person: Int32Array, nPeople: number): Int32Array {
  const off = new Int32Array(nPeople + 1);
  for (let i = 0; i < person.length; i++) off[person[i] + 1]++;
  for (let p = 0; p < nPeople; p++) off[p + 1] += off[p];
  return off;
}

/**
 * Custody days of person `p` inside the closed window [a, b], with open episodes ending at asOf.
 * Episodes are merged and sorted, so the overlaps simply add up.
 */
export function custodyDaysIn(c: Custody, p: number, a: number, b: number, asOf: number): number {
  let days = 0;
  for (let k = c.personStart[p], e = c.personStart[p + 1]; k < e; k++) {
    const s = c.start[k];
    if (s > b) break;
    const end = Math.min(c.end[k], asOf);
    const lo = s > a ? s : a;
    const hi = end < b ? end : b;
    if (hi >= lo) days += hi - lo + 1;
  }
  return days;
}

/** True when person `p` is in custody on day `d`. */
export function inCustodyOn(c: Custody, p: number, d: number, asOf: number): boolean {
  for (let k = c.personStart[p], e = c.personStart[p + 1]; k < e; k++) {
    if (c.start[k] > d) return false;
    if (d <= Math.min(c.end[k], asOf)) return true;
  }
  return false;
}
