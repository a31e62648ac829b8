/**
 * The xlsx workbook (exceljs, loaded only when asked for): three sheets.
 * - rows: the JSON rows flattened with '_' as in CSV, one typed cell each (numbers stay
 *   numbers at full precision, booleans booleans, text text); a suppressed value shows `<K`;
 * - meta: provenance (version, command, every option, as-of, inputs with their SHA-256);
 * - notes: warnings, the tables' footnotes and the notes, in that order.
 * Text is always written as text, never as a formula.
 */
import type { Output } from './output.js';
import { flatColumns, flatten, provenanceLines } from './render.js';

type Cell = string | number | boolean | null;

function typed(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  return String(v);
}

/** The rows sheet: header plus one typed record per row; suppressed values read `<K`. */
export function rowsSheet(out: Output): Cell[][] {
  const flat = out.rows.map((r) => flatten(r));
  const columns = flatColumns(flat);
  const records = out.rows.map((r, i) => {
    const hidden = new Set((Array.isArray(r.suppressed) ? (r.suppressed as string[]) : []).map((k) => k.replace(/\./g, '_')));
    return columns.map((c) => (hidden.has(c) ? `<${out.minCell}` : typed(flat[i][c])));
  });
  return [columns, ...records];
}

/** The meta sheet: one field per line (nested fields joined with '_'), then the inputs table. */
export function metaSheet(out: Output): Cell[][] {
  const scalars: Record<string, unknown> = {};
  const tables: [string, Record<string, unknown>[]][] = [];
  for (const [k, v] of Object.entries(out.meta)) {
    if (Array.isArray(v) && v.some((x) => x !== null && typeof x === 'object')) tables.push([k, v as Record<string, unknown>[]]);
    else scalars[k] = v;
  }
  const lines: Cell[][] = [['field', 'value'], ...Object.entries(flatten(scalars)).map(([k, v]) => [k, typed(v)])];
  for (const [name, rows] of tables) {
    const flat = rows.map((r) => flatten(r));
    const columns = flatColumns(flat);
    lines.push([], [name], columns, ...flat.map((r) => columns.map((c) => typed(r[c]))));
  }
  lines.push([], ['footer'], ...provenanceLines(out).map((l) => [l]));
  return lines;
}

/** The notes sheet: warnings, then footnotes of every table, then notes. */
export function notesSheet(out: Output): Cell[][] {
  const lines: Cell[][] = [['kind', 'table', 'text']];
  for (const w of out.warnings) lines.push(['warning', null, w]);
  for (const t of out.tables) (t.footnotes ?? []).forEach((f, i) => lines.push([`footnote [${i + 1}]`, t.title ?? null, f]));
  for (const n of out.notes) lines.push(['note', null, n]);
  return lines;
}

export async function renderXlsx(out: Output): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = `desist ${out.meta.version}`;
  const sheets: [string, Cell[][]][] = [
    ['rows', rowsSheet(out)],
    ['meta', metaSheet(out)],
    ['notes', notesSheet(out)],
  ];
  for (const [name, data] of sheets) {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    for (const line of data) ws.addRow(line);
    ws.getRow(1).font = { bold: true };
    ws.columns.forEach((col, i) => {
      const longest = Math.max(...data.map((l) => String(l[i] ?? '').length), 4);
      col.width = Math.min(60, longest + 2);
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
