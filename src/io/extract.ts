/**
 * Reading one extract (cohort, charges or custody) into staging columns, row by row:
 * every data row is accepted, rejected with a reason, or (later, in the model) de-duplicated.
 *
 * Header problems fail fast, before the body is read. Row problems reject the row with the
 * file, line, column, value and reason. Rules that need the as-of date run afterwards
 * (`applyAsOf`), because by default as-of is the latest charge date.
 */
import { CsvScanner, detectDelimiter, type FieldView } from './csv-scan.js';
import { COLUMNS, dateFormatFor, type Mapping } from './mapping.js';
import { NO_DATE, OPEN_END, formatDay } from '../core/days.js';
import { IntColumn } from '../model/build.js';
import type { StageView } from '../model/stage.js';
import { ByteMap } from './byte-map.js';
import { EventsPart, eventsSpec, type PartResult } from './events.js';
import { dataError } from '../core/errors.js';
import { PERSON_REJECTED, afterAsOf, blank, checkHeader, dateReader, newCounts, reject, rowsSink, type FileCounts, type ReaderContext, type Rejection } from './rows.js';
import type { OpenedSource } from './source.js';
import { quote } from '../core/text.js';

/** Staged cohort rows. */
export interface CohortStage {
  /**
   * Every person_id in the file (by bytes, trimmed), rejected rows' too, so that a repeat is
   * always caught; the ids themselves are decoded from it on demand.
   */
  index: ByteMap;
  /** index entry -> accepted person number, or -1 (the entry's row was rejected) */
  entryPerson: IntColumn;
  /** accepted person number -> index entry */
  personEntry: IntColumn;
  start: IntColumn;
  end: IntColumn;
  group: IntColumn;
  groups: ByteMap;
  covariates: Map<string, string[]>;
  line: IntColumn;
}

const DELIMS: Record<string, string> = { ',': 'comma', '\t': 'tab', '|': 'pipe' };

/**
 * Drive the scanner over a source. `onHeader` resolves columns (and may throw to stop before
 * the body); `onRow` handles every data row of the header's width.
 */
async function scan(
  ctx: ReaderContext,
  source: OpenedSource,
  onHeader: (header: string[]) => void,
  onRow: (f: FieldView, line: number) => void,
): Promise<void> {
  const { counts } = ctx;
  let scanner: CsvScanner | null = null;
  let width = -1;
  let headerSeen = false;
  const sink = {
    record(f: FieldView, line: number) {
      if (!headerSeen) {
        headerSeen = true;
        const header: string[] = [];
        for (let i = 0; i < f.count; i++) header.push(f.get(i));
        width = header.length;
        counts.columns = header.map((h) => h.replace(/^\uFEFF/, '').trim());
        onHeader(header);
        return;
      }
      rowSink.record(f, line);
    },
    error(line: number, reason: string, raw: string) {
      if (!headerSeen) throw dataError(`the header cannot be read: ${reason}`, `${source.name}:${line}`);
      rowSink.error(line, reason, raw);
    },
  };
  const rowSink = rowsSink(ctx, () => width, onRow);
  for await (const chunk of source.chunks) {
    if (!scanner) {
      const text = chunk.toString('utf8', 0, Math.min(chunk.length, 65536));
      const nl = text.indexOf('\n');
      const delim = detectDelimiter((nl >= 0 ? text.slice(0, nl) : text).replace(/^\uFEFF/, ''));
      counts.delimiter = DELIMS[delim];
      scanner = new CsvScanner(delim.charCodeAt(0), sink);
    }
    scanner.push(chunk);
  }
  if (scanner) {
    scanner.end();
    counts.blankLines = scanner.emptyLines;
  }
  counts.sha256 = source.sha256();
  counts.gzip = source.gzip();
  if (!headerSeen) throw dataError('the file is empty: expected a header row naming the columns', source.name);
}

/**
 * A second cohort file read into the same stage (two cohort files as groups): every person of
 * a file gets the file's group, and a person already read from an earlier file is an overlap,
 * counted (and, under `drop`, the row is left out: `counts.overlapDropped`).
 */
export interface CohortContinuation {
  stage: CohortStage;
  /** Index entries below this came from earlier files. */
  firstEntry: number;
  /** Line of each index entry (shared across the files, for repeat messages). */
  seenLines: number[];
  overlap: 'error' | 'drop';
  /** Lines of this file naming a person of an earlier file. */
  overlapLines: number[];
}

/** Force every row of the file into one group (two cohort files as groups). */
export interface CohortGroupFile {
  group: string;
  continueFrom?: CohortContinuation;
}

function newCohortStage(size: number): CohortStage {
  return {
    // sized from the file (about 40 bytes a row) so the id table is not rebuilt as it grows
    index: new ByteMap(Math.min(1 << 24, Math.max(1 << 12, Math.ceil(size / 40))), { shared: true }),
    entryPerson: new IntColumn(),
    personEntry: new IntColumn(),
    start: new IntColumn(),
    end: new IntColumn(),
    group: new IntColumn(),
    groups: new ByteMap(16),
    covariates: new Map(),
    line: new IntColumn(),
  };
}

/**
 * Read the cohort. A person listed twice is a data error (exit 65) listing every repeat.
 * With `asGroup`, the file is one group of a two-file comparison (its own group column is
 * ignored); `asGroup.continueFrom` reads it into the stage of the file read before.
 */
export async function readCohort(
  source: OpenedSource,
  mapping: Mapping | undefined,
  rejections: Rejection[],
  maxErrors: number,
  asOf: number | undefined,
  withCovariates = false,
  asGroup?: CohortGroupFile,
) {
  const counts = newCounts('cohort', source.name);
  const ctx: ReaderContext = { file: source.name, role: 'cohort', mapping, rejections, counts };
  const fmt = dateFormatFor(mapping, 'cohort');
  const date = dateReader(fmt, mapping?.twoDigitYearPivot);
  const cont = asGroup?.continueFrom;
  const stage: CohortStage = cont?.stage ?? newCohortStage(source.size);
  const forcedGroup = asGroup ? stage.groups.add(Buffer.from(asGroup.group), 0, Buffer.byteLength(asGroup.group)) : -1;
  if (asGroup) counts.cohortGroup = asGroup.group;
  if (cont) counts.overlapDropped = 0;
  const firstEntry = cont?.firstEntry ?? 0;
  const rowsBefore = stage.personEntry.length;
  let col = { id: -1, start: -1, end: -1, group: -1 };
  // index -1: a covariate of an earlier cohort file that this file lacks (read as empty)
  let covs: { name: string; index: number; values: string[] }[] = [];
  const repeats: string[] = [];
  const seenLines = cont?.seenLines ?? [];
  await scan(
    ctx,
    source,
    (header) => {
      const r = checkHeader(ctx, header);
      col = { id: r.index.get('person_id')!, start: r.index.get('cohort_start')!, end: r.index.get('cohort_end') ?? -1, group: r.index.get('group') ?? -1 };
      const named = [...r.index.entries()].filter(([k]) => !COLUMNS.cohort.required.includes(k) && !COLUMNS.cohort.optional.includes(k));
      const own = [...named.map(([name, index]) => ({ name, index })), ...r.extra];
      if (!withCovariates) return;
      covs = own.map((c) => ({ ...c, values: stage.covariates.get(c.name) ?? new Array<string>(rowsBefore).fill('') }));
      for (const [name, values] of stage.covariates) if (!own.some((c) => c.name === name)) covs.push({ name, index: -1, values });
      for (const c of covs) stage.covariates.set(c.name, c.values);
    },
    (f, line) => {
      if (blank(f, col.id)) return reject(ctx, line, 'person_id', '', 'missing value', 'missing person_id');
      // A person listed twice is an error even when one of the rows is rejected.
      const seenBefore = stage.index.size;
      const entry = stage.index.add(f.source(col.id), f.start(col.id), f.end(col.id));
      if (stage.index.size === seenBefore) {
        if (cont && entry < firstEntry) {
          // in the treated file too: an overlap, never a repeat within this file
          cont.overlapLines.push(line);
          if (cont.overlap === 'drop') counts.overlapDropped!++;
          return;
        }
        repeats.push(`${source.name}:${line}: person_id ${quote(f.get(col.id).trim())} is already in the cohort at line ${seenLines[entry]}`);
        return;
      }
      seenLines.push(line);
      stage.entryPerson.push(-1);
      if (blank(f, col.start)) return reject(ctx, line, 'cohort_start', '', 'missing value', 'missing cohort_start');
      const s = date(f, col.start);
      if (typeof s === 'string') return reject(ctx, line, 'cohort_start', f.get(col.start), 'invalid date', s);
      let e = OPEN_END;
      if (col.end >= 0 && !blank(f, col.end)) {
        const r = date(f, col.end);
        if (typeof r === 'string') return reject(ctx, line, 'cohort_end', f.get(col.end), 'invalid date', r);
        if (r < s) return reject(ctx, line, 'cohort_end', f.get(col.end), 'dates out of order', `cohort_end ${formatDay(r)} is before cohort_start ${formatDay(s)}`);
        e = r;
      }
      if (asOf !== undefined) {
        if (s > asOf) return reject(ctx, line, 'cohort_start', f.get(col.start), 'after as-of', afterAsOf('cohort_start', s, asOf));
        if (e !== OPEN_END && e > asOf) {
          e = OPEN_END;
          counts.endAfterAsOf++;
        }
      }
      stage.entryPerson.data[entry] = stage.personEntry.length;
      stage.personEntry.push(entry);
      stage.start.push(s);
      stage.end.push(e);
      if (forcedGroup >= 0) stage.group.push(forcedGroup);
      else stage.group.push(col.group < 0 || blank(f, col.group) ? -1 : stage.groups.add(f.source(col.group), f.start(col.group), f.end(col.group)));
      for (const c of covs) c.values.push(c.index < 0 ? '' : f.get(c.index).trim());
      stage.line.push(line);
      counts.accepted++;
    },
  );
  if (repeats.length > 0) {
    throw dataError(
      `${repeats.length > 1 ? `${repeats.length} people are` : '1 person is'} listed more than once in the cohort; each person must appear once`,
      source.name,
      repeats.slice(0, maxErrors),
    );
  }
  return { stage, counts, seenLines };
}

/**
 * Read a whole charges or custody stream (stdin, gzip, or a small file) in this thread, as one
 * part (see events.ts).
 */
export async function readEventsSequential(role: 'charges' | 'custody', source: OpenedSource, mapping: Mapping | undefined, asOf: number | undefined): Promise<PartResult> {
  const counts = newCounts(role, source.name);
  const rejections: Rejection[] = [];
  const ctx: ReaderContext = { file: source.name, role, mapping, rejections, counts };
  let part: EventsPart | null = null;
  await scan(
    ctx,
    source,
    (header) => {
      part = new EventsPart(eventsSpec(ctx, header, asOf, source.name), ctx);
    },
    (f, line) => part!.row(f, line),
  );
  return part!.result(0, true);
}

/**
 * Nothing after as-of exists. When as-of was not known while reading (it defaults to the latest
 * charge date), its rules run here over the staged rows: a start or event date after as-of
 * rejects the row (person set to -2); an end date after as-of (a planned cohort exit, a
 * scheduled release) has not happened yet, so it is read as open and counted. People are
 * renumbered with `renumber` (cohort rows rejected by as-of leave the cohort), and rows of
 * people outside the cohort are counted.
 */
export function applyAsOfToStage(
  role: 'charges' | 'custody',
  file: string,
  asOf: number,
  views: StageView[],
  renumber: Int32Array | null,
  counts: FileCounts,
  rejections: Rejection[],
): void {
  const isCharges = role === 'charges';
  const aName = isCharges ? 'charge_date' : 'custody_start';
  const bName = isCharges ? 'offence_date' : 'custody_end';
  const bNone = isCharges ? NO_DATE : OPEN_END;
  for (const v of views) for (let j = 0; j < v.blocks.length; j++) {
    const blk = v.blocks[j];
    for (let i = 0, m = v.rows[j]; i < m; i++) {
      const a = blk.a[i];
      const b = blk.b[i];
      const bad = a > asOf ? aName : isCharges && b !== bNone && b > asOf ? bName : null;
      if (bad) {
        const v = bad === aName ? a : b;
        blk.person[i] = -2;
        counts.accepted--;
        counts.rejected++;
        rejections.push({ role, file, line: blk.line[i], column: bad, value: formatDay(v), kind: 'after as-of', reason: afterAsOf(bad, v, asOf) });
        continue;
      }
      if (!isCharges && b !== bNone && b > asOf) {
        blk.b[i] = OPEN_END;
        counts.endAfterAsOf++;
      }
      let p = blk.person[i];
      if (p >= 0 && renumber) p = blk.person[i] = renumber[p];
      if (p === PERSON_REJECTED) counts.cohortRowRejected++;
      else if (p < 0) counts.outsideCohort++;
    }
  }
}

/** One cohort file's people in the stage: persons [from, to). */
export interface CohortPart {
  file: string;
  counts: FileCounts;
  from: number;
  to: number;
}

/** Cohort rows with cohort_start after as-of (when as-of was not known while reading). */
export function applyAsOfToCohort(parts: CohortPart[], asOf: number, stage: CohortStage, rejections: Rejection[]): Uint8Array {
  const keep = new Uint8Array(stage.start.length).fill(1);
  for (const { file, counts, from, to } of parts) applyAsOfToPart(file, counts, from, to, asOf, stage, keep, rejections);
  return keep;
}

function applyAsOfToPart(file: string, counts: FileCounts, from: number, to: number, asOf: number, stage: CohortStage, keep: Uint8Array, rejections: Rejection[]): void {
  const start = stage.start.data;
  const end = stage.end.data;
  for (let i = from; i < to; i++) {
    if (start[i] > asOf) {
      keep[i] = 0;
      counts.accepted--;
      counts.rejected++;
      rejections.push({ role: 'cohort', file, line: stage.line.data[i], column: 'cohort_start', value: formatDay(start[i]), kind: 'after as-of', reason: afterAsOf('cohort_start', start[i], asOf) });
    } else if (end[i] !== OPEN_END && end[i] > asOf) {
      end[i] = OPEN_END;
      counts.endAfterAsOf++;
    }
  }
}
