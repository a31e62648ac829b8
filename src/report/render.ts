/**
 * Renderers: table (terminal), md, csv, json and xlsx, all from one Output.
 * Human formats (table, md) format numbers with report/numbers.ts; data formats keep full
 * precision. The terminal table fits the width it is given (see renderTable).
 * CSV goes through the one CSV writer (csv.ts), whose cells are safe to open in a spreadsheet.
 */
import { csvFromRows } from './csv.js';
import type { ChalkInstance } from 'chalk';
import type { Column, HumanTable, Output } from './output.js';
import { fmtInt, fmtNum, fmtP, fmtPct, fmtRate, fmtRatio, MISSING } from './numbers.js';
import { headerLines, wrapLines } from './layout.js';

export const FORMATS = ['table', 'csv', 'json', 'md', 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];
/** Text formats: everything but xlsx. */
export type TextFormat = Exclude<Format, 'xlsx'>;

/** Width when stdout is not a terminal (files, pipes, tests). */
export const DEFAULT_WIDTH = 100;

export const LEGEND = `${MISSING} no figure: not applicable, or it cannot be estimated (see the notes)`;

export function renderJson(out: Output): string {
  return `${JSON.stringify({ meta: out.meta, warnings: out.warnings, ...out.top, rows: out.rows }, null, 2)}\n`;
}

export { flatColumns, flatten, safeCell } from './csv.js';

/** The rows as CSV, through the one CSV writer (src/report/csv.ts). */
export function renderCsv(rows: Record<string, unknown>[]): string {
  return csvFromRows(rows);
}

function suppressedIn(row: Record<string, unknown>, key: string): boolean {
  const s = row.suppressed;
  return Array.isArray(s) && s.includes(key);
}

/** One line per cell: a line break inside a value (a group name) would break the table. */
export function formatCell(row: Record<string, unknown>, c: Column, minCell: number): string {
  return formatValue(row, c, minCell).replace(/[\r\n]+/g, ' ');
}

function formatNumber(v: number, c: Column): string {
  switch (c.kind) {
    case 'int':
      return fmtInt(v);
    case 'prop':
      return fmtPct(v, c.digits ?? 1);
    case 'rate':
      return c.digits === undefined ? fmtRate(v) : fmtNum(v, c.digits);
    case 'ratio':
      return fmtRatio(v);
    case 'p':
      return fmtP(v).replace(/^p = /, '').replace(/^p /, '');
    default:
      return fmtNum(v, c.digits ?? 2);
  }
}

function formatValue(row: Record<string, unknown>, c: Column, minCell: number): string {
  if (c.kind === 'interval') {
    const lo = row[c.lowKey!];
    const hi = row[c.highKey!];
    if (suppressedIn(row, c.lowKey!)) return 'suppressed';
    if (typeof lo !== 'number' || typeof hi !== 'number') return MISSING;
    const d = c.digits ?? 1;
    return `${fmtNum(lo * 100, d)}–${fmtNum(hi * 100, d)}`;
  }
  const v = row[c.key];
  if (suppressedIn(row, c.key)) return c.kind === 'int' ? `<${minCell}` : 'suppressed';
  if (v === null || v === undefined) {
    // a figure that could not be estimated carries its reason in `<key>_reason`
    const reason = row[`${c.key}_reason`];
    if (reason === 'suppressed') return 'suppressed';
    return typeof reason === 'string' && reason !== '' ? `${MISSING} (${reason})` : MISSING;
  }
  if (c.kind === 'bool') return v ? 'yes' : '';
  if (typeof v === 'number') return c.kind === 'text' ? fmtNum(v, Number.isInteger(v) ? 0 : 2) : formatNumber(v, c);
  return String(v);
}

const numeric = (c: Column) => c.right ?? (c.kind !== 'text' && c.kind !== 'bool');

/** Text cells at least this long may move to numbered footnotes when the table is too wide. */
export const LONG_CELL = 24;

/**
 * A long text cell moves to a footnote: `– (reason)` keeps its dash and becomes `– [n]`,
 * `label (detail)` keeps its label; any other long text becomes `[n]`.
 */
function footnoteCell(s: string, notes: string[]): string {
  const m = /^(.{1,24}?) \((.+)\)$/.exec(s);
  const [keep, text] = m ? [`${m[1]} `, m[2]] : ['', s];
  let i = notes.indexOf(text);
  if (i < 0) i = notes.push(text) - 1;
  return `${keep}[${i + 1}]`;
}

interface Prepared {
  head: string[];
  body: string[][];
  /** widest cell per column, kept up to date with body */
  max: number[];
  footnotes: string[];
  legend: boolean;
}

const widestCells = (head: string[], body: string[][]) => head.map((_, i) => Math.max(0, ...body.map((b) => b[i].length)));

function prepare(t: HumanTable, minCell: number): Prepared {
  const body = t.rows.map((r) => t.columns.map((c) => formatCell(r, c, minCell)));
  const head = t.columns.map((c) => c.label);
  return { head, body, max: widestCells(head, body), footnotes: [...(t.footnotes ?? [])], legend: hasMissing(body) };
}

const hasMissing = (body: string[][]) => body.some((b) => b.some((s) => s === MISSING || s.startsWith(`${MISSING} `)));

/**
 * While the table does not fit in one block, the longest text cell (outside the key columns
 * first) moves to a footnote, with every other cell of the same text.
 */
function footnoteLongCells(p: Prepared, t: HumanTable, keys: number, width: number): void {
  for (const allowKeys of [false, true]) {
    for (;;) {
      if (fitHeaders(p, keys, width).split?.length === 1) return;
      let longest = '';
      p.body.forEach((b) =>
        b.forEach((s, i) => {
          if ((t.columns[i].kind === 'text' || s.startsWith(`${MISSING} (`)) && (allowKeys || i >= keys) && s.length >= LONG_CELL && s.length > longest.length && !/\[\d+\]$/.test(s)) longest = s;
        }),
      );
      if (!longest) break;
      const mark = footnoteCell(longest, p.footnotes);
      p.body = p.body.map((b) => b.map((s) => (s === longest ? mark : s)));
      p.max = widestCells(p.head, p.body);
    }
  }
}

const gap = 2;
const span = (widths: number[]) => widths.reduce((a, b) => a + b, 0) + gap * Math.max(0, widths.length - 1);

function keyCount(t: HumanTable): number {
  if (t.keyColumns !== undefined) return t.keyColumns;
  if (t.columns[0]?.kind !== 'text') return 0;
  return t.columns[1]?.key === 'group' ? 2 : 1;
}

/** Columns (by index) per block: key columns repeat; the rest are packed to fit `width`. */
function blocks(widths: number[], keys: number, width: number): number[][] | null {
  const all = widths.map((_, i) => i);
  if (span(widths) <= width) return [all];
  const keyIdx = all.slice(0, keys);
  const out: number[][] = [];
  let cur: number[] = [];
  for (const i of all.slice(keys)) {
    const next = [...keyIdx, ...cur, i];
    if (cur.length > 0 && span(next.map((j) => widths[j])) > width) {
      out.push([...keyIdx, ...cur]);
      cur = [];
    }
    cur.push(i);
  }
  if (cur.length > 0) out.push([...keyIdx, ...cur]);
  return out.every((b) => span(b.map((j) => widths[j])) <= width) ? out : null;
}

const cellMax = (p: Prepared, i: number) => p.max[i];

/**
 * Header lines per column: every header starts on one line; while the table is too wide, the
 * header whose wrapping saves the most width takes one more line (three at most).
 */
function fitHeaders(p: Prepared, keys: number, width: number): { lines: number[]; split: number[][] | null } {
  const lines = p.head.map(() => 1);
  const widthAt = (i: number, l: number) => headerLines(p.head[i], cellMax(p, i), l).width;
  for (;;) {
    const split = blocks(lines.map((l, i) => widthAt(i, l)), keys, width);
    if (split && split.length === 1) return { lines, split };
    let best = -1;
    let saved = 0;
    lines.forEach((l, i) => {
      const s = l < 3 ? widthAt(i, l) - widthAt(i, l + 1) : 0;
      if (s > saved) [best, saved] = [i, s];
    });
    if (best < 0) return { lines, split };
    lines[best]++;
  }
}

function renderBlock(p: Prepared, cols: Column[], idx: number[], lines: number[], chalk: ChalkInstance): string[] {
  const heads = idx.map((i) => headerLines(p.head[i], cellMax(p, i), lines[i]));
  const widths = heads.map((h) => h.width);
  const depth = Math.max(...heads.map((h) => h.lines.length));
  const cell = (s: string, k: number) => (numeric(cols[idx[k]]) ? s.padStart(widths[k]) : s.padEnd(widths[k]));
  const out: string[] = [];
  for (let l = 0; l < depth; l++) {
    // headers sit on the rule: shorter headers start lower
    const line = heads.map((h, k) => cell(h.lines[l - (depth - h.lines.length)] ?? '', k)).join(' '.repeat(gap)).trimEnd();
    out.push(chalk.bold(line));
  }
  out.push(chalk.dim(widths.map((w) => '-'.repeat(w)).join(' '.repeat(gap))));
  for (const b of p.body) out.push(idx.map((i, k) => cell(b[i], k)).join(' '.repeat(gap)).trimEnd());
  return out;
}

/** One record per row, `label  value`, values wrapped: for tables too wide for any block. */
function renderRecords(p: Prepared, width: number, chalk: ChalkInstance): string[] {
  const labelWidth = Math.min(Math.max(...p.head.map((h) => h.length)), Math.floor(width / 3));
  const out: string[] = [];
  p.body.forEach((b, r) => {
    if (r > 0) out.push(chalk.dim('-'.repeat(Math.min(width, 20))));
    b.forEach((v, i) => {
      const label = wrapLines(p.head[i], labelWidth);
      const value = wrapLines(v, width - labelWidth - gap);
      for (let l = 0; l < Math.max(label.length, value.length); l++) {
        out.push(`${chalk.bold((label[l] ?? '').padEnd(labelWidth))}${' '.repeat(gap)}${value[l] ?? ''}`.trimEnd());
      }
    });
  });
  return out;
}

/**
 * A terminal table that fits `width` columns: long text cells become numbered footnotes;
 * long headers wrap onto up to three lines; when the columns still do not fit, they are split
 * into blocks that repeat the key columns (quarter, group); when even one column does not fit
 * beside the keys, each row is printed as a record. A legend explains the "–" mark. The rules
 * under the headers are ASCII hyphens: a box-drawing rule is three bytes a column in UTF-8 (a
 * 100-column rule, 276 bytes, read as an over-long line by byte-counting tools) and garbled in a
 * console with a legacy code page.
 */
export function renderTable(t: HumanTable, minCell: number, chalk: ChalkInstance, width = DEFAULT_WIDTH): string {
  const p = prepare(t, minCell);
  footnoteLongCells(p, t, keyCount(t), width);
  const { lines, split } = fitHeaders(p, keyCount(t), width);
  const out: string[] = [];
  if (t.title) out.push(...wrapLines(t.title, width).map((l) => chalk.bold(l)));
  if (split) split.forEach((idx, k) => out.push(...(k > 0 ? [''] : []), ...renderBlock(p, t.columns, idx, lines, chalk)));
  else out.push(...renderRecords(p, width, chalk));
  const below: string[] = [];
  if (p.legend) below.push(...wrapLines(t.legend ?? LEGEND, width, '  '));
  p.footnotes.forEach((f, i) => below.push(...wrapLines(`[${i + 1}] ${f}`, width, ' '.repeat(`[${i + 1}] `.length))));
  if (below.length) out.push('', ...below.map((l) => chalk.dim(l)));
  return out.join('\n');
}

function mdEscape(s: string): string {
  return s.replace(/\|/g, '\\|');
}

export function renderMdTable(t: HumanTable, minCell: number): string {
  const p = prepare(t, minCell);
  const out: string[] = [];
  if (t.title) out.push(`### ${t.title}`, '');
  out.push(`| ${p.head.map(mdEscape).join(' | ')} |`);
  out.push(`|${t.columns.map((c) => (numeric(c) ? '---:' : '---')).join('|')}|`);
  for (const b of p.body) out.push(`| ${b.map(mdEscape).join(' | ')} |`);
  if (p.legend) out.push('', t.legend ?? LEGEND);
  p.footnotes.forEach((f, i) => out.push('', `[${i + 1}] ${f}`));
  return out.join('\n');
}

/** The provenance footer of human formats: version, command, options, inputs, as-of. */
export function provenanceLines(out: Output): string[] {
  const m = out.meta;
  const opts = Object.entries(m.options)
    .map(([k, v]) => `${k}=${v === null ? '-' : String(v)}`)
    .join(' ');
  const method = m.method_version ? ` (method ${m.method_version})` : '';
  const lines = [
    `desist ${m.version}${method} · ${m.command} · as of ${m.as_of ?? '-'}${m.generated_at ? ` · generated ${m.generated_at}` : ''}`,
    `options: ${opts}`,
  ];
  for (const i of m.inputs) {
    const filtered = typeof i.filtered === 'number' && i.filtered > 0 ? ` + filtered out by the mapping ${fmtInt(i.filtered)}` : '';
    lines.push(`${i.role}: ${i.file}, sha256 ${i.sha256.slice(0, 16)}…`, `  read ${fmtInt(i.read)} = accepted ${fmtInt(i.accepted)} + rejected ${fmtInt(i.rejected)} + de-duplicated ${fmtInt(i.deduplicated)}${filtered}`);
  }
  return lines;
}

/** Every line of the human table format fits `width`: tables, notes and the footer. */
function renderTerminal(out: Output, chalk: ChalkInstance, width: number): string {
  const parts = out.tables.map((t) => renderTable(t, out.minCell, chalk, width));
  if (out.notes.length) parts.push(out.notes.flatMap((n) => wrapLines(n, width, '  ')).join('\n'));
  parts.push(chalk.dim(provenanceLines(out).flatMap((l) => wrapLines(l, width, '  ')).join('\n')));
  return `${parts.join('\n\n')}\n`;
}

export function render(out: Output, format: TextFormat, chalk: ChalkInstance, width = DEFAULT_WIDTH): string {
  switch (format) {
    case 'json':
      return renderJson(out);
    case 'csv':
      return renderCsv(out.rows);
    case 'md': {
      const parts = out.tables.map((t) => renderMdTable(t, out.minCell));
      if (out.notes.length) parts.push(out.notes.join('\n\n'));
      if (out.warnings.length) parts.push(out.warnings.map((w) => `> Warning: ${w}`).join('\n'));
      parts.push(provenanceLines(out).map((l) => `<sub>${mdEscape(l)}</sub>`).join('<br>\n'));
      return `${parts.join('\n\n')}\n`;
    }
    case 'table':
      return renderTerminal(out, chalk, width);
  }
}
