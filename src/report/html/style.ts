/**
 * The report's stylesheet, inlined into the page: system fonts (nothing to download), text
 * colours with at least 4.5:1 contrast on their backgrounds (WCAG AA), and a print
 * stylesheet for A4.
 */
export const STYLE = `
:root { --ink: #1a1a1a; --muted: #4d4d4d; --rule: #c8c8c8; --wash: #f4f6f8; --accent: #005a8c; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; line-height: 1.5; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem 1.25rem 3rem; font-size: 1rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0.6rem 0 0.2rem; }
h2 { font-size: 1.4rem; margin: 2.2rem 0 0.6rem; padding-top: 0.4rem; border-top: 2px solid var(--ink); }
h3 { font-size: 1.1rem; margin: 1.4rem 0 0.4rem; }
p, li, dd { max-width: 46rem; }
a { color: var(--accent); }
.sub { color: var(--muted); margin: 0 0 1rem; }
.banner { background: #fdecea; color: #7a1010; border: 2px solid #7a1010; padding: 0.6rem 0.9rem; margin: 0 0 1rem; }
.disclosure { background: var(--wash); border-left: 4px solid var(--accent); padding: 0.5rem 0.9rem; margin: 0 0 1rem; }
nav ol { display: flex; flex-wrap: wrap; gap: 0.3rem 1.4rem; padding: 0; margin: 0; list-style: none; counter-reset: s; }
nav li { counter-increment: s; }
nav li::before { content: counter(s) ". "; color: var(--muted); }
#summary p { font-size: 1.05rem; }
figure { margin: 1.2rem 0 2rem; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 0.92rem; margin-top: 0.4rem; max-width: 46rem; }
figcaption strong { color: var(--ink); }
.omitted { font-size: 0.92rem; background: var(--wash); padding: 0.3rem 0.6rem; margin: 0.4rem 0 0; max-width: 46rem; }
.table-wrap { overflow-x: auto; margin: 1rem 0 1.6rem; }
table { border-collapse: collapse; font-size: 0.85rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 0 0 0.4rem; caption-side: top; }
th, td { padding: 0.25rem 0.55rem; border-bottom: 1px solid var(--rule); vertical-align: top; text-align: left; }
thead th { border-bottom: 2px solid var(--ink); font-weight: 600; vertical-align: bottom; }
tbody th { font-weight: 600; white-space: nowrap; }
.num { text-align: right; white-space: nowrap; }
.hash { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.78rem; word-break: break-all; }
.note { font-size: 0.88rem; color: var(--muted); margin: 0.3rem 0 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9em; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  html { font-size: 10pt; }
  body { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; }
  figure, tr, .banner, dl { break-inside: avoid; page-break-inside: avoid; }
  .table-wrap { overflow: visible; }
  table { font-size: 7pt; width: 100%; }
  th, td { padding: 1pt 3pt; }
  thead th { white-space: normal; }
  figure svg { max-width: 100%; }
  a { color: inherit; text-decoration: none; }
  .banner { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
