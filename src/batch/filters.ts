/**
 * `where`: a comparison restricted to a subgroup of the cohort, by the cohort's own columns
 * (covariates such as age, sex, force area, offence type). Every condition must hold (AND).
 *
 * | form | keeps people whose value |
 * |---|---|
 * | `sex: F` | is `F` (text, exact after trimming) |
 * | `age: 18` | reads as the number 18 (`18`, `18.0`) |
 * | `area: [North, East]` | is one of the listed values |
 * | `age: { between: [18, 24] }` | is a number from 18 to 24, both included |
 * | `age: { min: 25 }`, `{ max: 17 }`, `{ min: 18, max: 24 }` | is a number at least / at most (inclusive) |
 * | `risk_score: { missing: true }` | is empty; `{ missing: false }`: is not empty |
 *
 * An empty value matches only `missing: true`; a value that is not a number never matches a
 * numeric condition. Both are counted (never silently dropped): `filtered_out` counts everyone
 * the clause leaves out, `filter_not_numeric` those left out because a numeric condition met
 * text that is not a number.
 */

/** A where clause that cannot be read: `path` below `where`, and what was expected. */
export class WhereError extends Error {
  constructor(
    readonly path: (string | number)[],
    message: string,
  ) {
    super(message);
  }
}

export type Condition =
  | { kind: 'equals'; values: (string | number)[] }
  | { kind: 'range'; min: number; max: number }
  | { kind: 'missing'; missing: boolean };

export interface Clause {
  column: string;
  condition: Condition;
}

export type Where = Clause[];

const FORMS = 'a value, a list of values, or one of { between: [lo, hi] }, { min: x }, { max: x }, { missing: true | false }';

function scalar(v: unknown): v is string | number {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

function parseCondition(column: string, v: unknown): Condition {
  if (scalar(v)) return { kind: 'equals', values: [v] };
  if (Array.isArray(v)) {
    if (v.length === 0) throw new WhereError([column], 'an empty list matches nobody: list at least one value');
    v.forEach((x, i) => {
      if (!scalar(x)) throw new WhereError([column, i], `expected a text or number value, got ${JSON.stringify(x)}`);
    });
    return { kind: 'equals', values: v as (string | number)[] };
  }
  if (v === null || typeof v !== 'object') throw new WhereError([column], `expected ${FORMS}, got ${JSON.stringify(v)}`);
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!['between', 'min', 'max', 'missing'].includes(k)) throw new WhereError([column, k], `not a condition: expected ${FORMS}`);
  }
  if ('missing' in o) {
    if (Object.keys(o).length > 1) throw new WhereError([column], 'missing cannot be combined with other conditions on the same column');
    if (typeof o.missing !== 'boolean') throw new WhereError([column, 'missing'], `expected true or false, got ${JSON.stringify(o.missing)}`);
    return { kind: 'missing', missing: o.missing };
  }
  const num = (k: string, x: unknown, path: (string | number)[]) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new WhereError(path, `expected a number, got ${JSON.stringify(x)}`);
    return x;
  };
  let min = -Infinity;
  let max = Infinity;
  if ('between' in o) {
    if ('min' in o || 'max' in o) throw new WhereError([column], 'give between, or min and/or max, not both');
    const b = o.between;
    if (!Array.isArray(b) || b.length !== 2) throw new WhereError([column, 'between'], `expected two numbers [lo, hi], got ${JSON.stringify(b)}`);
    min = num('between', b[0], [column, 'between', 0]);
    max = num('between', b[1], [column, 'between', 1]);
  }
  if ('min' in o) min = num('min', o.min, [column, 'min']);
  if ('max' in o) max = num('max', o.max, [column, 'max']);
  if (min > max) throw new WhereError([column], `the lower bound ${min} is above the upper bound ${max}`);
  return { kind: 'range', min, max };
}

/** Read a where clause (the object under `where:`); WhereError names the part that is wrong. */
export function parseWhere(where: Record<string, unknown>): Where {
  return Object.entries(where).map(([column, v]) => ({ column, condition: parseCondition(column, v) }));
}

/** The clause in words, for tables and the row's `where` field. */
export function describeWhere(where: Where): string {
  const one = ({ column, condition: c }: Clause) => {
    if (c.kind === 'missing') return `${column} ${c.missing ? 'is missing' : 'is not missing'}`;
    if (c.kind === 'equals') return c.values.length === 1 ? `${column} = ${c.values[0]}` : `${column} in (${c.values.join(', ')})`;
    if (c.min === -Infinity) return `${column} <= ${c.max}`;
    if (c.max === Infinity) return `${column} >= ${c.min}`;
    return `${column} ${c.min}-${c.max}`;
  };
  return where.map(one).join('; ');
}

/** The columns a clause names that the cohort lacks. */
export function missingColumns(where: Where, columns: Iterable<string>): string[] {
  const have = new Set(columns);
  return where.map((c) => c.column).filter((c) => !have.has(c));
}

export interface Subgroup {
  /** 1 for people the clause keeps */
  keep: Uint8Array;
  /** people (any group) the clause leaves out */
  filteredOut: number;
  /** of those, people left out because a numeric condition met a value that is not a number */
  notNumeric: number;
}

const numberOf = (s: string) => (s === '' ? NaN : Number(s));

/** Which people a clause keeps, from the cohort's columns (raw text by column name). */
export function applyWhere(where: Where, n: number, columns: Map<string, string[]>): Subgroup {
  const keep = new Uint8Array(n).fill(1);
  const notNumber = new Uint8Array(n);
  for (const { column, condition: c } of where) {
    const values = columns.get(column)!;
    for (let p = 0; p < n; p++) {
      if (!keep[p]) continue;
      const v = values[p];
      let ok: boolean;
      if (c.kind === 'missing') ok = (v === '') === c.missing;
      else if (v === '') ok = false;
      else if (c.kind === 'equals') ok = c.values.some((x) => (typeof x === 'number' ? numberOf(v) === x : v === x));
      else {
        const x = numberOf(v);
        if (Number.isNaN(x)) notNumber[p] = 1;
        ok = x >= c.min && x <= c.max;
      }
      if (!ok) keep[p] = 0;
    }
  }
  let filteredOut = 0;
  let notNumeric = 0;
  for (let p = 0; p < n; p++) {
    if (keep[p]) continue;
    filteredOut++;
    notNumeric += notNumber[p];
  }
  return { keep, filteredOut, notNumeric };
}
