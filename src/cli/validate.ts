/**
 * `desist validate DATASET`: read and check the extracts, print the reconciliation
 * (read = accepted + rejected + de-duplicated + filtered out by the mapping, for every file),
 * list rejected rows, exit 65 when an extract has more rejected rows than --max-rejected allows
 * (by default any).
 */
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { ANALYSIS_SPECS, datasetCommand, mappingNotes, writeOut, type Ctx, type DatasetRef } from './context.js';
import type { Loaded } from '../io/load.js';
import type { OptSpec, Opts } from './options.js';
import { EXIT } from '../core/errors.js';
import { safeCell } from '../report/render.js';
import type { Meta, Output } from '../report/output.js';
import { REJECT_KINDS, type Rejection } from '../io/rows.js';
import { overTolerance, overToleranceMessage, percent, rejectedShare, type Tolerance } from '../io/tolerance.js';

const snake = (s: string) => s.replace(/[^a-z0-9]+/gi, '_').toLowerCase();

export const VALIDATE_OPTS: OptSpec[] = [
  { flags: '--rejects <file>', key: 'rejects', description: 'write every rejected row (file, line, column, value, reason) to FILE as CSV', cliOnly: true },
];

export const SPECS = ANALYSIS_SPECS(VALIDATE_OPTS, '0');

export function validateCommand(ctx: Ctx, setExit: (c: number) => void): Command {
  return datasetCommand(ctx, {
    name: 'validate',
    description: 'read and check the extracts; print the reconciliation of every input row',
    specs: SPECS,
    examples: [
      'desist validate sample-data/',
      'desist validate sample-data/force-extract/ --rejects rejects.csv',
      'desist validate --cohort c.csv --charges ch.csv.gz --custody cu.csv --map mapping.json',
    ],
    ignoreStrict: true,
    run: ({ o, ref, loaded, meta, tolerance }) => validateOutput(o, loaded, meta, tolerance, ref),
    after: ({ o, loaded, tolerance }) => {
      if (o.rejects) writeOut(ctx, o.rejects as string, rejectsCsv(loaded.rejections));
      if (loaded.rejections.length > 0) listRejections(ctx, loaded.rejections, (o.maxErrors as number) ?? 20);
      const over = loaded.inputs.filter((c) => overTolerance(c, tolerance));
      // with the default limit (0) any rejected row fails; a higher limit passes known defects
      if (over.length > 0 && tolerance.value > 0) {
        for (const c of over) ctx.io.stderr.write(`desist: ${c.file}: ${overToleranceMessage(c, loaded.rejections, tolerance)}\n`);
      }
      if (over.length > 0) setExit(EXIT.DATA);
    },
  });
}

/** The reconciliation: read = accepted + rejected + de-duplicated + filtered for every file. */
function validateOutput(o: Opts, loaded: Loaded, meta: Meta, tolerance: Tolerance, ref: DatasetRef): Output {
    const byKind = (role: string) => {
    const m: Record<string, number> = Object.fromEntries(REJECT_KINDS.map((k) => [snake(k), 0]));
    for (const r of loaded.rejections) if (r.role === role) m[snake(r.kind)]++;
    return m;
  };
  const rows = loaded.inputs.map((c) => ({
    role: c.role,
    file: c.file,
    read: c.read,
    accepted: c.accepted,
    rejected: c.rejected,
    rejected_share: rejectedShare(c),
    within_tolerance: !overTolerance(c, tolerance),
    deduplicated: c.deduplicated,
    filtered: c.filtered,
    reconciles: c.read === c.accepted + c.rejected + c.deduplicated + c.filtered,
    outside_cohort: c.role === 'cohort' ? null : c.outsideCohort,
    cohort_row_rejected: c.role === 'cohort' ? null : c.cohortRowRejected,
    merged_custody_episodes: c.role === 'custody' ? c.merged : null,
    missing_offence_date: c.role === 'charges' ? c.missingOffenceDate : null,
    charge_date_from_offence_date: c.role === 'charges' ? c.chargeDateFromOffence : null,
    blank_lines: c.blankLines,
    delimiter: c.delimiter,
    gzip: c.gzip,
    rejected_by_reason: byKind(c.role),
  }));
  const ds = loaded.dataset;
  const notes = [
    `Every row is accounted for: read = accepted + rejected + de-duplicated + filtered out by the mapping${rows.every((r) => r.reconciles) ? ' holds for every file' : ' DOES NOT HOLD (a bug: please report it)'}.`,
    `Model: ${ds.people.n.toLocaleString('en-GB')} people, ${ds.charges.n.toLocaleString('en-GB')} charges and ${ds.custody.n.toLocaleString('en-GB')} merged custody episodes of cohort members; as of ${meta.as_of} (${loaded.asOfSource === 'option' ? 'given' : 'latest charge date'}).`,
  ];
  for (const r of rows) {
    const reasons = Object.entries(r.rejected_by_reason).filter(([, v]) => v > 0);
    if (reasons.length) notes.push(`${r.file}: rejected ${reasons.map(([k, v]) => `${v} ${k.replace(/_/g, ' ')}`).join(', ')}.`);
  }
  notes.push(...mappingNotes(loaded, ref.mapping), toleranceSentence(loaded, tolerance));
  const out: Output = {
    meta,
    warnings: loaded.warnings.filter((w) => !w.includes("run 'desist validate'")),
    rows,
    tables: [
      {
        title: 'Reconciliation',
        columns: [
          { key: 'role', label: 'extract', kind: 'text' },
          { key: 'file', label: 'file', kind: 'text' },
          { key: 'read', label: 'read', kind: 'int' },
          { key: 'accepted', label: 'accepted', kind: 'int' },
          { key: 'rejected', label: 'rejected', kind: 'int' },
          { key: 'rejected_share', label: 'rejected %', kind: 'prop' },
          { key: 'deduplicated', label: 'de-duplicated', kind: 'int' },
          { key: 'filtered', label: 'filtered out', kind: 'int' },
          { key: 'outside_cohort', label: 'not in cohort', kind: 'int' },
          { key: 'cohort_row_rejected', label: 'cohort row rejected', kind: 'int' },
          { key: 'merged_custody_episodes', label: 'custody merged', kind: 'int' },
        ],
        rows,
      },
    ],
    notes,
    minCell: 0,
  };
  return out;
}

/** Whether every extract is within --max-rejected, and which are not. */
function toleranceSentence(loaded: Loaded, t: Tolerance): string {
  const over = loaded.inputs.filter((c) => overTolerance(c, t));
  const limit = `--max-rejected ${t.text}${t.minRows > 0 ? ` (from ${t.minRows} rows)` : ''}`;
  if (over.length === 0) return `Every extract is within ${limit}.`;
  return `Over ${limit}: ${over.map((c) => `${c.file} (${c.rejected.toLocaleString('en-GB')} rejected, ${percent(rejectedShare(c))})`).join(', ')}.`;
}

export function rejectsCsv(rs: Rejection[]): string {
  return stringify([
    ['file', 'line', 'column', 'value', 'kind', 'reason'],
    ...rs.map((r) => [r.file, String(r.line), r.column, safeCell(r.value), r.kind, safeCell(r.reason)]),
  ]);
}

export function listRejections(ctx: Ctx, rs: Rejection[], max: number): void {
  for (const r of rs.slice(0, max)) {
    ctx.io.stderr.write(`desist: ${r.file}:${r.line}: ${r.column === '(row)' ? '' : `${r.column}: `}${r.reason}\n`);
  }
  if (rs.length > max) ctx.io.stderr.write(`desist: … and ${rs.length - max} more rejected rows (--max-errors, or --rejects FILE for all)\n`);
}
