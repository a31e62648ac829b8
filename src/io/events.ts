/**
 * Reading charges and custody extracts, in parts.
 *
 * A *part* is a run of data rows parsed by one thread: the whole of a stream (stdin, gzip, a
 * small file), or one byte range of a large plain file (split at line ends and parsed by worker
 * threads on every core, while the main thread reads the cohort). Every part is parsed by the
 * same code (`EventsPart.row`), interning person ids locally by their bytes. The ids are then
 * mapped to cohort indices (`personsOf`): by each worker thread once the cohort is read (its id
 * map is shared, not copied; the threads do this in parallel while the main thread hashes the
 * file), or by `mergeParts` for parts read on the main thread. `mergeParts` fixes line numbers
 * and adds up the counts. So a file gives the same rows, rejections and counts however it was
 * split.
 *
 * Splitting a file at a line end is safe only outside a quoted field. Each part counts its quote
 * characters; a split whose preceding quote count is odd (or a part that met a malformed quote)
 * makes the whole file be read again in one part.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { CsvScanner, NOT_ISO, detectDelimiter, type FieldView } from './csv-scan.js';
import { PERSON_REJECTED, blank, checkHeader, dateReader, Interner, newCounts, reject, rowsSink, afterAsOf, type FileCounts, type ReaderContext, type Rejection } from './rows.js';
import { dateFormatFor, encodingFor, type Mapping, type RowFilter } from './mapping.js';
import { Utf8Check } from './utf8.js';
import { parseWorkerUrl, takeParseThread } from './parse-pool.js';
import { configError } from '../core/errors.js';
import { NO_DATE, OPEN_END, formatDay } from '../core/days.js';
import { type DateFormat } from './dates.js';
import { ByteMap, type ByteMapData, type ByteMapTable } from './byte-map.js';
import { sniffFormat } from './sniff.js';
import { isParquet } from './parquet.js';
import { Stage, type StageView } from '../model/stage.js';

export type EventsRole = 'charges' | 'custody';

/** What a part needs to know to parse rows: resolved from the header once. */
export interface EventsSpec {
  role: EventsRole;
  file: string;
  width: number;
  delimiter: string;
  columns: string[];
  idCol: number;
  aCol: number;
  bCol: number;
  codeCol: number;
  restCols: number[];
  format: DateFormat;
  /** the mapping's twoDigitYearPivot (two-digit-year formats) */
  pivot: number | undefined;
  asOf: number | undefined;
  /** the mapping's row filters, resolved against the header */
  where: RowFilter[];
  /** charges: an empty charge_date takes the offence_date (missingChargeDate: use-offence-date) */
  chargeFromOffence: boolean;
}

export function eventsSpec(ctx: ReaderContext, header: string[], asOf: number | undefined, file: string, delimiter = ','): EventsSpec {
  const role = ctx.role as EventsRole;
  const r = checkHeader(ctx, header);
  const isCharges = role === 'charges';
  const idCol = r.index.get('person_id')!;
  const aCol = r.index.get(isCharges ? 'charge_date' : 'custody_start')!;
  const bCol = r.index.get(isCharges ? 'offence_date' : 'custody_end') ?? -1;
  const codeCol = isCharges ? (r.index.get('offence_code') ?? -1) : -1;
  const used = new Set([idCol, aCol, bCol, codeCol, isCharges ? -1 : (r.index.get('custody_type') ?? -1)]);
  const chargeFromOffence = isCharges && ctx.mapping?.missingChargeDate === 'use-offence-date';
  if (chargeFromOffence && bCol < 0) {
    throw configError(`missingChargeDate is use-offence-date, but the charges file has no offence_date column; columns found: ${header.map((h) => `'${h.trim()}'`).join(', ')}`, `${file}:1`);
  }
  return {
    role,
    file,
    width: header.length,
    delimiter,
    columns: header.map((h) => h.replace(/^\uFEFF/, '').trim()),
    idCol,
    aCol,
    bCol,
    codeCol,
    restCols: isCharges ? header.map((_, i) => i).filter((i) => !used.has(i)) : [],
    format: dateFormatFor(ctx.mapping, role),
    pivot: ctx.mapping?.twoDigitYearPivot,
    asOf,
    where: ctx.where ?? [],
    chargeFromOffence,
  };
}

/** A part's result: plain data (typed arrays are transferred from workers, not copied). */
export interface PartResult {
  spec: EventsSpec;
  view: StageView;
  ids: ByteMapData;
  codes: string[];
  rests: string[];
  counts: FileCounts;
  rejections: Rejection[];
  maxDate: number | null;
  linesSeen: number;
  /** true when line numbers are already the file's (the first part, or a whole stream) */
  absoluteLines: boolean;
  quotes: number;
  quoteErrors: number;
  /** `ids` as cohort indices (`personsOf`), when the part's thread mapped them */
  persons?: Int32Array;
}

/**
 * The cohort's person ids, to map an extract's ids to cohort indices: `entryPerson[k]` is the
 * person of the map's entry k (negative when that cohort row was rejected). Its arrays are
 * SharedArrayBuffers, so parsing threads look up in it without a copy.
 */
export interface PersonIndex {
  ids: ByteMapTable;
  entryPerson: Int32Array;
}

/**
 * The cohort index of each of a part's ids: -1 when not in the cohort file, PERSON_REJECTED
 * when in it but that cohort row was rejected.
 */
export function personsOf(ids: ByteMapData, index: PersonIndex): Int32Array {
  const map = ByteMap.over(index.ids);
  const { entryPerson } = index;
  const out = new Int32Array(ids.size);
  for (let k = 0; k < ids.size; k++) {
    const e = map.get(ids.arena, ids.keyStart[k], ids.keyEnd[k]);
    out[k] = e < 0 ? -1 : entryPerson[e] < 0 ? PERSON_REJECTED : entryPerson[e];
  }
  return out;
}

/** The per-row parser of one part. The hot path: no allocation per row. */
export class EventsPart {
  readonly stage = new Stage();
  readonly ids = new ByteMap(1 << 14);
  readonly codes = new ByteMap(256);
  readonly rests = new Interner();
  maxA = -Infinity;
  quoteErrors = 0;
  private readonly date: ReturnType<typeof dateReader>;
  private readonly iso: boolean;

  constructor(
    readonly spec: EventsSpec,
    readonly ctx: ReaderContext,
  ) {
    this.date = dateReader(spec.format, spec.pivot);
    this.iso = spec.format === 'auto' || spec.format === 'yyyy-mm-dd';
  }

  row(f: FieldView, line: number): void {
    const { spec, ctx } = this;
    const counts = ctx.counts;
    const isCharges = spec.role === 'charges';
    const aName = isCharges ? 'charge_date' : 'custody_start';
    const bName = isCharges ? 'offence_date' : 'custody_end';
    const bNone = isCharges ? NO_DATE : OPEN_END;
    const { idCol, aCol, bCol, codeCol } = spec;
    if (blank(f, idCol)) return reject(ctx, line, 'person_id', '', 'missing value', 'missing person_id');
    // an empty charge_date dated by the offence (missingChargeDate): read as if it were that date
    const standIn = blank(f, aCol) && spec.chargeFromOffence && !blank(f, bCol);
    if (blank(f, aCol) && !standIn) return reject(ctx, line, aName, '', 'missing value', `missing ${aName}`);
    const aAt = standIn ? bCol : aCol;
    let a = this.iso ? f.dayNumberIsoAt(aAt) : NOT_ISO;
    // "plain": a bare ISO day, whose text the day number gives back exactly (see `rest` below);
    // a stand-in is never plain, so its empty text keeps it apart from a row dated the same
    const aPlain = a !== NOT_ISO && f.byteLength(aAt) === 10 && !standIn;
    if (a === NOT_ISO) {
      const r = this.date(f, aAt);
      if (typeof r === 'string') return reject(ctx, line, standIn ? bName : aName, f.get(aAt), 'invalid date', r);
      a = r;
    }
    let b = bNone;
    let bPlain = true;
    if (bCol >= 0 && !blank(f, bCol)) {
      b = this.iso ? f.dayNumberIsoAt(bCol) : NOT_ISO;
      bPlain = b !== NOT_ISO && f.byteLength(bCol) === 10;
      if (b === NOT_ISO) {
        const r = this.date(f, bCol);
        if (typeof r === 'string') return reject(ctx, line, bName, f.get(bCol), 'invalid date', r);
        b = r;
      }
      if (isCharges && a < b) {
        return reject(ctx, line, aName, f.get(aCol), 'dates out of order', `charge_date ${formatDay(a)} is before offence_date ${formatDay(b)}`);
      }
      if (!isCharges && b < a) {
        return reject(ctx, line, bName, f.get(bCol), 'dates out of order', `custody_end ${formatDay(b)} is before custody_start ${formatDay(a)}`);
      }
    } else if (isCharges) counts.missingOffenceDate++;
    const asOf = spec.asOf;
    if (asOf !== undefined) {
      if (a > asOf) return reject(ctx, line, standIn ? bName : aName, f.get(aAt), 'after as-of', afterAsOf(standIn ? bName : aName, a, asOf));
      if (b !== bNone && b > asOf) {
        if (isCharges) return reject(ctx, line, bName, f.get(bCol), 'after as-of', afterAsOf(bName, b, asOf));
        b = OPEN_END;
        counts.endAfterAsOf++;
      }
    }
    if (a > this.maxA) this.maxA = a;
    counts.accepted++;
    if (standIn) counts.chargeDateFromOffence++;
    // Exact duplicates are equal in every column's text: dates written other than as a plain
    // ISO day (a time of day, UK form) take their text into the key, as do the other columns.
    let rest = 0;
    if (spec.restCols.length > 0 || !aPlain || !bPlain) {
      let key = aPlain ? '' : `${f.get(aCol)}\u0000`;
      if (!bPlain) key += `${f.get(bCol)}\u0000`;
      for (const i of spec.restCols) key += `${f.get(i)}\u0000`;
      rest = this.rests.id(key) + 1; // 0 is kept for "no key"
    }
    const st = this.stage;
    if (st.k === st.cur.person.length) st.grow();
    const c = st.cur;
    const k = st.k++;
    st.n++;
    c.person[k] = this.ids.add(f.source(idCol), f.start(idCol), f.end(idCol));
    c.a[k] = a;
    c.b[k] = b;
    c.code[k] = codeCol >= 0 && !blank(f, codeCol) ? this.codes.add(f.source(codeCol), f.start(codeCol), f.end(codeCol)) : -1;
    c.rest[k] = rest;
    c.line[k] = line;
  }

  result(linesSeen: number, absoluteLines: boolean, quotes = 0): PartResult {
    const codes: string[] = [];
    for (let k = 0; k < this.codes.size; k++) codes.push(this.codes.key(k));
    return {
      spec: this.spec,
      view: this.stage.view(),
      ids: this.ids.export(),
      codes,
      rests: this.rests.values,
      counts: this.ctx.counts,
      rejections: this.ctx.rejections,
      maxDate: this.maxA === -Infinity ? null : this.maxA,
      linesSeen,
      absoluteLines,
      quotes,
      quoteErrors: this.quoteErrors,
    };
  }
}

/* ------------------------- parsing a byte range of a plain file ------------------------- */

export interface RangeJob {
  spec: EventsSpec;
  path: string;
  start: number;
  end: number;
  /** the file line the range starts on, when known (the first range: 2, after the header) */
  firstLine?: number;
  /**
   * In a worker: after parsing, take a second message, the cohort's PersonIndex, if it has come
   * by then, and map the part's ids there (`persons`): in parallel, while the main thread is
   * busy with the file's hash.
   */
  personsMayCome?: boolean;
}

const CHUNK = 4 << 20;

/** Parse rows in bytes [start, end) of a file (used inside workers, and as the fallback). */
export function parseRange(job: RangeJob): PartResult {
  const { spec, path } = job;
  const counts = newCounts(spec.role, spec.file);
  const ctx: ReaderContext = { file: spec.file, role: spec.role, mapping: undefined, rejections: [], counts, where: spec.where.length > 0 ? spec.where : undefined };
  const part = new EventsPart(spec, ctx);
  const sink = rowsSink(ctx, () => spec.width, (f, line) => part.row(f, line));
  const counting = {
    record: sink.record,
    error(line: number, reason: string, raw: string) {
      if (/quote/i.test(reason)) part.quoteErrors++;
      sink.error(line, reason, raw);
    },
  };
  const scanner = new CsvScanner(spec.delimiter.charCodeAt(0), counting, { firstLine: job.firstLine ?? 1 });
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(Math.max(1, Math.min(CHUNK, job.end - job.start)));
  let quotes = 0;
  try {
    let pos = job.start;
    while (pos < job.end) {
      const want = Math.min(buf.length, job.end - pos);
      const got = readSync(fd, buf, 0, want, pos);
      if (got <= 0) break;
      const chunk = buf.subarray(0, got);
      for (let i = chunk.indexOf(34); i >= 0; i = chunk.indexOf(34, i + 1)) quotes++;
      scanner.push(chunk);
      pos += got;
    }
    scanner.end();
  } finally {
    closeSync(fd);
  }
  counts.blankLines = scanner.emptyLines;
  return part.result(scanner.linesSeen, job.firstLine !== undefined, quotes);
}

/**
 * True when parts parsed apart are the parts of the whole: every cut lies between records. A cut
 * inside a quoted field shows as an odd number of quote characters before it (in well-formed CSV
 * quotes come in pairs within a field), and any part that met a malformed or unclosed quote makes
 * the count untrustworthy: either way the file must be read again in one part.
 */
export function splitIsSafe(parts: PartResult[]): boolean {
  if (parts.length < 2) return true;
  if (parts.some((p) => p.quoteErrors > 0)) return false;
  let before = 0;
  for (let i = 0; i + 1 < parts.length; i++) {
    before += parts[i].quotes;
    if (before % 2 === 1) return false;
  }
  return true;
}

/* ------------------------------ planning and running parts ------------------------------ */

export interface ParallelOptions {
  /** worker threads to use (1 = parse in this thread) */
  threads: number;
  /** files smaller than this are read in one part */
  minBytes: number;
}

export interface FileHeader {
  header: string[];
  /** byte offset of the first data row */
  bodyStart: number;
  delimiter: string;
  size: number;
}

/** True for a regular file (not a FIFO, device, socket or folder); false when it cannot be seen. */
export function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Read the header line of a plain file; null when the file is gzip or the header is unusual. */
export function readFileHeader(path: string): FileHeader | null {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.allocUnsafe(Math.min(size, 1 << 20));
    const got = readSync(fd, buf, 0, buf.length, 0);
    const head = buf.subarray(0, got);
    // gzip, Parquet, a workbook, UTF-16...: the general reader reads or names it
    if ((head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) || isParquet(head) || sniffFormat(head, 'text')) return null;
    const nl = head.indexOf(10);
    if (nl < 0) return null;
    let text = head.subarray(0, nl).toString('utf8').replace(/\r$/, '');
    // a quoted header, or blank lines before it: leave it to the general reader
    if (text.includes('"') || text.replace(/^\uFEFF/, '').trim() === '') return null;
    text = text.replace(/^\uFEFF/, '');
    const delimiter = detectDelimiter(text);
    return { header: text.split(delimiter), bodyStart: nl + 1, delimiter, size };
  } finally {
    closeSync(fd);
  }
}

/** Split [from, size) into about `parts` ranges ending just after a line feed. */
export function splitAtLines(path: string, from: number, size: number, parts: number): [number, number][] {
  const cuts = [from];
  const fd = openSync(path, 'r');
  try {
    const probe = Buffer.allocUnsafe(1 << 16);
    for (let i = 1; i < parts; i++) {
      let pos = Math.max(cuts[cuts.length - 1], from + Math.floor(((size - from) * i) / parts));
      let found = -1;
      while (pos < size && found < 0) {
        const got = readSync(fd, probe, 0, probe.length, pos);
        if (got <= 0) break;
        const nl = probe.subarray(0, got).indexOf(10);
        if (nl >= 0) found = pos + nl + 1;
        else pos += got;
      }
      if (found < 0 || found >= size) break;
      cuts.push(found);
    }
  } finally {
    closeSync(fd);
  }
  cuts.push(size);
  const ranges: [number, number][] = [];
  for (let i = 0; i + 1 < cuts.length; i++) if (cuts[i + 1] > cuts[i]) ranges.push([cuts[i], cuts[i + 1]]);
  return ranges;
}

/**
 * A byte range being parsed on a worker thread: `persons` (called once) sends it the cohort's ids
 * to map its own to, if it is still parsing (a part sent without them is mapped by mergeParts); `stop`
 * ends the thread (the result then rejects).
 */
interface RunningPart {
  result: Promise<PartResult>;
  persons(index: PersonIndex): void;
  stop(): void;
}

function runInWorker(job: RangeJob): RunningPart {
  let w: Worker | undefined;
  let answered = false;
  const result = new Promise<PartResult>((resolvePart, rejectPart) => {
    try {
      w = takeParseThread() ?? new Worker(parseWorkerUrl());
      w.postMessage({ ...job, personsMayCome: true });
    } catch (e) {
      rejectPart(e as Error);
      return;
    }
    w.once('message', (r: PartResult | { error: string; exitCode?: number; where?: string }) => {
      answered = true;
      if ('error' in r) rejectPart(Object.assign(new Error(r.error), r));
      else resolvePart(r);
    });
    w.once('error', rejectPart);
    // a thread that ends without its rows (stopped, or failed) rejects; after a next turn, so
    // that rows sent just before a normal end are taken first
    w.once('exit', (code) => setImmediate(() => rejectPart(new Error(`a parsing thread stopped with code ${code} before sending its rows`))));
  });
  // awaited in finish(), or never when the load fails first: not an unhandled rejection meanwhile
  result.catch(() => {});
  return {
    result,
    persons: (index) => {
      if (!answered) w?.postMessage(index);
    },
    stop: () => void w?.terminate(),
  };
}

export interface EventsRead {
  parts: PartResult[];
  /** lines of invalid UTF-8 in the file */
  utf8: { badLines: number; firstLine: number };
  spec: EventsSpec;
  sha256: string;
  gzip: boolean;
  delimiter: string;
  blankLines: number;
}

const DELIMS: Record<string, string> = { ',': 'comma', '\t': 'tab', '|': 'pipe' };

/**
 * A file being parsed in parts: `persons()` gives its threads the cohort to map their ids to
 * (once the cohort is read: threads still parsing then map theirs; mergeParts maps the others);
 * `finish()` waits for it; `cancel()` stops its threads.
 */
export interface ParallelJob {
  persons(index: PersonIndex): void;
  finish(): Promise<EventsRead>;
  cancel(): void;
}

/**
 * Start reading a plain file in parallel parts: returns null when the file should be read by
 * the general (streaming) reader instead. Workers start at once; `finish()` hashes the file in
 * this thread and waits for them; `cancel()` (when the load fails elsewhere) stops them, so the
 * process does not wait for parts no one will read.
 */
export function startParallel(
  role: EventsRole,
  path: string,
  shown: string,
  mapping: Mapping | undefined,
  asOf: number | undefined,
  par: ParallelOptions,
): ParallelJob | null {
  if (par.threads < 2) return null;
  // a declared encoding is decoded as the file streams past: one part
  if (encodingFor(mapping, role) !== undefined && encodingFor(mapping, role) !== 'utf-8') return null;
  // Only a regular file can be read twice and in ranges: a FIFO, a device or a socket is read
  // once, as a stream, by the general reader (probing its header would consume its data).
  if (!isRegularFile(path)) return null;
  let fh: FileHeader | null;
  try {
    fh = readFileHeader(path);
  } catch {
    return null; // let the general reader report the problem
  }
  if (!fh || fh.size < par.minBytes) return null;
  const counts = newCounts(role, shown);
  const ctx: ReaderContext = { file: shown, role, mapping, rejections: [], counts };
  const spec = eventsSpec(ctx, fh.header, asOf, shown, fh.delimiter);
  const ranges = splitAtLines(path, fh.bodyStart, fh.size, par.threads);
  const running = ranges.map(([start, end], i) => runInWorker({ spec, path, start, end, firstLine: i === 0 ? 2 : undefined }));
  return {
    persons: (index) => running.forEach((r) => r.persons(index)),
    finish: async () => {
      const hash = createHash('sha256');
      const check = new Utf8Check();
      const fd = openSync(path, 'r');
      try {
        const buf = Buffer.allocUnsafe(CHUNK);
        for (let pos = 0; ; ) {
          const got = readSync(fd, buf, 0, CHUNK, pos);
          if (got <= 0) break;
          hash.update(buf.subarray(0, got));
          check.push(buf.subarray(0, got));
          pos += got;
        }
      } finally {
        closeSync(fd);
      }
      let parts = await Promise.all(running.map((r) => r.result));
      if (!splitIsSafe(parts)) parts = [parseRange({ spec, path, start: fh!.bodyStart, end: fh!.size, firstLine: 2 })];
      return { parts, spec, utf8: check.result(), sha256: hash.digest('hex'), gzip: false, delimiter: DELIMS[fh!.delimiter], blankLines: parts.reduce((s, p) => s + p.counts.blankLines, 0) };
    },
    cancel: () => running.forEach((r) => r.stop()),
  };
}

/**
 * Join the parts of one file: person ids to cohort indices (-1 outside the cohort), codes and
 * other-column keys to file-wide numbers, line numbers from part-relative to file lines (the
 * header is line 1), counts added up. With as-of known, rows of people outside the cohort are
 * counted here (without it, applyAsOfToStage counts them once as-of is settled).
 */
export function mergeParts(read: { parts: PartResult[]; sha256: string; gzip: boolean; delimiter: string; spec: EventsSpec }, persons: PersonIndex) {
  const { parts, spec } = read;
  const counts = newCounts(spec.role, spec.file);
  counts.sha256 = read.sha256;
  counts.gzip = read.gzip;
  counts.delimiter = read.delimiter;
  counts.columns = spec.columns;
  const codes = new Interner();
  const rests = new Interner();
  const rejections: Rejection[] = [];
  const views: StageView[] = [];
  let maxDate: number | null = null;
  let next = 2; // the file line the next part starts on (line 1 is the header)
  for (const p of parts) {
    const offset = p.absoluteLines ? 0 : next - 1;
    const idMap = p.persons ?? personsOf(p.ids, persons);
    const codeMap = Int32Array.from(p.codes, (c) => codes.id(c));
    const restMap = Int32Array.from([0, ...p.rests.map((r) => rests.id(r) + 1)]); // 0 = no key
    const known = spec.asOf !== undefined;
    let outside = 0;
    let rejectedPerson = 0;
    p.view.blocks.forEach((blk, j) => {
      const { person, code, rest, line } = blk;
      for (let i = 0, m = p.view.rows[j]; i < m; i++) {
        const q = idMap[person[i]];
        person[i] = q;
        if (q === PERSON_REJECTED) rejectedPerson++;
        else if (q < 0) outside++;
        if (code[i] >= 0) code[i] = codeMap[code[i]];
        rest[i] = restMap[rest[i]];
        line[i] += offset;
      }
    });
    if (known) {
      counts.outsideCohort += outside;
      counts.cohortRowRejected += rejectedPerson;
    }
    for (const r of p.rejections) rejections.push({ ...r, line: r.line + offset });
    for (const key of ['read', 'accepted', 'rejected', 'filtered', 'missingOffenceDate', 'chargeDateFromOffence', 'endAfterAsOf', 'blankLines'] as const) counts[key] += p.counts[key];
    if (p.maxDate !== null && (maxDate === null || p.maxDate > maxDate)) maxDate = p.maxDate;
    next += p.linesSeen;
    views.push(p.view);
  }
  return { views, counts, rejections, codes: codes.values, maxDate, hasRest: rests.values.length > 0 };
}
