/**
 * Parquet extracts, read as if they were CSV: each row group's rows are written as CSV text
 * (a header of the column names, then one line per row) and fed to the same scanner, row rules,
 * reconciliation and rejects as a CSV file, so a Parquet extract gives exactly the figures of
 * the same data as CSV. DATE columns become ISO `yyyy-mm-dd`, timestamps ISO date-times (the
 * date part is used), other values their text; a null is an empty value.
 *
 * Memory: the file is held whole (Parquet's index is at its end), and rows are converted
 * 65,536 at a time. The reader (hyparquet, pure JavaScript) is loaded only when a Parquet file
 * is met.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { formatDay } from '../core/days.js';

/** True when the bytes start with Parquet's magic number `PAR1`. */
export function isParquet(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31;
}

const NEEDS_QUOTES = /[",\r\n]/;
const DAY_MS = 86400000;

function cell(v: unknown, isDate: boolean): string {
  if (v === null || v === undefined) return '';
  let s: string;
  if (v instanceof Date) s = isDate ? formatDay(Math.floor(v.getTime() / DAY_MS)) : v.toISOString();
  else if (typeof v === 'string') s = v;
  else if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') s = String(v);
  else s = JSON.stringify(v);
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const BATCH = 65536;

/** The schema's columns that hold values (not its root, nor groups), in file order. */
function leafColumns<T extends { num_children?: number }>(schema: T[]): T[] {
  return schema.slice(1).filter((s) => s.num_children === undefined || s.num_children === 0);
}

/** The rows of a Parquet file as CSV text, in chunks. */
export async function* parquetAsCsv(bytes: Buffer): AsyncGenerator<Buffer> {
  const { parquetMetadata, parquetReadObjects } = await import('hyparquet');
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const meta = parquetMetadata(file);
  const leaves = leafColumns(meta.schema);
  const names = leaves.map((s) => s.name);
  const dates = leaves.map((s) => s.converted_type === 'DATE' || s.logical_type?.type === 'DATE');
  yield Buffer.from(`${names.map((n) => cell(n, false)).join(',')}\n`);
  const total = Number(meta.num_rows);
  for (let start = 0; start < total; start += BATCH) {
    const rows = (await parquetReadObjects({ file, rowStart: start, rowEnd: Math.min(total, start + BATCH) })) as Record<string, unknown>[];
    let text = '';
    for (const r of rows) text += `${names.map((n, i) => cell(r[n], dates[i])).join(',')}\n`;
    yield Buffer.from(text);
  }
}

/**
 * The columns of a Parquet file, read from its footer alone (the file is not loaded), in the
 * order parquetAsCsv writes them: each name, and whether it holds instants (a TIMESTAMP adjusted
 * to UTC), which parquetAsCsv writes in UTC.
 */
export async function parquetColumns(path: string): Promise<{ name: string; utcInstant: boolean }[]> {
  const { parquetMetadataAsync } = await import('hyparquet');
  const fd = openSync(path, 'r');
  try {
    const byteLength = fstatSync(fd).size;
    const slice = (start: number, end?: number): ArrayBuffer => {
      const b = Buffer.alloc((end ?? byteLength) - start);
      readSync(fd, b, 0, b.length, start);
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    };
    const meta = await parquetMetadataAsync({ byteLength, slice });
    return leafColumns(meta.schema).map((s) => ({ name: s.name, utcInstant: s.logical_type?.type === 'TIMESTAMP' && s.logical_type.isAdjustedToUTC === true }));
  } finally {
    closeSync(fd);
  }
}
