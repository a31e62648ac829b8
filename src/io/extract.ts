/**
 * Reading one extract (cohort, charges or custody) into staging columns, row by row:
 * every data row is accepted, rejected with a reason, or (later, in the model) de-duplicated.
 *
 * Header problems fail fast, before the body is read. Row problems reject the row with the
 * file, line, column, value and reason. Rules that need the as-of date run afterwards
 * (`applyAsOf`), because by default as-of is the latest charge date.
 */
import { CsvScanner, detectDelimiter, NOT_ISO, type FieldView } from './csv-scan.js';
import { COLUMNS, dateFormatFor, resolveColumns, type Mapping, type Role } from './mapping.js';
import { NO_DATE, OPEN_END, formatDay, parseDate, type DateFormat } from './dates.js';
import { IntColumn } from '../model/build.js';
import { Stage } from '../model/stage.js';
import { ByteMap } from './byte-map.js';
import { dataError } from '../cli/errors.js';
import type { OpenedSource } from './source.js';

export interface Rejection {
  role: Role;
  file: string;
  line: number;
  column: string;
  value: string;
  /** A short category for reconciliation ('invalid date', 'missing value', ...). */
  kind: RejectKind;
  reason: string;
}

export const REJECT_KINDS = ['malformed CSV', 'wrong number of fields', 'missing value', 'invalid date', 'dates out of order', 'after as-of'] as const;
export type RejectKind = (typeof REJECT_KINDS)[number];

export interface FileCounts {
  role: Role;
  file: string;
  sha256: string;
  gzip: boolean;
  delimiter: string;
  columns: string[];
  /** Data rows read (header and blank lines excluded). */
  read: number;
  accepted: number;
  rejected: number;
  deduplicated: number;
  blankLines: number;
  /** Accepted rows naming people who are not in the cohort (charges, custody). */
  outsideCohort: number;
  /** Custody: accepted episodes absorbed into an overlapping or adjacent one. */
  merged: number;
  /** Charges: accepted rows with an empty offence_date. */
  missingOffenceDate: number;
  /** cohort_end / custody_end after as-of: not yet happened, so read as open. */
  endAfterAsOf: number;
}

/** Interns small-vocabulary strings (codes, groups) to dense integers. */
export class Interner {
  readonly values: string[] = [];
  private readonly map = new Map<string, number>();
  id(s: string): number {
    let k = this.map.get(s);
    if (k === undefined) {
      k = this.values.length;
      this.values.push(s);
      this.map.set(s, k);
    }
    return k;
  }
}

/** Staged cohort rows. */
export interface CohortStage {
  /** person_id -> cohort index (by bytes, trimmed) */
  index: ByteMap;
  ids: string[];
  start: IntColumn;
  end: IntColumn;
  group: IntColumn;
  groups: Interner;
  covariates: Map<string, string[]>;
  line: IntColumn;
}

interface ReaderContext {
  source: OpenedSource;
  role: Role;
  mapping: Mapping | undefined;
  rejections: Rejection[];
  counts: FileCounts;
}

const DELIMS: Record<string, string> = { ',': 'comma', '\t': 'tab', '|': 'pipe' };

/**
 * Drive the scanner over a source. `onHeader` resolves columns (and may throw to stop before
 * the body); `onRow` handles every data row of the header's width.
 */
async function scan(
  ctx: ReaderContext,
  onHeader: (header: string[]) => void,
  onRow: (f: FieldView, line: number) => void,
): Promise<void> {
  const { counts, source } = ctx;
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
      counts.read++;
      if (f.count !== width) {
        reject(ctx, line, '(row)', rawOf(f), 'wrong number of fields', `expected ${width} fields as in the header, found ${f.count}`);
        return;
      }
      onRow(f, line);
    },
    error(line: number, reason: string, raw: string) {
      if (!headerSeen) throw dataError(`the header cannot be read: ${reason}`, `${source.name}:${line}`);
      counts.read++;
      reject(ctx, line, '(row)', raw, 'malformed CSV', reason);
    },
  };
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

function rawOf(f: FieldView): string {
  const parts: string[] = [];
  for (let i = 0; i < f.count; i++) parts.push(f.get(i));
  const s = parts.join(',');
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

function reject(ctx: ReaderContext, line: number, column: string, value: string, kind: RejectKind, reason: string): void {
  ctx.counts.rejected++;
  ctx.rejections.push({ role: ctx.role, file: ctx.source.name, line, column, value, kind, reason });
}

function checkHeader(ctx: ReaderContext, header: string[]) {
  const r = resolveColumns(header, ctx.role, ctx.mapping);
  if (r.missing.length > 0) {
    const found = header.map((h) => `'${h.replace(/^\uFEFF/, '').trim()}'`).join(', ');
    throw dataError(
      `missing required column${r.missing.length > 1 ? 's' : ''} ${r.missing.join(', ')} in the ${ctx.role} file; columns found: ${found}` +
        (ctx.mapping ? '' : ' (a mapping file can rename columns: see README, "The mapping file")'),
      `${ctx.source.name}:1`,
    );
  }
  return r;
}

/** A date reader for one column: ISO fast path from bytes, declared formats from the string. */
function dateReader(format: DateFormat) {
  return (f: FieldView, i: number): number | string => {
    if (format === 'auto' || format === 'yyyy-mm-dd') {
      const d = f.dayNumberIsoAt(i);
      if (d !== NOT_ISO) return d;
    }
    return parseDate(f.get(i), format);
  };
}

export function newCounts(role: Role, file: string): FileCounts {
  return {
    role,
    file,
    sha256: '',
    gzip: false,
    delimiter: 'comma',
    columns: [],
    read: 0,
    accepted: 0,
    rejected: 0,
    deduplicated: 0,
    blankLines: 0,
    outsideCohort: 0,
    merged: 0,
    missingOffenceDate: 0,
    endAfterAsOf: 0,
  };
}

/** Read the cohort. A person listed twice is a data error (exit 65) listing every repeat. */
export async function readCohort(
  source: OpenedSource,
  mapping: Mapping | undefined,
  rejections: Rejection[],
  maxErrors: number,
  asOf: number | undefined,
) {
  const counts = newCounts('cohort', source.name);
  const ctx: ReaderContext = { source, role: 'cohort', mapping, rejections, counts };
  const fmt = dateFormatFor(mapping, 'cohort');
  const date = dateReader(fmt);
  const stage: CohortStage = {
    index: new ByteMap(1 << 12),
    ids: [],
    start: new IntColumn(),
    end: new IntColumn(),
    group: new IntColumn(),
    groups: new Interner(),
    covariates: new Map(),
    line: new IntColumn(),
  };
  let col = { id: -1, start: -1, end: -1, group: -1 };
  let covs: { name: string; index: number; values: string[] }[] = [];
  const repeats: string[] = [];
  await scan(
    ctx,
    (header) => {
      const r = checkHeader(ctx, header);
      col = { id: r.index.get('person_id')!, start: r.index.get('cohort_start')!, end: r.index.get('cohort_end') ?? -1, group: r.index.get('group') ?? -1 };
      const named = [...r.index.entries()].filter(([k]) => !COLUMNS.cohort.required.includes(k) && !COLUMNS.cohort.optional.includes(k));
      covs = [...named.map(([name, index]) => ({ name, index })), ...r.extra].map((c) => ({ ...c, values: [] }));
      for (const c of covs) stage.covariates.set(c.name, c.values);
    },
    (f, line) => {
      const id = f.get(col.id).trim();
      if (id === '') return reject(ctx, line, 'person_id', '', 'missing value', 'missing person_id');
      const s = date(f, col.start);
      if (f.isEmpty(col.start)) return reject(ctx, line, 'cohort_start', '', 'missing value', 'missing cohort_start');
      if (typeof s === 'string') return reject(ctx, line, 'cohort_start', f.get(col.start), 'invalid date', s);
      let e = OPEN_END;
      if (col.end >= 0 && !f.isEmpty(col.end)) {
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
      const before = stage.index.size;
      const k = stage.index.add(f.source(col.id), f.start(col.id), f.end(col.id));
      if (stage.index.size === before) {
        repeats.push(`${source.name}:${line}: person_id '${id}' is already in the cohort at line ${stage.line.data[k]}`);
        return;
      }
      stage.ids.push(id);
      stage.start.push(s);
      stage.end.push(e);
      const g = col.group >= 0 ? f.get(col.group).trim() : '';
      stage.group.push(g === '' ? -1 : stage.groups.id(g));
      for (const c of covs) c.values.push(f.get(c.index).trim());
      stage.line.push(line);
      counts.accepted++;
    },
  );
  if (repeats.length > 0) {
    throw dataError(
      `${repeats.length} person${repeats.length > 1 ? 's are' : ' is'} listed more than once in the cohort; each person must appear once`,
      source.name,
      repeats.slice(0, maxErrors),
    );
  }
  return { stage, counts };
}

export const afterAsOf = (name: string, v: number, asOf: number) => `${name} ${formatDay(v)} is after the as-of date ${formatDay(asOf)}`;

/**
 * Read charges or custody rows into a Stage; people are looked up in the cohort's index by
 * their bytes (no string per row). With as-of known, its rules apply here and rows of people
 * outside the cohort are counted but not kept; without it, they are staged (person -1) for
 * `applyAsOf` once as-of is known. The hot path: keep it free of allocation.
 */
export async function readEvents(
  role: 'charges' | 'custody',
  source: OpenedSource,
  mapping: Mapping | undefined,
  rejections: Rejection[],
  persons: ByteMap,
  asOf: number | undefined,
) {
  const counts = newCounts(role, source.name);
  const ctx: ReaderContext = { source, role, mapping, rejections, counts };
  const format = dateFormatFor(mapping, role);
  const iso = format === 'auto' || format === 'yyyy-mm-dd';
  const date = dateReader(format);
  const codes = new ByteMap(256);
  const rests = new Interner();
  const stage = new Stage();
  const isCharges = role === 'charges';
  const aName = isCharges ? 'charge_date' : 'custody_start';
  const bName = isCharges ? 'offence_date' : 'custody_end';
  const bNone = isCharges ? NO_DATE : OPEN_END;
  const known = asOf !== undefined;
  const limit = asOf ?? 0;
  let maxA = -Infinity;
  let idCol = -1;
  let aCol = -1;
  let bCol = -1;
  let codeCol = -1;
  let restCols: number[] = [];
  await scan(
    ctx,
    (header) => {
      const r = checkHeader(ctx, header);
      idCol = r.index.get('person_id')!;
      aCol = r.index.get(aName)!;
      bCol = r.index.get(bName) ?? -1;
      codeCol = isCharges ? (r.index.get('offence_code') ?? -1) : -1;
      const used = new Set([idCol, aCol, bCol, codeCol, isCharges ? -1 : (r.index.get('custody_type') ?? -1)]);
      restCols = isCharges ? header.map((_, i) => i).filter((i) => !used.has(i)) : [];
    },
    (f, line) => {
      if (f.isEmpty(idCol)) return reject(ctx, line, 'person_id', '', 'missing value', 'missing person_id');
      if (f.isEmpty(aCol)) return reject(ctx, line, aName, '', 'missing value', `missing ${aName}`);
      let a = iso ? f.dayNumberIsoAt(aCol) : NOT_ISO;
      if (a === NOT_ISO) {
        const r = date(f, aCol);
        if (typeof r === 'string') return reject(ctx, line, aName, f.get(aCol), 'invalid date', r);
        a = r;
      }
      let b = bNone;
      if (bCol >= 0 && !f.isEmpty(bCol)) {
        b = iso ? f.dayNumberIsoAt(bCol) : NOT_ISO;
        if (b === NOT_ISO) {
          const r = date(f, bCol);
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
      if (known) {
        if (a > limit) return reject(ctx, line, aName, f.get(aCol), 'after as-of', afterAsOf(aName, a, limit));
        if (b !== bNone && b > limit) {
          if (isCharges) return reject(ctx, line, bName, f.get(bCol), 'after as-of', afterAsOf(bName, b, limit));
          b = OPEN_END;
          counts.endAfterAsOf++;
        }
      }
      if (a > maxA) maxA = a;
      const p = persons.get(f.source(idCol), f.start(idCol), f.end(idCol));
      counts.accepted++;
      if (p < 0 && known) {
        counts.outsideCohort++;
        return;
      }
      let rest = 0;
      if (restCols.length > 0) {
        let key = '';
        for (const i of restCols) key += f.get(i) + '\u0000';
        rest = rests.id(key);
      }
      if (stage.k === stage.cur.person.length) stage.grow();
      const c = stage.cur;
      const k = stage.k++;
      stage.n++;
      c.person[k] = p;
      c.a[k] = a;
      c.b[k] = b;
      c.code[k] = codeCol >= 0 && !f.isEmpty(codeCol) ? codes.add(f.source(codeCol), f.start(codeCol), f.end(codeCol)) : -1;
      c.rest[k] = rest;
      c.line[k] = line;
    },
  );
  const codeNames: string[] = [];
  for (let k = 0; k < codes.size; k++) codeNames.push(codes.key(k));
  return { stage, counts, codes: codeNames, maxDate: maxA === -Infinity ? undefined : maxA };
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
  stage: Stage,
  renumber: Int32Array | null,
  counts: FileCounts,
  rejections: Rejection[],
): void {
  const isCharges = role === 'charges';
  const aName = isCharges ? 'charge_date' : 'custody_start';
  const bName = isCharges ? 'offence_date' : 'custody_end';
  const bNone = isCharges ? NO_DATE : OPEN_END;
  for (let j = 0; j < stage.blocks.length; j++) {
    const blk = stage.blocks[j];
    for (let i = 0, m = stage.rowsIn(j); i < m; i++) {
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
      if (p < 0) counts.outsideCohort++;
    }
  }
}

/** Cohort rows with cohort_start after as-of (when as-of was not known while reading). */
export function applyAsOfToCohort(file: string, asOf: number, stage: CohortStage, counts: FileCounts, rejections: Rejection[]): Uint8Array {
  const start = stage.start.data;
  const end = stage.end.data;
  const n = stage.start.length;
  const keep = new Uint8Array(n).fill(1);
  for (let i = 0; i < n; i++) {
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
  return keep;
}
