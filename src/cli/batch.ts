/**
 * `desist batch MANIFEST`: many comparisons from one manifest (YAML or JSON), one table out,
 * p-values adjusted across the manifest (Holm by default). See docs/batch.md.
 *
 * Each comparison's options are compare's: defaults < the dataset's desist.json < the
 * manifest's defaults < the comparison < --min-cell/--round given to batch. Each distinct
 * dataset is loaded once; its comparisons run compare's own computation (compareOutput) on
 * the loaded model.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { Command } from 'commander';
import { type Ctx, emit, inputsMeta, layeredOptions, load, makeMeta, resolveDataset, toleranceNotes, toleranceOf, type DatasetRef } from './context.js';
import type { Tolerance } from '../io/tolerance.js';
import { addOptions, COMMON, echoOptions, parseOptionValue, registerSpecs, resolveOptions, type OptSpec, type Opts } from './options.js';
import { COMPARE_SPECS, compareOutput, reportOverlap } from './compare.js';
import { runFollowup } from './followup.js';
import { makeProgress } from './progress.js';
import { configError, DesistError, EXIT, inputError } from '../core/errors.js';
import { formatDay } from '../core/days.js';
import { adjustFamily, batchRows, runJobs, type Job, type JobResult } from '../batch/run.js';
import { missingColumns } from '../batch/filters.js';
import type { BatchPAdjust, Manifest, ManifestComparison } from '../batch/manifest.js';
import type { Loaded } from '../io/load.js';
import { footnoteMark, type Column, type HumanTable, type Meta, type Output } from '../report/output.js';
import { fmtInt, fmtInterval, fmtNum, fmtP, fmtPct, fmtPoints, MISSING } from '../report/numbers.js';

const P_ADJUST = ['holm', 'hochberg', 'bh', 'bonferroni', 'none'] as const;

export const BATCH_OPTS: OptSpec[] = [
  {
    flags: '--p-adjust <method>',
    key: 'pAdjust',
    description: "p-value adjustment across the manifest, as R's p.adjust (default: the manifest's p_adjust, else holm)",
    choices: P_ADJUST,
  },
  ...COMMON,
];

const SPECS = registerSpecs(BATCH_OPTS);

/** A comparison with its final compare options and its dataset. */
interface Prepared {
  c: ManifestComparison;
  o: Opts;
  ref: DatasetRef;
  key: string;
  tolerance: Tolerance;
}

/** A loaded dataset, the names of its comparisons, and its notes (rows rejected within the tolerance). */
interface BatchDataset {
  loaded: Loaded;
  names: string[];
  notes: string[];
}

/** Options that identify a loaded dataset: comparisons agreeing on them share one load. */
function datasetKey(o: Opts, ref: DatasetRef): string {
  const two = ref.comparisonCohort !== undefined;
  return JSON.stringify({
    files: ref.files,
    comparisonCohort: ref.comparisonCohort ?? null,
    map: ref.mappingFile ?? null,
    asOf: o.asOf ?? null,
    strict: o.strict,
    maxErrors: o.maxErrors,
    maxRejected: o.maxRejected,
    ...(two ? { treated: o.treated, comparison: o.comparison, overlap: o.overlap } : {}),
  });
}

/** A usage error raised for one comparison is a manifest error at that comparison. */
function atComparison<T>(c: ManifestComparison, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof DesistError && e.exitCode === EXIT.USAGE) throw configError(`comparisons[${c.index}] '${c.name}': ${e.message}`, c.at);
    throw e;
  }
}

async function prepare(ctx: Ctx, c: ManifestComparison, cli: Opts): Promise<Prepared> {
  const given = { ...c.options, ...cli };
  let ref: DatasetRef;
  try {
    ref = await resolveDataset(ctx, c.dataset, given);
  } catch (e) {
    if (e instanceof DesistError && e.exitCode === EXIT.USAGE) throw configError(`comparisons[${c.index}] '${c.name}': ${e.message}`, c.at);
    throw e;
  }
  const origins: Record<string, 'file' | 'default'> = {};
  const o = layeredOptions(COMPARE_SPECS, given, ref, origins);
  return { c, o, ref, key: datasetKey(o, ref), tolerance: toleranceOf(o, origins.maxRejected) };
}

/** Check a dataset against its comparisons: the groups named and the where columns exist. */
function checkAgainst(loaded: Loaded, jobs: Prepared[]): void {
  const people = loaded.dataset.people;
  for (const { c, o } of jobs) {
    for (const role of ['treated', 'comparison'] as const) {
      const v = String(o[role]);
      if (!people.groupNames.includes(v)) {
        const have = people.groupNames.length ? people.groupNames.map((g) => `'${g}'`).join(', ') : "none: no accepted cohort row has a group value";
        throw configError(`comparisons[${c.index}] '${c.name}': ${role} '${v}' is not a value of the cohort's group column (values: ${have})`, c.origin[role]?.split(': ')[0] ?? c.at);
      }
    }
    const missing = missingColumns(
      c.where.filter(() => true),
      people.covariates.keys(),
    );
    if (missing.length > 0) {
      const have = [...people.covariates.keys()];
      throw configError(
        `comparisons[${c.index}].where.${missing[0]}: the cohort has no column '${missing[0]}' (columns to filter on: ${have.length ? have.join(', ') : 'none besides person_id, cohort_start, cohort_end and group'})`,
        c.whereAt[missing[0]] ?? c.at,
      );
    }
  }
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
/** A p-value in a table cell: `< 0.001` or `0.046` (the column says p). */
const pCell = (v: unknown) => (typeof v === 'number' ? fmtP(v).replace(/^p (= )?/, '') : MISSING);

function humanRow(r: Record<string, unknown>, minCell: number, table: HumanTable): Record<string, unknown> {
  type Side = { x: number | null; n: number | null; proportion: number | null; mean?: number | null };
  const side = (s: Side | undefined) => {
    if (!s) return MISSING;
    if (s.n === null) return `<${minCell}`;
    if (s.x === null || s.x === undefined) return s.mean !== undefined && s.mean !== null ? `${fmtNum(s.mean, 3)} (n ${fmtInt(s.n)})` : `n ${fmtInt(s.n)}`;
    return `${fmtInt(s.x)}/${fmtInt(s.n)} ${fmtPct(s.proportion)}`;
  };
  const rate = !String(r.outcome ?? '').startsWith('frequency');
  const f = (v: number) => (rate ? fmtPoints(v) : fmtNum(v, 3));
  return {
    name: r.name,
    quarter: r.quarter ?? '',
    outcome: r.outcome ?? '',
    treated: side(r.treated as Side),
    comparison: side(r.comparison as Side),
    difference: num(r.estimate) === null ? MISSING : f(r.estimate as number),
    ci: fmtInterval(num(r.ci_low), num(r.ci_high), f),
    // why a row has no p-value goes to a footnote under the table
    p: r.reason ? `${pCell(r.p)} ${footnoteMark(table, `${String(r.reason)[0].toUpperCase()}${String(r.reason).slice(1)}.`)}` : pCell(r.p),
    p_adjusted: pCell(r.p_adjusted),
  };
}

const SIG = 0.05;

/** The notes under the table: the family, what was left out, and what the adjustment changed. */
function familyNotes(rows: Record<string, unknown>[], method: BatchPAdjust, size: number): string[] {
  const notes: string[] = [];
  const out = rows.filter((r) => !r.in_family);
  const name = { holm: 'Holm', hochberg: 'Hochberg', bh: 'Benjamini-Hochberg (false discovery rate)', bonferroni: 'Bonferroni', none: 'no adjustment' }[method];
  notes.push(
    method === 'none'
      ? `p-values are not adjusted for the ${size} comparisons of this manifest (p_adjust: none).`
      : `p-values adjusted across the ${size} comparison${size === 1 ? '' : 's'} of this manifest by ${name} (R's p.adjust, method "${method === 'bh' ? 'BH' : method}").`,
  );
  if (out.length > 0) {
    notes.push(`Left out of the family (no p-value): ${out.map((r) => `${r.name}${r.quarter ? ` ${r.quarter}` : ''} (${r.reason})`).join('; ')}.`);
  }
  const before = rows.filter((r) => r.in_family && (r.p as number) < SIG).length;
  const after = rows.filter((r) => r.in_family && (r.p_adjusted as number) < SIG).length;
  notes.push(`${before} of ${size} had p < ${SIG} before adjustment, ${after} after.`);
  return notes;
}

function batchOutput(ctx: Ctx, bo: Opts, manifest: Manifest, sha256: string, method: BatchPAdjust, results: JobResult[], datasets: BatchDataset[], prepared: Prepared[]): Output {
  const rows = results.flatMap((r) => batchRows(r));
  const family = adjustFamily(rows, method);
  const warnings = [...new Set(results.flatMap((r) => r.output.warnings))];
  const minCell = Math.max(0, ...prepared.map((p) => (p.o.minCell as number) ?? 0));
  const inputs: Meta['inputs'] = datasets.flatMap((d, k) => inputsMeta(d.loaded).map((i) => ({ dataset: k + 1, ...i })));
  const asOfs = [...new Set(datasets.map((d) => formatDay(d.loaded.dataset.asOf)))];
  const meta: Meta = {
    ...makeMeta(ctx, 'batch', SPECS, bo, null),
    options: { ...echoOptions(SPECS, bo), pAdjust: method },
    inputs,
    as_of: asOfs.length === 1 ? asOfs[0] : null,
    manifest: { file: manifest.file, sha256 },
    p_adjust: method,
    family: { method, size: family.size, left_out: family.left_out },
    datasets: datasets.map((d, k) => ({ dataset: k + 1, as_of: formatDay(d.loaded.dataset.asOf), comparisons: d.names })),
    comparisons: prepared.map((p) => ({ name: p.c.name, options: echoOptions(COMPARE_SPECS, p.o), where: p.c.where })),
  };
  const quarterly = rows.some((r) => r.quarter !== undefined);
  const jdl = rows.some((r) => r.style === 'jdl');
  const columns: Column[] = [
    { key: 'name', label: 'comparison', kind: 'text' },
    ...(quarterly ? [{ key: 'quarter', label: 'quarter', kind: 'text' } as Column] : []),
    ...(jdl ? [{ key: 'outcome', label: 'outcome', kind: 'text' } as Column] : []),
    { key: 'treated', label: 'treated', kind: 'text', right: true },
    { key: 'comparison', label: 'comparison', kind: 'text', right: true },
    { key: 'difference', label: 'difference (points)', kind: 'text', right: true },
    { key: 'ci', label: `${Math.round(((prepared[0]?.o.level as number) ?? 0.95) * 100)}% CI`, kind: 'text', right: true },
    { key: 'p', label: 'p', kind: 'text', right: true },
    { key: 'p_adjusted', label: `p (${method})`, kind: 'text', right: true },
  ];
  const table: HumanTable = { title: `desist batch: ${manifest.file}`, columns, rows: [] };
  table.rows = rows.map((r) => humanRow(r, minCell, table));
  const overlapNotes = results.flatMap((r) => r.output.notes.filter((n) => n.includes('--overlap drop')).map((n) => `${r.name}: ${n}`));
  return {
    meta,
    warnings,
    rows,
    tables: [table],
    notes: [
      ...familyNotes(rows, method, family.size),
      ...overlapNotes,
      ...datasets.flatMap((d) => d.notes),
      'Difference = treated - comparison (percentage points), with the interval and test compare gives. Groups are compared as they are: unless they were randomised or matched, a difference is not an effect of the intervention.',
    ],
    minCell,
  };
}

async function readManifest(ctx: Ctx, file: string): Promise<{ manifest: Manifest; sha256: string }> {
  let text: string;
  try {
    text = readFileSync(resolve(ctx.io.cwd, file), 'utf8');
  } catch (e) {
    throw inputError(`cannot read the manifest (${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`, file);
  }
  // yaml and zod are loaded only here, so other commands start without them
  const { parseManifest } = await import('../batch/manifest.js');
  const manifest = parseManifest(text, file, ctx.io.cwd, COMPARE_SPECS, parseOptionValue);
  return { manifest, sha256: createHash('sha256').update(text).digest('hex') };
}

/**
 * Run a manifest: every comparison through compare's own computation, one dataset loaded at a
 * time, p-values adjusted as one family. `bo` holds batch's options (pAdjust, quiet, ...);
 * `cli` the options that override every comparison (--min-cell and --round given on the
 * command line). The Output is what `desist batch` prints; `desist report --manifest` draws it.
 */
export async function runManifest(ctx: Ctx, file: string, bo: Opts, cli: Opts): Promise<Output> {
  const { manifest, sha256 } = await readManifest(ctx, file);
  const method = ((bo.pAdjust as BatchPAdjust | undefined) ?? manifest.pAdjust) as BatchPAdjust;
  const prepared: Prepared[] = [];
  for (const c of manifest.comparisons) prepared.push(await prepare(ctx, c, cli));
  const keys = [...new Set(prepared.map((p) => p.key))];
  const results: JobResult[] = new Array(prepared.length);
  const datasets: BatchDataset[] = [];
  const progress = makeProgress(ctx.io, Boolean(bo.quiet));
  let k = 0;
  for (const key of keys) {
    const mine = prepared.filter((p) => p.key === key);
    const needsColumns = mine.some((p) => p.c.where.length > 0);
    const loaded = await load(ctx, mine[0].ref, { ...mine[0].o, quiet: bo.quiet, covariates: needsColumns }, mine[0].tolerance);
    checkAgainst(loaded, mine);
    datasets.push({ loaded, names: mine.map((p) => p.c.name), notes: toleranceNotes(loaded, mine[0].tolerance) });
    const jobs: Job[] = mine.map((p) => ({ name: p.c.name, o: p.o, where: p.c.where }));
    const meta = makeMeta(ctx, 'compare', COMPARE_SPECS, mine[0].o, loaded, {}, mine[0].ref);
    const done = runJobs(
      loaded.dataset,
      jobs,
      (o, ds, pass, i) =>
        atComparison(mine[i].c, () => reportOverlap(compareOutput(o, ds, meta, [...loaded.warnings], { followup: (d, oo, w) => runFollowup(d, oo, w, pass) }), loaded, o)),
      (job) => {
        k++;
        progress.phase(`comparison ${k} of ${prepared.length}: ${job.name}`);
      },
    );
    mine.forEach((p, i) => {
      results[p.c.index] = done[i];
    });
    progress.done();
  }
  return batchOutput(ctx, bo, manifest, sha256, method, results, datasets, prepared);
}

export function batchCommand(ctx: Ctx): Command {
  const cmd = new Command('batch')
    .description('many comparisons from a manifest (YAML or JSON): subgroups, cohort files as groups, one table, adjusted p-values')
    .argument('<manifest>', 'the manifest: dataset, defaults and comparisons (see docs/batch.md)');
  addOptions(cmd, SPECS);
  cmd.addHelpText(
    'after',
    [
      '',
      'Examples:',
      '  desist batch sample-data/batch.yaml',
      '  desist batch sample-data/batch.yaml --p-adjust bh --format csv -o forest.csv',
      '',
      'Every compare option can appear in the manifest, in defaults or in a comparison, under its flag name',
      "(follow-up: 12m, ci-method: jeffreys). --min-cell and --round given here apply to every comparison.",
      'Memory: holds one dataset at a time (about 16 bytes per charge), plus its cohort columns when a comparison filters on them.',
    ].join('\n'),
  );
  cmd.action(async (file: string) => {
    const bo = resolveOptions(cmd, SPECS, undefined);
    const cli: Opts = {};
    for (const k of ['minCell', 'round']) if (cmd.getOptionValueSource(k) === 'cli') cli[k] = bo[k];
    await emit(ctx, bo, await runManifest(ctx, file, bo, cli));
  });
  return cmd;
}
