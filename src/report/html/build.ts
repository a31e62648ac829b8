/**
 * Assembles the HTML report from the commands' Outputs (rows already under disclosure
 * control): the summary sentences, the charts (rendered to SVG), the tables, the method
 * statement, the data quality section and the provenance.
 */
import type { HumanTable, Meta, Output } from '../output.js';
import type { Loaded } from '../../io/load.js';
import { balanceChart, forestChart, gridPoints, quarterlyChart, riskRow, survivalChart, waterfallChart, type BalanceRow, type ChartSpec, type ForestRow, type Row } from './charts.js';
import { differenceSentence, durationWords, latestQuarterSentences, ratesSentence } from './summary.js';
import { reportHtml, type Figure, type NumberedTable, type ReportPage } from './page.js';
import { renderSvg } from './svg.js';
import { countText, isSmall, withholdSmall } from './small-counts.js';

export interface ReportInput {
  meta: Meta;
  o: Record<string, unknown>;
  loaded: Pick<Loaded, 'rejections' | 'inputs'>;
  quarterly: Output;
  followup: Output;
  curve: Output;
  /** under --min-cell: `followup --curve --at DAYS` (DAYS from curveGrid), which the curve is drawn from */
  curveAt: Output | null;
  compare: Output | null;
  compareMissing: string | null;
  balance?: { file: string; rows: BalanceRow[] };
  batch?: { file: string; rows: ForestRow[]; level: number | null };
  /** `desist explain`'s Output for one quarter (its rows, table and paragraph), or why there is none */
  explain: { quarter: string; output: Output } | { missing: string };
  warnings: string[];
  /** the rejection tolerance in force and each extract's standing against it, in words */
  tolerance: string[];
}

const lvlText = (level: number) => `${Math.round(level * 100)}%`;

function summary(x: ReportInput): ReportPage['summary'] {
  const o = x.o;
  const level = o.level as number;
  const minCell = o.minCell as number;
  const within = durationWords(o.followUp as string);
  const from = o.index === 'release' ? 'release (the first day at liberty on or after joining the cohort)' : 'joining the cohort';
  const out: ReportPage['summary'] = [
    { heading: 'Desistance in the latest quarter', paragraphs: latestQuarterSentences(x.quarterly.rows, { custodyMode: o.custodyMode as string, level, minCell }) },
  ];
  if ('output' in x.explain) {
    out.push({ heading: `From the published figure to the defensible one, ${x.explain.quarter}`, paragraphs: [String(x.explain.output.meta.explanation)] });
  }
  if (x.compare) {
    const row = x.compare.rows[0];
    const t = { treated: o.treated as string, comparison: o.comparison as string, within, level, from };
    out.push({
      heading: `Reoffending within ${within}: ${t.treated} vs ${t.comparison}`,
      paragraphs: [
        ratesSentence(row, t),
        differenceSentence(row.difference as { estimate: number | null; ci_low: number | null; ci_high: number | null }, t),
        x.balance
          ? 'The comparison group was matched on the covariates shown in the balance plot; differences in anything not matched on can still explain part of the result.'
          : 'The groups are compared as they are. Unless the comparison group was randomised or matched (desist match), the difference is not the effect of the scheme: the groups may differ in who joined them.',
      ],
    });
  } else {
    out.push({ heading: `Reoffending within ${within}`, paragraphs: [x.compareMissing ?? 'No comparison.'] });
  }
  return out;
}

/**
 * Survival and number at risk at evenly spaced days: the number at risk from the step rows
 * (gated under --min-cell, see gateRisk); survival from the step rows, or under --min-cell
 * from the points of the `--at` rows the chart draws (null where the chart draws none).
 */
export function survivalTable(curveRows: Row[], o: { clock: string; level: number; minCell: number }, atRows: Row[] | null = null): HumanTable {
  const drawn = atRows ? gridPoints(atRows, o.minCell).drawn : null;
  const rows: Row[] = [];
  for (const { group: g, day: t, n } of riskRow(curveRows, o.minCell)) {
    const suppressed: string[] = [];
    if (n === null) suppressed.push('n_risk');
    let point: Row;
    if (t === 0) point = { survival: 1, ci_low: 1, ci_high: 1 };
    else if (drawn) point = drawn.find((r) => String(r.group) === g && r.day === t) ?? { survival: null, ci_low: null, ci_high: null };
    else {
      const before = curveRows.filter((r) => String(r.group) === g && (r.time as number) <= t);
      point = before[before.length - 1] ?? { survival: 1, ci_low: 1, ci_high: 1 };
    }
    if (point.survival === null) suppressed.push('survival', 'ci_low');
    rows.push({ group: g, day: t, n_risk: n, survival: point.survival, ci_low: point.ci_low, ci_high: point.ci_high, suppressed });
  }
  return {
    title: `Not yet reoffended, by ${o.clock} days since the index date (Kaplan-Meier)`,
    columns: [
      { key: 'group', label: 'group', kind: 'text' },
      { key: 'day', label: 'day', kind: 'int' },
      { key: 'n_risk', label: 'at risk', kind: 'int' },
      { key: 'survival', label: 'not reoffended', kind: 'prop' },
      { key: 'ci', label: `${lvlText(o.level)} CI`, kind: 'interval', lowKey: 'ci_low', highKey: 'ci_high' },
    ],
    rows,
  };
}

function balanceTable(rows: BalanceRow[]): HumanTable {
  return {
    title: 'Standardised mean differences before and after matching (|SMD| above 0.1 flagged)',
    columns: [
      { key: 'covariate', label: 'covariate', kind: 'text' },
      { key: 'before', label: 'SMD before', kind: 'num', digits: 3 },
      { key: 'after', label: 'SMD after', kind: 'num', digits: 3 },
      { key: 'flag', label: 'balanced after (|SMD| ≤ 0.1)', kind: 'text' },
    ],
    rows: rows.map((r) => ({ ...r, flag: r.after === null ? '–' : Math.abs(r.after) <= 0.1 ? 'yes' : 'no: above 0.1' })),
  };
}

function forestTable(rows: ForestRow[], level: number): HumanTable {
  return {
    title: 'Batch of comparisons: difference in reoffending (treated minus comparison)',
    columns: [
      { key: 'label', label: 'comparison', kind: 'text' },
      { key: 'estimate', label: 'difference', kind: 'prop' },
      { key: 'ci', label: `${lvlText(level)} CI`, kind: 'interval', lowKey: 'low', highKey: 'high' },
    ],
    rows: rows as unknown as Row[],
  };
}

function method(x: ReportInput): ReportPage['method'] {
  const o = x.o;
  const level = lvlText(o.level as number);
  const minCell = o.minCell as number;
  const atRiskRule =
    o.custodyMode === 'none'
      ? 'everyone eligible (--custody none: people in custody all quarter count as desisting)'
      : o.custodyMode === 'min-liberty'
        ? `eligible people with at least ${String(o.minLibertyDays)} days at liberty in the quarter`
        : 'eligible people with at least one day at liberty in the quarter (--custody whole-quarter)';
  const definitions: [string, string][] = [
    ['Eligible', 'In the cohort on at least one day of the quarter (cohort_start on or before the quarter end, and no cohort_end before the quarter start).'],
    ['Quarterly desistance (unadjusted)', `The share of eligible people not charged in the quarter, placing each charge by its ${String(o.basis)} date.`],
    ['Quarterly desistance (adjusted)', `The same share among people at risk: ${atRiskRule}.`],
    [
      'Reoffending',
      `A charge for an offence committed within ${durationWords(o.followUp as string)} of ${o.index === 'release' ? 'release' : 'joining the cohort'} (${String(o.clock)} clock), charged within a further ${durationWords(o.waiting as string)}. Repeat charges for the same person, offence date and code count once.`,
    ],
    ['Time to first reoffence', `Kaplan-Meier on the ${String(o.clock)} clock, everyone with an index date, censored at the end of their window or of the observation period; ${level} log-log intervals.`],
    ['Intervals', `${level}: one proportion by ${String(o.ciMethod)}; difference of proportions by ${String(o.diffMethod)}; odds ratio by ${String(o.orMethod)}; rate ratio ${String(o.rrMethod)}; mean reoffences per person by ${o.meanMethod === 'bootstrap' ? `person-level bootstrap (${String(o.bootstrap)} replicates, seed ${String(o.seed)})` : 'Welch t'}.`],
    ['Disclosure control', minCell > 0 ? `Counts below ${minCell} are suppressed, with every rate or interval derived from them and any count that would give them back by subtraction (--min-cell ${minCell}).${(o.round as number) > 1 ? ` Counts are rounded to multiples of ${String(o.round)}.` : ''}` : 'None: every count is shown (not for publication).'],
  ];
  const fmt = (v: unknown) => (v === null ? `fewer than ${minCell} (suppressed)` : (v as number).toLocaleString('en-GB'));
  const exclusions: string[] = [];
  for (const r of x.followup.rows) {
    exclusions.push(`${r.group === null ? 'Cohort' : `Group ${String(r.group)}`}: ${fmt(r.not_mature)} people not yet mature (their follow-up window and waiting period end after the as-of date) are left out of the reoffending rate, but not out of the time-to-first curves.`);
  }
  exclusions.push('People in custody for the whole quarter are left out of the adjusted quarterly figures (they could not be charged for a new offence in the community); the tables count them.');
  for (const i of x.meta.inputs) {
    const n = (v: unknown) => countText(v as number, minCell);
    if (i.rejected > 0) exclusions.push(`${i.role}: ${n(i.rejected)} rows rejected (see Data quality) and left out.`);
    if ((i.outside_cohort as number) > 0) exclusions.push(`${i.role}: ${n(i.outside_cohort)} rows name people outside the cohort and are left out.`);
    if (i.deduplicated > 0) exclusions.push(`${i.role}: ${n(i.deduplicated)} exact duplicate rows counted once.`);
  }
  if (minCell > 0) {
    const hidden = [x.quarterly, x.followup, x.curve, x.curveAt, x.compare, 'output' in x.explain ? x.explain.output : null].reduce((n, out) => n + (out?.rows.filter((r) => Array.isArray(r.suppressed) && r.suppressed.length > 0).length ?? 0), 0);
    exclusions.push(`${hidden.toLocaleString('en-GB')} rows have values suppressed under --min-cell ${minCell}; suppressed points are not drawn and each chart says how many.`);
  }
  const caveats = [
    'This is a charge-based proxy of proven reoffending: a charge is not a conviction, and offences never charged are not seen.',
    'Quarters are not independent (the same people recur), so per-quarter differences are not separate pieces of evidence.',
    'Recent quarters and recent follow-up windows can change as late charges arrive; provisional quarters are marked.',
  ];
  const notes = withholdSmall([...new Set([x.quarterly, x.followup, x.compare].flatMap((out) => out?.notes ?? []))], minCell);
  return { definitions, exclusions, caveats, notes };
}

function quality(x: ReportInput): ReportPage['quality'] {
  const minCell = x.o.minCell as number;
  const counts = new Map<string, { file: string; reason: string; rows: number }>();
  for (const r of x.loaded.rejections) {
    const key = `${r.file}\u0000${r.kind}`;
    const c = counts.get(key) ?? { file: r.file, reason: r.kind, rows: 0 };
    c.rows++;
    counts.set(key, c);
  }
  const tolerances = [
    x.o.strict ? '--strict: any rejected row stops the run (exit 65).' : 'Rejected rows are left out and counted here; --strict would make any rejected row fatal.',
    ...x.meta.inputs.map((i) =>
      isSmall(i.rejected, minCell) ? `${i.role}: fewer than ${minCell} rows rejected.` : `${i.role}: ${i.read > 0 ? ((i.rejected / i.read) * 100).toFixed(2) : '0.00'}% of rows rejected.`,
    ),
    ...withholdSmall(x.tolerance, minCell),
  ];
  return { rejectsByReason: [...counts.values()].sort((a, b) => a.file.localeCompare(b.file) || b.rows - a.rows), tolerances, warnings: withholdSmall(x.warnings, minCell) };
}

/**
 * The report's HTML. `explain` may still be on its way (its nowcast simulated on a worker
 * thread): the charts that do not need it are drawn first, then it is awaited.
 */
export async function buildReport(input: Omit<ReportInput, 'explain'> & { explain: ReportInput['explain'] | Promise<ReportInput['explain']> }): Promise<string> {
  const o = input.o;
  const level = o.level as number;
  const minCell = o.minCell as number;
  const specs: { chart: ChartSpec; tableId?: string }[] = [
    { chart: quarterlyChart(input.quarterly.rows, { level, minCell, custodyMode: o.custodyMode as string }), tableId: 'table-quarterly' },
    { chart: survivalChart(input.curve.rows, { level, minCell, clock: o.clock as string, followUp: durationWords(o.followUp as string) }, input.curveAt?.rows ?? null), tableId: 'table-survival' },
  ];
  const figures: Figure[] = [];
  for (const s of specs) figures.push({ ...s, svg: await renderSvg(s.chart) });
  const x: ReportInput = { ...input, explain: await input.explain };
  const tables: NumberedTable[] = [
    { id: 'table-quarterly', table: x.quarterly.tables[0], minCell },
    { id: 'table-followup', table: x.followup.tables[0], minCell },
    ...(x.compare ? x.compare.tables.map((t, i) => ({ id: `table-compare-${i + 1}`, table: t, minCell })) : []),
    { id: 'table-survival', table: survivalTable(x.curve.rows, { clock: o.clock as string, level, minCell }, x.curveAt?.rows ?? null), minCell },
  ];
  if ('output' in x.explain) {
    specs.push({ chart: waterfallChart(x.explain.output.rows, { level, minCell, quarter: x.explain.quarter }), tableId: 'table-explain' });
    // the step number names a step; it is not a count
    const t = x.explain.output.tables[0];
    tables.push({ id: 'table-explain', table: { ...t, columns: t.columns.map((c) => (c.key === 'step' ? { ...c, kind: 'text' } : c)) }, minCell, notes: x.explain.output.notes.slice(1) });
  }
  if (x.balance) {
    specs.push({ chart: balanceChart(x.balance.rows), tableId: 'table-balance' });
    tables.push({ id: 'table-balance', table: balanceTable(x.balance.rows), minCell });
  }
  if (x.batch) {
    const bl = x.batch.level ?? level;
    specs.push({ chart: forestChart(x.batch.rows, { level: bl, measure: 'difference in reoffending, treated minus comparison (percentage points)' }), tableId: 'table-batch' });
    tables.push({ id: 'table-batch', table: forestTable(x.batch.rows, bl), minCell });
  }
  for (const s of specs.slice(figures.length)) figures.push({ ...s, svg: await renderSvg(s.chart) });
  const pending: string[] = [];
  if ('missing' in x.explain) pending.push(x.explain.missing);
  if (!x.balance) pending.push('No matched cohort was given (--balance FILE, the JSON output of desist match), so the report has no balance plot.');
  if (!x.batch) pending.push('No batch was given (--manifest FILE, a batch manifest, or --batch FILE, the JSON output of desist batch), so the report has no forest plot.');
  return reportHtml({
    title: String(o.title ?? 'Desistance and reoffending report'),
    meta: x.meta,
    minCell,
    summary: summary(x),
    figures,
    tables,
    method: method(x),
    quality: quality(x),
    pending,
  });
}
