#!/usr/bin/env node
/**
 * An independent, deliberately plain re-computation of the quarterly counts of MEASURES.md §4,
 * used by bench/run.mjs to check `desist quarterly` on the benchmark data. It imports nothing
 * from src/ or dist/ and shares no code with the tool: if the two agree, it is not because they
 * share a bug.
 *
 *   node bench/reference-quarterly.mjs bench/data/100000 [--as-of 2025-06-30]   # prints CSV
 *
 * Scope: the default options only (--basis charge, --custody whole-quarter, calendar quarters,
 * one row per quarter and cohort `group`), and the benchmark's canonical CSVs only: naive parsing
 * (split on '\n' and ','; no quotes, ISO dates, header skipped). Rows the tool would reject
 * (dates after as-of, custody ending before it starts, cohort_end before cohort_start) are
 * skipped; the generated data has none.
 *
 * The rules, from MEASURES.md §2 and §4:
 *   - quarters run from the quarter of the earliest cohort_start to the last complete quarter
 *     (quarter end <= as-of);
 *   - person i is eligible in [qs, qe] if cohort_start <= qe and (no cohort_end or cohort_end >= qs);
 *     their window is [max(qs, cohort_start), min(qe, cohort_end)];
 *   - custody episodes are closed intervals, an empty end runs to as-of; a person's episodes are
 *     merged (overlapping or adjacent) before counting, so no day is counted twice;
 *   - liberty days = window days - custody days in the window; at risk = at least 1 liberty day;
 *     in_custody_whole_quarter = eligible with 0 liberty days;
 *   - charged = at least one charge_date in the window; charged_at_risk = charged and at risk;
 *     charges = charge rows of at-risk people dated in their window, with exact duplicate rows
 *     counted once and people outside the cohort ignored.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const DAY_MS = 86400000;

/** ISO yyyy-mm-dd -> days since 1970-01-01 (null for an empty field). */
function day(s) {
  if (s === undefined || s === '') return null;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** The data lines of a CSV file, split into fields (header skipped, blank lines dropped). */
function rows(path) {
  const lines = readFileSync(path, 'utf8').split('\n');
  const out = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (line !== '') out.push(line);
  }
  return out;
}

/** Calendar quarter of a day number: { year, q } with q in 0..3. */
function quarterOf(z) {
  const d = new Date(z * DAY_MS);
  return { year: d.getUTCFullYear(), q: Math.floor(d.getUTCMonth() / 3) };
}

/** The quarters from the one holding `first` to the last one ending on or before `asOf`. */
function quarters(first, asOf) {
  const out = [];
  let { year, q } = quarterOf(first);
  for (;;) {
    const qs = Date.UTC(year, 3 * q, 1) / DAY_MS;
    const qe = Date.UTC(year, 3 * q + 3, 1) / DAY_MS - 1;
    if (qe > asOf) break;
    out.push({ label: `${year}Q${q + 1}`, qs, qe });
    if (++q === 4) {
      q = 0;
      year++;
    }
  }
  return out;
}

/** Merge closed intervals [s, e] that overlap or touch (e + 1 = next s). */
function merge(episodes) {
  const sorted = [...episodes].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged = [];
  for (const [s, e] of sorted) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1] + 1) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

/**
 * Quarterly counts per quarter and group, with the default options.
 * @param {string} dir folder holding cohort.csv, charges.csv and custody.csv
 * @param {string} asOf ISO date of the extract
 * @returns {{ quarter: string, group: string, eligible: number, in_custody_whole_quarter: number,
 *   charged: number, at_risk: number, charged_at_risk: number, liberty_days: number, charges: number }[]}
 *   rows ordered by quarter, then group
 */
export function referenceQuarterly(dir, asOf) {
  const asOfDay = day(asOf);

  // Cohort: id -> person.
  const people = new Map();
  for (const line of rows(join(dir, 'cohort.csv'))) {
    const f = line.split(',');
    const start = day(f[1]);
    const end = day(f[2]);
    if (start > asOfDay || (end !== null && (end < start || end > asOfDay))) continue; // rejected by the tool
    people.set(f[0], { start, end, group: f[3] ?? '', episodes: [], charges: [] });
  }

  // Custody: closed episodes, open end = as-of; people outside the cohort ignored.
  for (const line of rows(join(dir, 'custody.csv'))) {
    const f = line.split(',');
    const p = people.get(f[0]);
    if (!p) continue;
    const s = day(f[1]);
    const e = day(f[2]) ?? asOfDay;
    if (s > asOfDay || e > asOfDay || e < s) continue; // rejected by the tool
    p.episodes.push([s, e]);
  }
  for (const p of people.values()) p.episodes = merge(p.episodes);

  // Charges: exact duplicate lines once; outside the cohort or after as-of ignored.
  const seen = new Set();
  for (const line of rows(join(dir, 'charges.csv'))) {
    if (seen.has(line)) continue;
    seen.add(line);
    const f = line.split(',');
    const p = people.get(f[0]);
    if (!p) continue;
    const c = day(f[1]);
    if (c > asOfDay) continue;
    p.charges.push(c);
  }

  let first = Infinity;
  for (const p of people.values()) first = Math.min(first, p.start);
  const qs = people.size === 0 ? [] : quarters(first, asOfDay);

  // counts[quarter index] : group -> counts
  const counts = qs.map(() => new Map());
  const zero = () => ({ eligible: 0, in_custody_whole_quarter: 0, charged: 0, at_risk: 0, charged_at_risk: 0, liberty_days: 0, charges: 0 });

  for (const p of people.values()) {
    for (let k = 0; k < qs.length; k++) {
      const q = qs[k];
      if (p.start > q.qe) continue; // not yet in the cohort
      if (p.end !== null && p.end < q.qs) break; // left the cohort
      const ws = Math.max(q.qs, p.start);
      const we = p.end === null ? q.qe : Math.min(q.qe, p.end);
      let custodyDays = 0;
      for (const [s, e] of p.episodes) {
        const lo = Math.max(s, ws);
        const hi = Math.min(e, we);
        if (hi >= lo) custodyDays += hi - lo + 1;
      }
      const liberty = we - ws + 1 - custodyDays;
      let n = 0;
      for (const c of p.charges) if (c >= ws && c <= we) n++;

      let g = counts[k].get(p.group);
      if (!g) counts[k].set(p.group, (g = zero()));
      g.eligible++;
      if (n > 0) g.charged++;
      if (liberty === 0) g.in_custody_whole_quarter++;
      if (liberty >= 1) {
        g.at_risk++;
        if (n > 0) g.charged_at_risk++;
        g.liberty_days += liberty;
        g.charges += n;
      }
    }
  }

  const out = [];
  qs.forEach((q, k) => {
    for (const group of [...counts[k].keys()].sort()) out.push({ quarter: q.label, group, ...counts[k].get(group) });
  });
  return out;
}

// Run directly: print the reference table as CSV.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--'));
  const i = args.indexOf('--as-of');
  if (!dir) {
    process.stderr.write('usage: node bench/reference-quarterly.mjs DATASET_DIR [--as-of YYYY-MM-DD]\n');
    process.exitCode = 2;
  } else {
    const asOf = i >= 0 ? args[i + 1] : JSON.parse(readFileSync(join(dir, 'desist.json'), 'utf8')).options.asOf;
    const result = referenceQuarterly(dir, asOf);
    const cols = ['quarter', 'group', 'eligible', 'in_custody_whole_quarter', 'charged', 'at_risk', 'charged_at_risk', 'liberty_days', 'charges'];
    process.stdout.write(`${cols.join(',')}\n${result.map((r) => cols.map((c) => r[c]).join(',')).join('\n')}\n`);
  }
}
