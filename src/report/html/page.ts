/**
 * The report as one self-contained HTML document: inline styles, inline SVG charts, system
 * fonts, no script and no external reference of any kind, so it opens offline, reads with
 * scripts disabled and prints to A4. Pure: strings in, a string out.
 */
import type { HumanTable, Meta, Output } from '../output.js';
import { formatCell } from '../render.js';
import type { ChartSpec } from './charts.js';
import { STYLE } from './style.js';
import { countText } from './small-counts.js';

export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export interface Figure {
  chart: ChartSpec;
  svg: string;
  /** the table (by id) holding the figures drawn, for readers who cannot see the chart */
  tableId?: string;
}

export interface NumberedTable {
  id: string;
  table: HumanTable;
  minCell: number;
  notes?: string[];
}

export interface ReportPage {
  title: string;
  meta: Meta;
  minCell: number;
  summary: { heading: string; paragraphs: string[] }[];
  figures: Figure[];
  tables: NumberedTable[];
  method: { definitions: [string, string][]; exclusions: string[]; caveats: string[]; notes: string[] };
  quality: { rejectsByReason: { file: string; reason: string; rows: number }[]; tolerances: string[]; warnings: string[] };
  /** hooks not yet connected (batch, match), said in the report */
  pending: string[];
}

const NUMERIC = new Set(['int', 'prop', 'num', 'rate', 'interval']);

/** A human table as an HTML table: caption, column headers with scope, numbers right-aligned. */
export function htmlTable(t: NumberedTable, n: number): string {
  const cols = t.table.columns;
  const head = cols.map((c) => `<th scope="col"${NUMERIC.has(c.kind) ? ' class="num"' : ''}>${escapeHtml(c.label)}</th>`).join('');
  const body = t.table.rows
    .map((r) => {
      const cells = cols.map((c, i) => {
        const v = escapeHtml(formatCell(r, c, t.minCell));
        if (i === 0) return `<th scope="row">${v}</th>`;
        return `<td${NUMERIC.has(c.kind) ? ' class="num"' : ''}>${v}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  const notes = (t.notes ?? []).map((s) => `<p class="note">${escapeHtml(s)}</p>`).join('');
  return `<div class="table-wrap" id="${t.id}"><table><caption>Table ${n}. ${escapeHtml(t.table.title ?? '')}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>${notes}</div>`;
}

function figure(f: Figure, n: number, tableNumber: (id: string) => number): string {
  const omitted = f.chart.omitted.map((s) => `<p class="omitted"><strong>Not drawn:</strong> ${escapeHtml(s)}</p>`).join('');
  const link = f.tableId ? ` The figures drawn are in <a href="#${f.tableId}">Table ${tableNumber(f.tableId)}</a>.` : '';
  return (
    `<figure id="${f.chart.id}" data-chart="${f.chart.id}" data-points="${f.chart.points}">\n${f.svg}\n` +
    `<figcaption><strong>Figure ${n}. ${escapeHtml(f.chart.title)}.</strong> ${escapeHtml(f.chart.desc)}${link}</figcaption>${omitted}</figure>`
  );
}

function definitionList(items: [string, string][]): string {
  return `<dl>${items.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

const list = (items: string[]) => (items.length === 0 ? '' : `<ul>${items.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>`);

const show = (v: unknown): string => (v === null || v === undefined ? '(not set)' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function reconciliation(meta: Meta, minCell: number): string {
  const cols = ['read', 'accepted', 'rejected', 'deduplicated', 'outside_cohort', 'cohort_row_rejected', 'merged_custody_episodes'];
  const label: Record<string, string> = {
    read: 'rows read',
    accepted: 'accepted',
    rejected: 'rejected',
    deduplicated: 'exact duplicates',
    outside_cohort: 'person not in cohort',
    cohort_row_rejected: "person's cohort row rejected",
    merged_custody_episodes: 'custody episodes after merging',
  };
  const cell = (v: unknown) => `<td class="num">${typeof v === 'number' ? escapeHtml(countText(v, minCell)) : '–'}</td>`;
  const rows = meta.inputs.map((i) => `<tr><th scope="row">${escapeHtml(i.role)}</th><td>${escapeHtml(i.file)}</td>${cols.map((c) => cell(i[c])).join('')}</tr>`).join('\n');
  return (
    `<div class="table-wrap" id="table-reconciliation"><table><caption>Reconciliation of every extract: each row read is accepted, rejected with a reason, or counted as a duplicate or outside the cohort.</caption>\n` +
    `<thead><tr><th scope="col">extract</th><th scope="col">file</th>${cols.map((c) => `<th scope="col" class="num">${label[c]}</th>`).join('')}</tr></thead>\n<tbody>\n${rows}\n</tbody></table></div>`
  );
}

function rejects(q: ReportPage['quality'], minCell: number): string {
  if (q.rejectsByReason.length === 0) return '<p>No row of any extract was rejected.</p>';
  const rows = q.rejectsByReason.map((r) => `<tr><th scope="row">${escapeHtml(r.file)}</th><td>${escapeHtml(r.reason)}</td><td class="num">${escapeHtml(countText(r.rows, minCell))}</td></tr>`).join('\n');
  return `<div class="table-wrap"><table><caption>Rejected rows by reason (run desist validate --rejects FILE for each row with its line number)</caption>\n<thead><tr><th scope="col">file</th><th scope="col">reason</th><th scope="col" class="num">rows</th></tr></thead>\n<tbody>\n${rows}\n</tbody></table></div>`;
}

function provenance(meta: Meta): string {
  const inputs = meta.inputs.map((i) => `<tr><th scope="row">${escapeHtml(i.role)}</th><td>${escapeHtml(i.file)}</td><td class="hash">${escapeHtml(i.sha256)}</td></tr>`);
  const config = ((meta.config_files as { role: string; file: string; sha256: string }[] | undefined) ?? []).map(
    (c) => `<tr><th scope="row">${escapeHtml(c.role)}</th><td>${escapeHtml(String(c.file))}</td><td class="hash">${escapeHtml(String(c.sha256))}</td></tr>`,
  );
  const opts = Object.entries(meta.options)
    .map(([k, v]) => `<tr><th scope="row"><code>${escapeHtml(k)}</code></th><td>${escapeHtml(show(v))}</td></tr>`)
    .join('\n');
  return (
    definitionList([
      ['Tool', `desist ${meta.version}`],
      ['Command', meta.command],
      ['As of (extract date)', meta.as_of ?? '(none)'],
      ['Seed', show(meta.options.seed)],
      ['Generated', meta.generated_at ?? 'not recorded (--reproducible: the file is byte-identical on re-run)'],
    ]) +
    `<div class="table-wrap"><table><caption>Inputs and the files that change the figures, with SHA-256</caption>\n<thead><tr><th scope="col">role</th><th scope="col">file</th><th scope="col">SHA-256</th></tr></thead>\n<tbody>\n${[...inputs, ...config].join('\n')}\n</tbody></table></div>` +
    `<div class="table-wrap"><table class="options"><caption>Every option in force (defaults included)</caption>\n<thead><tr><th scope="col">option</th><th scope="col">value</th></tr></thead>\n<tbody>\n${opts}\n</tbody></table></div>`
  );
}

/** The whole document. */
export function reportHtml(p: ReportPage): string {
  const tableNumber = (id: string) => p.tables.findIndex((t) => t.id === id) + 1;
  const banner =
    p.minCell > 0
      ? `<p class="disclosure ok">Disclosure control: counts below ${p.minCell} and every value derived from them are suppressed (--min-cell ${p.minCell}).</p>`
      : '<p class="banner" role="note"><strong>Not for publication: small cells shown.</strong> Counts below 10 may identify people. Re-run with --min-cell 10 (or your publication rule) before sharing.</p>';
  const sections: [string, string, string][] = [
    ['summary', 'Summary', p.summary.map((s) => `<h3>${escapeHtml(s.heading)}</h3>${s.paragraphs.map((x) => `<p>${escapeHtml(x)}</p>`).join('')}`).join('\n')],
    ['charts', 'Charts', p.figures.map((f, i) => figure(f, i + 1, tableNumber)).join('\n')],
    ['tables', 'Tables', p.tables.map((t, i) => htmlTable(t, i + 1)).join('\n')],
    [
      'method',
      'Method',
      `<h3>Definitions</h3>${definitionList(p.method.definitions)}<h3>What was left out, and why</h3>${list([...p.method.exclusions, ...p.pending])}<h3>Caveats</h3>${list(p.method.caveats)}<h3>Notes from each measure</h3>${list(p.method.notes)}`,
    ],
    ['quality', 'Data quality', `${reconciliation(p.meta, p.minCell)}${rejects(p.quality, p.minCell)}<h3>Tolerances</h3>${list(p.quality.tolerances)}${p.quality.warnings.length ? `<h3>Warnings</h3>${list(p.quality.warnings)}` : ''}`],
    ['provenance', 'Provenance', provenance(p.meta)],
  ];
  const nav = `<nav aria-label="Contents"><ol>${sections.map(([id, h]) => `<li><a href="#${id}">${h}</a></li>`).join('')}</ol></nav>`;
  const body = sections.map(([id, h, html], i) => `<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${i + 1}. ${h}</h2>\n${html}\n</section>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="desist ${escapeHtml(p.meta.version)}">
<title>${escapeHtml(p.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
${banner}
<h1>${escapeHtml(p.title)}</h1>
<p class="sub">Data as of ${escapeHtml(p.meta.as_of ?? '(unknown)')} · desist ${escapeHtml(p.meta.version)}${p.meta.generated_at ? ` · generated ${escapeHtml(p.meta.generated_at)}` : ''}</p>
${nav}
</header>
<main>
${body}
</main>
</body>
</html>
`;
}

export type { Output };
