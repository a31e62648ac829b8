/**
 * Files the report draws besides the dataset: the JSON output of `desist match` (balance
 * table) and of `desist batch` (one row per comparison), or a batch manifest run in-process. Each is read as the command writes
 * it (`{ meta, warnings, rows }`), hashed for the provenance, and checked: a file of the wrong
 * shape is a config error (exit 78) naming the file and what was expected.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { configError, inputError } from '../core/errors.js';
import type { BalanceRow, ForestRow } from '../report/html/charts.js';
import type { Output } from '../report/output.js';
import type { Ctx } from './context.js';
import type { Opts } from './options.js';
import { runManifest } from './batch.js';

export interface Attachment<R = BalanceRow | ForestRow> {
  role: 'balance' | 'batch' | 'manifest';
  file: string;
  sha256: string;
  rows: R[];
  /** the level the intervals were computed at, when the file says */
  level: number | null;
}

type Json = Record<string, unknown>;

function readJsonRows(cwd: string, file: string, what: string): { rows: Json[]; sha256: string; meta: Json } {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (e) {
    throw inputError(`cannot read the ${what} file (${(e as NodeJS.ErrnoException).code})`, file);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw configError(`not JSON (${(e as Error).message}): expected the --format json output of ${what}`, file);
  }
  const rows = (doc as Json | null)?.rows;
  if (!Array.isArray(rows) || rows.some((r) => r === null || typeof r !== 'object')) {
    throw configError(`expected the --format json output of ${what}: an object with a "rows" array`, file);
  }
  return { rows: rows as Json[], sha256: createHash('sha256').update(text).digest('hex'), meta: ((doc as Json).meta as Json) ?? {} };
}

/** The first of several field names (dot paths) that a row has as a number or null. */
function field(row: Json, names: string[]): { found: boolean; value: number | null } {
  for (const n of names) {
    let v: unknown = row;
    for (const k of n.split('.')) v = v !== null && typeof v === 'object' ? (v as Json)[k] : undefined;
    if (typeof v === 'number' && Number.isFinite(v)) return { found: true, value: v };
    if (v === null) return { found: true, value: null };
  }
  return { found: false, value: null };
}

function text(row: Json, names: string[]): string | undefined {
  for (const n of names) if (typeof row[n] === 'string' && row[n] !== '') return row[n] as string;
  return undefined;
}

const levelOf = (meta: Json) => {
  const l = (meta.options as Json | undefined)?.level ?? meta.level;
  return typeof l === 'number' ? l : null;
};

/** `desist match --format json`: one row per covariate with its SMD before and after matching. */
export function readBalance(cwd: string, file: string): Attachment<BalanceRow> {
  const { rows, sha256, meta } = readJsonRows(cwd, file, 'desist match');
  const out = rows.map((r, i) => {
    const covariate = text(r, ['covariate', 'variable', 'term', 'name']);
    const before = field(r, ['smd_before', 'before.smd', 'smd_unmatched', 'smd_all']);
    const after = field(r, ['smd_after', 'after.smd', 'smd_matched']);
    if (covariate === undefined || !before.found || !after.found) {
      throw configError(`rows[${i}]: expected a balance row with covariate, smd_before and smd_after`, file);
    }
    return { covariate, before: before.value, after: after.value };
  });
  return { role: 'balance', file, sha256, rows: out, level: levelOf(meta) };
}

/**
 * The forest plot's rows from batch's JSON rows: one per comparison (a quarterly comparison
 * has a row per quarter, a JDL one a row per outcome) with its difference and interval,
 * labelled `name · quarter · outcome` (the outcome only when the rows have several).
 */
export function forestRows(rows: Json[], file: string): ForestRow[] {
  // the outcome names a row only when the rows have more than one (a JDL batch)
  const outcomes = new Set(rows.map((r) => text(r, ['outcome'])));
  return rows.map((r, i) => {
    const name = text(r, ['label', 'name', 'comparison_of', 'comparison', 'id']);
    const label = name === undefined ? undefined : [name, text(r, ['quarter']), outcomes.size > 1 ? text(r, ['outcome']) : undefined].filter((v) => v !== undefined).join(' · ');
    const est = field(r, ['difference.estimate', 'difference_estimate', 'estimate']);
    const lo = field(r, ['difference.ci_low', 'difference_ci_low', 'ci_low']);
    const hi = field(r, ['difference.ci_high', 'difference_ci_high', 'ci_high']);
    if (label === undefined || !est.found || !lo.found || !hi.found) {
      throw configError(`rows[${i}]: expected a comparison row with a label (or name) and difference.estimate, difference.ci_low, difference.ci_high`, file);
    }
    return { label, estimate: est.value, low: lo.value, high: hi.value };
  });
}

/** `desist batch --format json`: one row per comparison with its difference and interval. */
export function readBatch(cwd: string, file: string): Attachment<ForestRow> {
  const { rows, sha256, meta } = readJsonRows(cwd, file, 'desist batch');
  return { role: 'batch', file, sha256, rows: forestRows(rows, file), level: levelOf(meta) };
}

/**
 * `--manifest FILE`: the batch run in-process by batch's own code (runManifest), its rows
 * taken as `desist batch --format json` prints them (a JSON round trip), and the manifest
 * hashed for the provenance.
 */
export async function runBatchManifest(ctx: Ctx, file: string, o: Opts): Promise<{ attachment: Attachment<ForestRow>; output: Output }> {
  // --min-cell and --round of the report apply to every comparison, as batch's own do
  const cli: Opts = {};
  for (const k of ['minCell', 'round']) if ((o[k] as number) > 0) cli[k] = o[k];
  const output = await runManifest(ctx, file, { pAdjust: undefined, minCell: o.minCell, round: o.round, reproducible: o.reproducible, quiet: o.quiet }, cli);
  const rows = JSON.parse(JSON.stringify(output.rows)) as Json[];
  const manifest = output.meta.manifest as { file: string; sha256: string };
  const comparisons = output.meta.comparisons as { options: { level?: number } }[];
  const levels = [...new Set(comparisons.map((c) => c.options.level))];
  return { attachment: { role: 'manifest', file: manifest.file, sha256: manifest.sha256, rows: forestRows(rows, file), level: levels.length === 1 && typeof levels[0] === 'number' ? levels[0] : null }, output };
}
