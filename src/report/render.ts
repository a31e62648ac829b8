/**
 * Renderers: table (terminal), md, csv and json, all from one Output.
 * CSV cells are safe to open in a spreadsheet: text starting with = + - @ or a control
 * character is prefixed with a quote so it is never run as a formula.
 */
import { stringify } from 'csv-stringify/sync';
import type { ChalkInstance } from 'chalk';
import type { Column, HumanTable, Output } from './output.js';

export type Format = 'table' | 'csv' | 'json' | 'md';

export function renderJson(out: Output): string {
  return `${JSON.stringify({ meta: out.meta, warnings: out.warnings, rows: out.rows }, null, 2)}\n`;
}

/** Flatten nested objects with '_' (treated.ci_low -> treated_ci_low); arrays join with ';'. */
export function flatten(row: Record<string, unknown>, prefix = '', into: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of Object.entries(row)) {
    const key = prefix ? `${prefix}_${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, key, into);
    else into[key] = Array.isArray(v) ? v.join(';') : v;
  }
  return into;
}

const FORMULA = /^[=+\-@\t\r]/;

export function safeCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const s = String(v);
  return FORMULA.test(s) ? `'${s}` : s;
}

export function renderCsv(rows: Record<string, unknown>[]): string {
  const flat = rows.map((r) => flatten(r));
  const columns: string[] = [];
  for (const r of flat) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  const records = flat.map((r) => columns.map((c) => safeCell(r[c])));
  return stringify([columns, ...records]);
}

function suppressedIn(row: Record<string, unknown>, key: string): boolean {
  const s = row.suppressed;
  return Array.isArray(s) && s.includes(key);
}

/** One line per cell: a line break inside a value (a group name) would break the table. */
export function formatCell(row: Record<string, unknown>, c: Column, minCell: number): string {
  return formatValue(row, c, minCell).replace(/[\r\n]+/g, ' ');
}

function formatValue(row: Record<string, unknown>, c: Column, minCell: number): string {
  if (c.kind === 'interval') {
    const lo = row[c.lowKey!];
    const hi = row[c.highKey!];
    if (suppressedIn(row, c.lowKey!)) return 'suppressed';
    if (typeof lo !== 'number' || typeof hi !== 'number') return '–';
    const d = c.digits ?? 1;
    return `${(lo * 100).toFixed(d)}–${(hi * 100).toFixed(d)}`;
  }
  const v = row[c.key];
  if (suppressedIn(row, c.key)) return c.kind === 'int' ? `<${minCell}` : 'suppressed';
  if (v === null || v === undefined) return '–';
  switch (c.kind) {
    case 'int':
      return typeof v === 'number' ? v.toLocaleString('en-GB') : String(v);
    case 'prop':
      return typeof v === 'number' ? `${(v * 100).toFixed(c.digits ?? 1)}%` : String(v);
    case 'rate':
    case 'num':
      return typeof v === 'number' ? v.toFixed(c.digits ?? 2) : String(v);
    case 'bool':
      return v ? 'yes' : '';
    default:
      return String(v);
  }
}

const numeric = (c: Column) => c.kind !== 'text' && c.kind !== 'bool';

export function renderTable(t: HumanTable, minCell: number, chalk: ChalkInstance): string {
  const head = t.columns.map((c) => c.label);
  const body = t.rows.map((r) => t.columns.map((c) => formatCell(r, c, minCell)));
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells.map((s, i) => (numeric(t.columns[i]) ? s.padStart(widths[i]) : s.padEnd(widths[i]))).join('  ').trimEnd();
  const out: string[] = [];
  if (t.title) out.push(chalk.bold(t.title));
  out.push(chalk.bold(line(head)));
  out.push(chalk.dim(widths.map((w) => '─'.repeat(w)).join('  ')));
  for (const b of body) out.push(line(b));
  return out.join('\n');
}

function mdEscape(s: string): string {
  return s.replace(/\|/g, '\\|');
}

export function renderMdTable(t: HumanTable, minCell: number): string {
  const out: string[] = [];
  if (t.title) out.push(`### ${t.title}`, '');
  out.push(`| ${t.columns.map((c) => mdEscape(c.label)).join(' | ')} |`);
  out.push(`|${t.columns.map((c) => (numeric(c) ? '---:' : '---')).join('|')}|`);
  for (const r of t.rows) out.push(`| ${t.columns.map((c) => mdEscape(formatCell(r, c, minCell))).join(' | ')} |`);
  return out.join('\n');
}

/** The provenance footer of human formats: version, command, options, inputs, as-of. */
export function provenanceLines(out: Output): string[] {
  const m = out.meta;
  const opts = Object.entries(m.options)
    .map(([k, v]) => `${k}=${v === null ? '-' : String(v)}`)
    .join(' ');
  const lines = [
    `desist ${m.version} · ${m.command} · as of ${m.as_of ?? '-'}${m.generated_at ? ` · generated ${m.generated_at}` : ''}`,
    `options: ${opts}`,
  ];
  for (const i of m.inputs) {
    lines.push(
      `${i.role}: ${i.file} sha256 ${i.sha256.slice(0, 16)}… read ${i.read}, accepted ${i.accepted}, rejected ${i.rejected}, de-duplicated ${i.deduplicated}` +
        (typeof i.filtered === 'number' && i.filtered > 0 ? `, filtered out by the mapping ${i.filtered}` : ''),
    );
  }
  return lines;
}

export function render(out: Output, format: Format, chalk: ChalkInstance): string {
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
    case 'table': {
      const parts = out.tables.map((t) => renderTable(t, out.minCell, chalk));
      if (out.notes.length) parts.push(out.notes.join('\n'));
      parts.push(chalk.dim(provenanceLines(out).join('\n')));
      return `${parts.join('\n\n')}\n`;
    }
  }
}
