/**
 * What a data file is and what its columns are called, without reading it all: for `desist sql`,
 * whose query reads the files itself (through DuckDB) but whose headers desist checks first, as
 * it checks them when it reads a file. The kind comes from the file's first bytes, as desist's
 * own reader decides it (not from the name): Parquet's `PAR1`, gzip's 1f 8b, else text.
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createGunzip } from 'node:zlib';
import { inputError } from '../core/errors.js';
import { detectDelimiter } from './csv-scan.js';
import { isParquet, parquetColumns } from './parquet.js';
import { sniffFormat } from './sniff.js';

// csv-parse reads a quoted header line; loaded only then (its CommonJS build: the same code)
const require = createRequire(import.meta.url);

export type FileKind = 'csv' | 'gzip' | 'parquet';

/** The kind of the file at `path` (`shown` in messages); a missing file or a folder is desist's input error (exit 66). */
export function fileKind(path: string, shown: string): FileKind {
  let fd: number;
  let folder = false;
  try {
    folder = statSync(path).isDirectory();
    fd = folder ? -1 : openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw inputError(code === 'ENOENT' ? 'no such file' : `cannot read (${code})`, shown);
  }
  if (folder) throw inputError('is a folder, expected a CSV file', shown);
  try {
    const head = Buffer.alloc(4);
    const got = readSync(fd, head, 0, 4, 0);
    if (isParquet(head.subarray(0, got))) return 'parquet';
    return got >= 2 && head[0] === 0x1f && head[1] === 0x8b ? 'gzip' : 'csv';
  } finally {
    closeSync(fd);
  }
}

/** Headers longer than this are left to the engine. */
const MAX_HEADER = 1 << 20;

export interface FileColumns {
  names: string[];
  /** positions of the columns holding instants (Parquet TIMESTAMP adjusted to UTC), which desist reads in UTC */
  utcInstants: Set<number>;
}

/**
 * The column names of the file, as desist's reader sees them (a quoted name unquoted, the BOM
 * dropped); null when the header cannot be told this way (not UTF-8 text, longer than 1 MiB, a
 * line break inside a quoted name, an unreadable file): the engine then reports what it finds.
 */
export async function columnNames(path: string, kind: FileKind): Promise<FileColumns | null> {
  try {
    if (kind === 'parquet') {
      const cols = await parquetColumns(path);
      return { names: cols.map((c) => c.name), utcInstants: new Set(cols.flatMap((c, i) => (c.utcInstant ? [i] : []))) };
    }
    const head = kind === 'gzip' ? await gunzipHead(path) : plainHead(path);
    const names = head === null ? null : headerFields(head);
    return names === null ? null : { names, utcInstants: new Set() };
  } catch {
    return null;
  }
}

function plainHead(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(MAX_HEADER);
    return b.subarray(0, readSync(fd, b, 0, b.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** The start of a gzip file's text, up to its first line feed (or null past MAX_HEADER). */
function gunzipHead(path: string): Promise<Buffer | null> {
  return new Promise((done) => {
    const parts: Buffer[] = [];
    let size = 0;
    let settled = false;
    const input = createReadStream(path);
    const text = input.pipe(createGunzip());
    const stop = (v: Buffer | null) => {
      if (settled) return;
      settled = true;
      input.destroy();
      text.destroy();
      done(v);
    };
    text.on('data', (b: Buffer) => {
      parts.push(b);
      size += b.length;
      if (b.includes(10)) stop(Buffer.concat(parts));
      else if (size > MAX_HEADER) stop(null);
    });
    text.on('error', () => stop(null));
    text.on('end', () => stop(Buffer.concat(parts)));
  });
}

/** The fields of the first line of `head`. */
function headerFields(head: Buffer): string[] | null {
  if (sniffFormat(head, 'text')) return null;
  const nl = head.indexOf(10);
  let line = (nl < 0 ? head : head.subarray(0, nl)).toString('utf8').replace(/\r$/, '').replace(/^\uFEFF/, '');
  if (line.trim() === '') return null;
  const delimiter = detectDelimiter(line);
  if (!line.includes('"')) return line.split(delimiter);
  const { parse } = require('csv-parse/sync') as typeof import('csv-parse/sync');
  line = `${line}\n`;
  const records = parse(line, { delimiter, relax_column_count: true }) as string[][];
  return records.length === 1 ? records[0] : null;
}
