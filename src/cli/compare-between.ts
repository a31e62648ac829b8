/**
 * `desist compare --measure quarterly --between Q1,Q2`: the change in adjusted desistance between
 * two quarters of one fixed cohort, paired over the people at risk in both (src/compare/between.ts).
 */
import { usageError } from '../core/errors.js';
import { compareBetween } from '../compare/between.js';
import { parseDuration, parseQuarterLabel, type QuarterKind } from '../measures/periods.js';
import { applyDisclosure, type CountRule } from '../report/disclosure.js';
import type { Column, Output } from '../report/output.js';
import type { Dataset } from '../model/dataset.js';
import type { Opts } from './options.js';

const CELLS = ['charged_both', 'charged_first_only', 'charged_second_only', 'charged_neither'];
const DERIVED = ['desistance_first', 'desistance_second', 'change.estimate', 'change.ci_low', 'change.ci_high', 'test.statistic', 'test.p_value', 'test.discordant'];

/**
 * A cell of the paired table below K hides the whole table and every figure (any one cell could
 * be recovered from the others and `paired`); `paired` below K hides the row's figures too.
 */
export const BETWEEN_RULES: CountRule[] = [
  { count: 'paired', derived: [...CELLS, ...DERIVED] },
  ...CELLS.map((c) => ({ count: c, total: 'paired', derived: [...CELLS, ...DERIVED] })),
  { count: 'at_risk_only_first', derived: [] },
  { count: 'at_risk_only_second', derived: [] },
];

/** Parse `--between 2023Q4,2024Q4` into two quarter indices, first before second. */
export function parseBetween(v: string, kind: QuarterKind): [number, number] {
  const parts = String(v).split(',').map((s) => s.trim());
  if (parts.length !== 2) throw usageError(`--between: expected two quarters separated by a comma, e.g. 2023Q4,2024Q4; got '${v}'`);
  let q: number[];
  try {
    q = parts.map((p) => parseQuarterLabel(p, kind));
  } catch (e) {
    throw usageError(`--between: ${(e as Error).message}`);
  }
  if (q[0] >= q[1]) throw usageError(`--between: the first quarter (${parts[0]}) must come before the second (${parts[1]})`);
  return [q[0], q[1]];
}

const pct = (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : '–');
const pts = (v: unknown) => (typeof v === 'number' ? (v * 100).toFixed(1) : '–');
const p4 = (v: unknown) => (typeof v !== 'number' ? '–' : v < 0.0001 ? v.toExponential(2) : v.toFixed(4));

export function betweenOutput(o: Opts, ds: Dataset, meta: Output['meta'], warnings: string[]): Output {
  const kind = o.quarters as QuarterKind;
  const [first, second] = parseBetween(o.between as string, kind);
  let computed;
  try {
    computed = compareBetween(
      ds,
      {
        quarters: kind,
        basis: o.basis as 'charge',
        custody: o.custodyMode as 'whole-quarter',
        minLibertyDays: o.minLibertyDays as number,
        lag: parseDuration(o.lag as string),
        byGroup: true,
      },
      first,
      second,
      { bootstrap: o.bootstrap as number, seed: o.seed as number, level: o.level as number },
    );
  } catch (e) {
    if (e instanceof RangeError) throw usageError(e.message);
    throw e;
  }
  const rows = computed as unknown as Record<string, unknown>[];
  applyDisclosure(rows, BETWEEN_RULES, { minCell: o.minCell as number, round: o.round as number });
  const lvl = `${Math.round((o.level as number) * 100)}% CI`;
  const k = `<${o.minCell as number}`;
  const cnt = (v: unknown) => (v === null ? k : String(v));
  const human = rows.map((r) => {
    const c = r.change as { estimate: number | null; ci_low: number | null; ci_high: number | null };
    const t = r.test as { name: string; p_value: number | null };
    return {
      group: r.group ?? '(no group)',
      paired: cnt(r.paired),
      table: `${cnt(r.charged_both)} / ${cnt(r.charged_first_only)} / ${cnt(r.charged_second_only)} / ${cnt(r.charged_neither)}`,
      first: pct(r.desistance_first),
      second: pct(r.desistance_second),
      change: pts(c.estimate),
      ci: c.ci_low === null || c.ci_high === null ? '–' : `${pts(c.ci_low)} to ${pts(c.ci_high)}`,
      p: p4(t.p_value),
      test: t.name,
      apart: `${cnt(r.at_risk_only_first)} / ${cnt(r.at_risk_only_second)}`,
    };
  });
  const [q1, q2] = [rows[0]?.first_quarter ?? '', rows[0]?.second_quarter ?? ''] as string[];
  const cols: Column[] = [
    { key: 'group', label: 'group', kind: 'text' },
    { key: 'paired', label: 'at risk in both', kind: 'text' },
    { key: 'table', label: 'charged both / first only / second only / neither', kind: 'text' },
    { key: 'first', label: `desistance ${q1}`, kind: 'text' },
    { key: 'second', label: `desistance ${q2}`, kind: 'text' },
    { key: 'change', label: 'change (pts)', kind: 'text' },
    { key: 'ci', label: lvl, kind: 'text' },
    { key: 'p', label: 'p', kind: 'text' },
    { key: 'test', label: 'test', kind: 'text' },
    { key: 'apart', label: 'at risk only first / only second', kind: 'text' },
  ];
  const notes = [
    `Paired over the people at risk in both ${q1} and ${q2} (${o.basis} date basis, --custody ${o.custodyMode as string}); people at risk in only one of the two quarters are counted apart and left out of every figure.`,
    `Change = desistance in ${q2} - desistance in ${q1}, in percentage points; interval: person-level bootstrap, percentile (${o.bootstrap as number} replicates, seed ${o.seed as number}); test: McNemar's, exact binomial when fewer than 25 people changed, else chi-square without continuity correction.`,
  ];
  if (rows.some((r) => r.provisional_first || r.provisional_second)) notes.push('A provisional quarter can still change as late charges arrive (see --lag and quarterly --nowcast).');
  return {
    meta: { ...meta, level: o.level, seed: o.seed, bootstrap: o.bootstrap, measure: 'change in quarterly desistance within the cohort (paired)', between: [q1, q2] },
    warnings,
    rows,
    tables: [{ title: `Change in desistance, ${q1} to ${q2}, people at risk in both`, columns: cols, rows: human }],
    notes,
    minCell: o.minCell as number,
  };
}
