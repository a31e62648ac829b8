/**
 * `desist explain DATASET --quarter 2024Q4`: from the figure an IOM team would publish to the
 * defensible one, one flaw per step, per group (issue 16):
 *
 * 1. published style: charge basis, everyone eligible counted, custody ignored
 *    (= `quarterly --basis charge --custody none`);
 * 2. people in custody all quarter out of the denominator
 *    (= `quarterly --basis charge --custody whole-quarter`, or the chosen --custody-mode);
 * 3. offence basis instead of charge basis (= `quarterly --basis offence`);
 * 4. late charges nowcast (= `quarterly --basis offence --nowcast`: `desistance_nowcast` and its
 *    prediction interval; a complete quarter keeps its observed value).
 *
 * Every step runs `quarterly` for the one quarter (`--from Q --to Q`) with those options, through
 * the same function the quarterly command uses, and reads the figure after the same disclosure
 * control, so each step's figure is exactly what `quarterly` prints with those options.
 * `change_points` is the change from the previous step in percentage points.
 */
import type { Command } from 'commander';
import { ANALYSIS_SPECS, datasetCommand, type Ctx } from './context.js';
import { usageError } from '../core/errors.js';
import type { OptSpec, Opts } from './options.js';
import { QUARTERLY_OPTS, QUARTERLY_RULES, planQuarterly } from './quarterly.js';
import { allPlanned, mapPlanned, runPlanned, type Planned } from '../measures/planned.js';
import { parseQuarterLabel, quarterLabel, type QuarterKind } from '../measures/periods.js';
import { applyDisclosure } from '../report/disclosure.js';
import type { Column, Output } from '../report/output.js';
import type { Dataset } from '../model/dataset.js';

const SHARED = ['quarters', 'custodyMode', 'minLibertyDays', 'lag', 'level', 'ciMethod', 'pooled', 'nowcastMethod', 'nowcastWindow', 'nowcastMaxDelay', 'nowcastDraws', 'seed'];

export const EXPLAIN_OPTS: OptSpec[] = [
  { flags: '--quarter <quarter>', key: 'quarter', description: 'the quarter to explain, e.g. 2024Q4 or 2024/25 Q3 (required)' },
  ...QUARTERLY_OPTS.filter((s) => SHARED.includes(s.key)),
];

const SPECS = ANALYSIS_SPECS(EXPLAIN_OPTS);

export interface ExplainStep {
  step: number;
  name: string;
  description: string;
  /** The quarterly options that give this step's figure. */
  quarterly_options: string;
  /** The row field of quarterly the figure is read from. */
  field: 'desistance_unadjusted' | 'desistance' | 'desistance_nowcast';
  opts: Partial<Opts>;
}

/** The four steps, for the chosen custody mode. */
export function explainSteps(o: Opts): ExplainStep[] {
  const custody = `--custody-mode ${o.custodyMode as string}${o.custodyMode === 'min-liberty' ? ` --min-liberty-days ${o.minLibertyDays as number}` : ''}`;
  return [
    { step: 1, name: 'published', description: 'published style: charge basis, everyone eligible counted, custody ignored', quarterly_options: '--basis charge --custody-mode none', field: 'desistance', opts: { basis: 'charge', custodyMode: 'none', nowcast: false } },
    { step: 2, name: 'custody', description: 'people in custody all quarter taken out of the denominator', quarterly_options: `--basis charge ${custody}`, field: 'desistance', opts: { basis: 'charge', nowcast: false } },
    { step: 3, name: 'offence-basis', description: 'offences committed in the quarter (offence date) instead of charges made in it (charge date)', quarterly_options: `--basis offence ${custody}`, field: 'desistance', opts: { basis: 'offence', nowcast: false } },
    { step: 4, name: 'nowcast', description: 'late charges nowcast: offences in the quarter still to be charged', quarterly_options: `--basis offence ${custody} --nowcast`, field: 'desistance_nowcast', opts: { basis: 'offence', nowcast: true } },
  ];
}

export interface ExplainRow {
  quarter: string;
  step: number;
  name: string;
  description: string;
  group: string | null;
  desistance: number | null;
  ci_low: number | null;
  ci_high: number | null;
  change_points: number | null;
  /** `prediction` for the nowcast step of a provisional quarter, else `confidence`. */
  interval: 'confidence' | 'prediction';
  quarterly_options: string;
  provisional: boolean;
  /** The fields withheld because the quarterly figure they come from is suppressed (--min-cell). */
  suppressed?: string[];
}

/**
 * Quarterly rows (after disclosure control) for one step's options, the nowcast's simulation
 * left to the caller (planQuarterly).
 */
function planStepRows(ds: Dataset, o: Opts, s: ExplainStep): Planned<Record<string, unknown>[]> {
  return mapPlanned(planQuarterly(ds, { ...o, ...s.opts, from: o.quarter, to: o.quarter, cumulative: false }), ({ res }) => {
    const rows = res.rows as unknown as Record<string, unknown>[];
    applyDisclosure(rows, QUARTERLY_RULES, { minCell: o.minCell as number, round: o.round as number });
    return rows;
  });
}

/** Rows of every step, per group, with the change from the previous step. */
function planExplainRows(ds: Dataset, o: Opts): Planned<ExplainRow[]> {
  const steps = explainSteps(o);
  return mapPlanned(allPlanned(steps.map((s) => planStepRows(ds, o, s))), (perStep) => stepsToRows(steps, perStep));
}

function stepsToRows(steps: ExplainStep[], perStep: Record<string, unknown>[][]): ExplainRow[] {
  const out: ExplainRow[] = [];
  const groups = perStep[0].map((r) => r.group as string | null);
  groups.forEach((group, g) => {
    let previous: number | null = null;
    steps.forEach((s, k) => {
      const r = perStep[k][g];
      const nowcast = s.field === 'desistance_nowcast';
      const value = r[s.field] as number | null;
      const prediction = nowcast && Boolean(r.provisional);
      const ciLow = (prediction ? r.nowcast_ci_low : r.ci_low) as number | null;
      const ciHigh = (prediction ? r.nowcast_ci_high : r.ci_high) as number | null;
      const row: ExplainRow = {
        quarter: r.quarter as string,
        step: s.step,
        name: s.name,
        description: nowcast && !r.provisional ? `${s.description} (complete quarter: the observed value stands)` : s.description,
        group,
        desistance: value,
        ci_low: ciLow,
        ci_high: ciHigh,
        change_points: value === null || previous === null ? null : Math.round((value - previous) * 1e6) / 1e4,
        interval: prediction ? 'prediction' : 'confidence',
        quarterly_options: s.quarterly_options,
        provisional: Boolean(r.provisional),
      };
      const hidden = Array.isArray(r.suppressed) ? (r.suppressed as string[]) : [];
      if (hidden.includes(s.field)) row.suppressed = ['desistance', 'ci_low', 'ci_high', 'change_points'];
      out.push(row);
      previous = value;
    });
  });
  return out;
}

const pct = (v: number | null) => (v === null ? 'not available' : `${(v * 100).toFixed(1)}%`);
const pts = (v: number) => `${v > 0 ? '+' : ''}${v.toFixed(1)} points`;

/**
 * The plain-language paragraph: per group, the published and the defensible figure, and the step
 * that moved the figure most; then the flaw that mattered most over all groups (largest mean
 * absolute change).
 */
export function explainParagraph(rows: ExplainRow[], quarter: string): string {
  const groups = [...new Set(rows.map((r) => r.group))];
  const sentences: string[] = [];
  const total = new Map<number, { sum: number; n: number }>();
  for (const g of groups) {
    const rs = rows.filter((r) => r.group === g);
    const who = g === null ? 'the cohort' : g;
    const first = rs[0];
    const last = rs[rs.length - 1];
    const moves = rs.filter((r) => r.change_points !== null);
    if (first.desistance === null || last.desistance === null || moves.length < rs.length - 1) {
      sentences.push(`For ${who}, some figures are not available (suppressed or undefined), so the steps cannot be compared.`);
      continue;
    }
    const biggest = moves.reduce((a, b) => (Math.abs(b.change_points!) > Math.abs(a.change_points!) ? b : a));
    moves.forEach((r) => {
      const t = total.get(r.step) ?? { sum: 0, n: 0 };
      total.set(r.step, { sum: t.sum + Math.abs(r.change_points!), n: t.n + 1 });
    });
    sentences.push(
      `For ${who}, the published-style figure is ${pct(first.desistance)} and the defensible one ${pct(last.desistance)} (${pts((last.desistance - first.desistance) * 100)}); the largest single step is ${biggest.step} (${biggest.name}: ${pts(biggest.change_points!)}).`,
    );
  }
  let lead = `In ${quarter}, no step could be compared.`;
  if (total.size > 0) {
    const [step, t] = [...total.entries()].reduce((a, b) => (b[1].sum / b[1].n > a[1].sum / a[1].n ? b : a));
    const s = rows.find((r) => r.step === step)!;
    lead = `In ${quarter}, the flaw that mattered most was step ${step}, ${s.description.replace(/ \(complete quarter.*\)$/, '')}: it moved the figure by ${(t.sum / t.n).toFixed(1)} points on average over ${t.n === 1 ? 'the one group' : `${t.n} groups`}.`;
  }
  return [lead, ...sentences].join(' ');
}

export function explainOutput(o: Opts, ds: Dataset, meta: Output['meta'], warnings: string[]): Output {
  return runPlanned(planExplainOutput(o, ds, meta, warnings));
}

/** explainOutput with the nowcast's simulation left to the caller (`desist report` runs it on a worker thread). */
export function planExplainOutput(o: Opts, ds: Dataset, meta: Output['meta'], warnings: string[]): Planned<Output> {
  if (o.quarter === undefined) throw usageError('explain needs --quarter, e.g. --quarter 2024Q4');
  let q: number;
  try {
    q = parseQuarterLabel(String(o.quarter), o.quarters as QuarterKind);
  } catch (e) {
    throw usageError(`--quarter: ${(e as Error).message}`);
  }
  const label = quarterLabel(q, o.quarters as QuarterKind);
  return mapPlanned(planExplainRows(ds, o), (rows) => explainOutputOf(o, label, rows, meta, warnings));
}

function explainOutputOf(o: Opts, label: string, rows: ExplainRow[], meta: Output['meta'], warnings: string[]): Output {
  const paragraph = explainParagraph(rows, label);
  const lvl = `${Math.round((o.level as number) * 100)}% interval`;
  const cols: Column[] = [
    ...(rows.some((r) => r.group !== null) ? [{ key: 'group', label: 'group', kind: 'text' } as Column] : []),
    { key: 'step', label: 'step', kind: 'int' },
    { key: 'description', label: 'what changes', kind: 'text' },
    { key: 'desistance', label: 'desistance', kind: 'prop' },
    { key: 'ci', label: lvl, kind: 'interval', lowKey: 'ci_low', highKey: 'ci_high' },
    { key: 'change_points', label: 'change (pts)', kind: 'num', digits: 1 },
    { key: 'quarterly_options', label: 'quarterly options', kind: 'text' },
  ];
  const notes = [
    paragraph,
    `Each step is desist quarterly --from ${label} --to ${label} with the options shown; intervals: ${o.ciMethod as string} confidence intervals, and for the nowcast of a provisional quarter the ${Math.round((o.level as number) * 100)}% prediction interval (seed ${o.seed as number}).`,
  ];
  return {
    meta: { ...meta, quarter: label, level: o.level, ci_method: o.ciMethod, seed: o.seed, explanation: paragraph, steps: explainSteps(o).map(({ step, name, description, quarterly_options }) => ({ step, name, description, quarterly_options })) },
    warnings,
    rows: rows as unknown as Record<string, unknown>[],
    tables: [{ title: `From the published figure to the defensible one, ${label}`, columns: cols, rows: rows as unknown as Record<string, unknown>[] }],
    notes,
    minCell: o.minCell as number,
  };
}

export function explainCommand(ctx: Ctx): Command {
  return datasetCommand(ctx, {
    name: 'explain',
    description: 'from the published-style figure to the defensible one, one flaw per step',
    specs: SPECS,
    examples: ['desist explain sample-data/ --quarter 2024Q4', 'desist explain sample-data/ --quarter 2024Q4 --pooled --format json'],
    run: ({ o, loaded, meta }) => explainOutput(o, loaded.dataset, meta, loaded.warnings),
  });
}
