/**
 * `desist report DATASET -o report.html`: one self-contained HTML report (summary in plain
 * language, charts, tables, method, data quality, provenance) built from exactly the rows
 * `desist quarterly`, `followup`, `followup --curve` and `compare` give with the same options,
 * computed on one loaded dataset.
 */
import type { Command } from 'commander';
import { ANALYSIS_SPECS, datasetCommand, mappingNotes, toleranceNotes, type Ctx, type DatasetRun } from './context.js';
import { nowcastThreadMinWork, threadsAllowed } from '../core/threads.js';
import type { OptSpec, Opts } from './options.js';
import { usageError } from '../core/errors.js';
import { QUARTERLY_OPTS, quarterlyOutput } from './quarterly.js';
import { FOLLOWUP_OPTS, followupOutput, runFollowup } from './followup.js';
import { reusingPass } from '../batch/run.js';
import { COMPARE_OPTS, compareOutput } from './compare.js';
import { pickGroups } from '../compare/compare.js';
import type { HumanTable, Output } from '../report/output.js';
import { readBalance, readBatch, runBatchManifest, type Attachment } from './report-inputs.js';
import { buildReport, type ReportInput } from '../report/html/build.js';
import { curveGrid, type BalanceRow, type ForestRow } from '../report/html/charts.js';
import { latestFinalQuarter } from '../report/html/summary.js';
import { planExplainOutput } from './explain.js';
import { mapPlanned, ready, type Planned } from '../measures/planned.js';
import { startNowcastSimulation, warmNowcastThread, type ThreadOptions, type WarmThread } from '../measures/nowcast-thread.js';
import { expectedSimulationWork } from '../measures/nowcast-simulate.js';
import { parseQuarterLabel, type QuarterKind } from '../measures/periods.js';

/** Every option of quarterly, followup and compare that changes a figure, once each. */
function reportOpts(): OptSpec[] {
  // --at: the report chooses the days it reads the curve at (curveGrid)
  const drop = ['measure', 'style', 'pooled', 'curve', 'at', 'cumulative', 'fromCounts'];
  const seen = new Set<string>();
  const out: OptSpec[] = [];
  for (const s of [...COMPARE_OPTS, ...QUARTERLY_OPTS, ...FOLLOWUP_OPTS]) {
    if (drop.includes(s.key) || seen.has(s.key)) continue;
    seen.add(s.key);
    out.push(s);
  }
  return out;
}

export const REPORT_OPTS: OptSpec[] = [
  ...reportOpts(),
  { flags: '--title <text>', key: 'title', description: 'the report title', default: 'Desistance and reoffending report' },
  { flags: '--balance <file>', key: 'balance', description: "JSON output of 'desist match' (its balance table): adds the balance plot of the matched cohort" },
  { flags: '--batch <file>', key: 'batch', description: "JSON output of 'desist batch': adds the forest plot of its comparisons" },
  { flags: '--explain-quarter <quarter>', key: 'explainQuarter', description: "the quarter of the waterfall of desist explain's steps (default: the latest final quarter of the quarterly figures)" },
  { flags: '--manifest <file>', key: 'manifest', description: "a batch manifest (as 'desist batch' takes), run in-process: adds the forest plot of its comparisons (instead of --batch)" },
];

const SPECS = ANALYSIS_SPECS(REPORT_OPTS).filter((s) => s.key !== 'format');

/** The quarterly figures of the report: `desist quarterly` by group. */
function reportQuarterly(o: Opts, r: DatasetRun, ctx: Ctx): Output {
  return quarterlyOutput(ctx, { ...o, pooled: false, cumulative: false }, r.loaded.dataset, r.meta, []);
}

/** The four Outputs the report draws, each exactly what its command prints as JSON rows. */
export function reportOutputs(o: Opts, r: DatasetRun, ctx: Ctx, quarterly = reportQuarterly(o, r, ctx)): Pick<ReportInput, 'quarterly' | 'followup' | 'curve' | 'curveAt' | 'compare' | 'compareMissing'> {
  const ds = r.loaded.dataset;
  // one per-person follow-up pass serves the table, the curves and the comparison
  const pass = reusingPass(ds);
  const followup = followupOutput({ ...o, pooled: false, curve: false }, ds, r.meta, [], pass);
  const curve = followupOutput({ ...o, pooled: false, curve: true }, ds, r.meta, [], pass);
  // under --min-cell nearly every step of the exact curve is suppressed: read it at fixed days
  const days = curveGrid(Math.max(0, ...curve.rows.map((c) => c.time as number)));
  const curveAt = (o.minCell as number) > 0 && days.length > 0 ? followupOutput({ ...o, pooled: false, curve: true, at: days }, ds, r.meta, [], pass) : null;
  let compare: Output | null = null;
  let compareMissing: string | null = null;
  try {
    pickGroups(ds.people.groupNames, o.treated as string, o.comparison as string);
    compare = compareOutput({ ...o, measure: 'followup', style: 'standard' }, ds, r.meta, [], { followup: (d, oo, w) => runFollowup(d, oo, w, pass) });
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    // groups named on purpose must exist (as in compare); the default names may be absent
    if (o.treated !== 'treated' || o.comparison !== 'comparison') throw usageError(e.message);
    compareMissing = `No treated vs comparison figures: ${e.message}. Give --treated and --comparison to compare two groups.`;
  }
  return { quarterly, followup, curve, curveAt, compare, compareMissing };
}

/**
 * `desist explain --quarter Q` with the report's options, for the waterfall: Q is
 * --explain-quarter, else the latest final quarter of the quarterly rows (as the summary's).
 * Its nowcast step's simulation is left to the caller (planExplainOutput).
 */
function planReportExplain(o: Opts, r: DatasetRun, quarterlyRows: Record<string, unknown>[]): Planned<ReportInput['explain']> {
  const quarter = typeof o.explainQuarter === 'string' ? o.explainQuarter : latestFinalQuarter(quarterlyRows);
  if (quarter === null) return ready({ missing: 'No quarter in the range is final, so the report has no explain waterfall (give --explain-quarter to choose one).' });
  try {
    parseQuarterLabel(quarter, o.quarters as QuarterKind);
  } catch (e) {
    throw usageError(`--explain-quarter: ${(e as Error).message}`);
  }
  return mapPlanned(planExplainOutput({ ...o, quarter, pooled: false }, r.loaded.dataset, r.meta, []), (output) => ({ quarter: String(output.meta.quarter), output }));
}

/** DESIST_THREADS (default: every core) and DESIST_NOWCAST_THREAD_MIN_WORK (default 1e7). */
function nowcastThreads(ctx: Ctx): ThreadOptions {
  const env = ctx.io.env;
  return {
    threads: threadsAllowed(env),
    minWork: nowcastThreadMinWork(env),
  };
}

interface ReportExplainRun {
  /** the error planning threw (thrown where the explain used to be computed, after the other figures) */
  error?: unknown;
  explain: () => Promise<ReportInput['explain']>;
  /** stop the thread if the report fails first */
  cancel: () => void;
}

/**
 * The explain figures, their nowcast simulated on a worker thread while the report computes
 * and draws the rest (nowcast-thread.ts; DESIST_THREADS=1 keeps it in this thread, and so does
 * a simulation below DESIST_NOWCAST_THREAD_MIN_WORK people x draws, default 1e7). Planned right
 * after the quarterly figures.
 */
function startReportExplain(o: Opts, r: DatasetRun, quarterlyRows: Record<string, unknown>[], threads: ThreadOptions, warm: WarmThread): ReportExplainRun {
  let plan: Planned<ReportInput['explain']>;
  try {
    plan = planReportExplain(o, r, quarterlyRows);
  } catch (e) {
    return { error: e, explain: () => Promise.reject(e as Error), cancel: () => undefined };
  }
  const started = plan.simulations.map((s) => s && startNowcastSimulation(s, threads, warm));
  return {
    explain: async () => plan.finish(await Promise.all(started.map((s) => (s ? s.intervals() : null)))),
    cancel: () => started.forEach((s) => s?.cancel()),
  };
}

export function reportCommand(ctx: Ctx): Command {
  return datasetCommand(ctx, {
    name: 'report',
    description: 'a self-contained HTML report: plain-language summary, charts, tables, method, data quality and provenance',
    specs: SPECS,
    examples: [
      'desist report sample-data/ -o report.html',
      'desist report sample-data/ --min-cell 10 --reproducible -o report.html   # for publication',
      'desist report sample-data/ --balance match.json --batch batch.json -o report.html',
      'desist report sample-data/ --manifest sample-data/batch.yaml -o report.html',
    ],
    document: async (r) => {
      const o = r.o;
      const balance = typeof o.balance === 'string' ? readBalance(ctx.io.cwd, o.balance) : undefined;
      if (typeof o.batch === 'string' && typeof o.manifest === 'string') throw usageError('give --batch (the JSON output of desist batch) or --manifest (a manifest to run), not both');
      const run = typeof o.manifest === 'string' ? await runBatchManifest(ctx, o.manifest, o) : undefined;
      const batch = typeof o.batch === 'string' ? readBatch(ctx.io.cwd, o.batch) : run?.attachment;
      const threads = nowcastThreads(ctx);
      // a thread for explain's nowcast simulation starts now, while the figures that plan it are computed
      const warm = warmNowcastThread(threads, expectedSimulationWork(r.loaded.dataset.people.n, o.nowcastDraws as number));
      let explainRun: ReportExplainRun | undefined;
      try {
        const quarterly = reportQuarterly(o, r, ctx);
        explainRun = startReportExplain(o, r, quarterly.rows, threads, warm);
        return await finishReport(ctx, o, r, quarterly, explainRun, balance, batch, run);
      } finally {
        explainRun?.cancel();
        warm.close();
      }
    },
  });
}

/** The rest of the report once its quarterly figures are in and its explain has started. */
async function finishReport(
  ctx: Ctx,
  o: Opts,
  r: DatasetRun,
  quarterly: Output,
  explainRun: ReportExplainRun,
  balance: Attachment<BalanceRow> | undefined,
  batch: Attachment<ForestRow> | undefined,
  run: { output: Output } | undefined,
): Promise<string> {
  const outs = reportOutputs(o, r, ctx, quarterly);
  const warnings = [...new Set([...r.loaded.warnings, ...[outs.quarterly, outs.followup, outs.curve, outs.curveAt, outs.compare, run?.output].flatMap((x) => x?.warnings ?? [])])];
  for (const w of warnings) if (!o.quiet) ctx.io.stderr.write(`${ctx.errChalk.yellow('desist: warning:')} ${w}\n`);
  const configFiles = [...((outs.quarterly.meta.config_files as unknown[]) ?? []), ...[balance, batch].flatMap((a) => (a ? [{ role: a.role, file: a.file, sha256: a.sha256 }] : []))];
  const meta = { ...r.meta, options: { ...r.meta.options, ...pick(outs.quarterly.meta.options, ['from', 'to']) }, config_files: configFiles };
  const tolerance = [
    `--max-rejected ${String(o.maxRejected ?? '5%')}: the run stops when an extract has more rejected rows than this.`,
    ...toleranceNotes(r.loaded, r.tolerance),
    ...mappingNotes(r.loaded, r.ref.mapping),
  ];
  // a bad --explain-quarter is reported here, after the other figures, as before
  if (explainRun.error !== undefined) throw explainRun.error;
  return buildReport({ ...outs, explain: explainRun.explain(), meta, loaded: r.loaded, balance, batch, warnings, o, tolerance });
}

const pick = (obj: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.filter((k) => k in obj).map((k) => [k, obj[k]]));

export type { HumanTable };
