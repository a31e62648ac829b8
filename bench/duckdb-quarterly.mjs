#!/usr/bin/env node
/**
 * The benchmark's outside reference: `desist quarterly` with its default options, written as one
 * SQL query and run by DuckDB (from npm, `@duckdb/node-api`, a dev dependency) over the same CSV
 * files. bench/run.mjs times this whole process beside desist's and checks that the counts agree.
 *
 *   node bench/duckdb-quarterly.mjs bench/data/100000 [--as-of 2025-06-30] [--threads 2]   # prints CSV
 *   node bench/duckdb-quarterly.mjs bench/data/100000 --sql q.sql      # run desist sql's query instead
 *
 * It imports nothing from src/ or dist/. Scope: the benchmark's canonical CSVs (ISO dates, no
 * rejected rows) and the default definition of MEASURES.md §4: charge basis, custody mode
 * whole-quarter, calendar quarters from the quarter of the earliest cohort_start to the last
 * complete quarter before as-of, one row per quarter and cohort `group`:
 *   - eligible in [qs, qe]: cohort_start <= qe and (no cohort_end or cohort_end >= qs); the
 *     window is [max(qs, cohort_start), min(qe, cohort_end)]; a cohort_end after as-of is open;
 *   - custody episodes are closed intervals, an empty end runs to as-of; a person's episodes are
 *     merged when they overlap or touch (end + 1 = next start) before days are counted;
 *   - liberty days = window days - custody days; at risk = at least one liberty day;
 *   - charged = a charge_date in the window; charges = charge rows of at-risk people in their
 *     windows, exact duplicate rows counted once, people outside the cohort ignored.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const lit = (s) => `'${String(s).replaceAll("'", "''")}'`;

/** The query. `files` are the three CSV paths; `asOf` an ISO date. */
export function quarterlySql(files, asOf) {
  const csv = (f) => `read_csv(${lit(f)}, header = true, all_varchar = true, delim = ',', quote = '"')`;
  return `
WITH
cohort AS (
  SELECT person_id, CAST(cohort_start AS DATE) AS cs,
         CASE WHEN coalesce(trim(cohort_end), '') = '' OR CAST(cohort_end AS DATE) > DATE ${lit(asOf)} THEN NULL
              ELSE CAST(cohort_end AS DATE) END AS ce,
         coalesce("group", '') AS grp
  FROM ${csv(files.cohort)}
),
bounds AS (
  SELECT date_trunc('quarter', min(cs))::DATE AS q0,
         -- the last quarter whose end is on or before as-of
         (date_trunc('quarter', DATE ${lit(asOf)} + INTERVAL 1 DAY)::DATE - INTERVAL 3 MONTH)::DATE AS q1
  FROM cohort
),
quarters AS (
  SELECT q::DATE AS qs, (q + INTERVAL 3 MONTH - INTERVAL 1 DAY)::DATE AS qe
  FROM bounds, generate_series(bounds.q0, bounds.q1, INTERVAL 3 MONTH) AS t(q)
),
windows AS (
  SELECT c.person_id, c.grp, q.qs, greatest(q.qs, c.cs) AS ws, least(q.qe, coalesce(c.ce, q.qe)) AS we
  FROM cohort c JOIN quarters q ON c.cs <= q.qe AND (c.ce IS NULL OR c.ce >= q.qs)
),
episodes AS (
  SELECT person_id, CAST(custody_start AS DATE) AS s,
         CASE WHEN coalesce(trim(custody_end), '') = '' THEN DATE ${lit(asOf)} ELSE CAST(custody_end AS DATE) END AS e
  FROM ${csv(files.custody)}
  WHERE person_id IN (SELECT person_id FROM cohort)
),
-- repeats (the same start and end twice) removed first: the two windows below must order a
-- person's episodes alike, and DuckDB breaks ties differently from run to run (a repeat then
-- became an island of its own, or joined the one before it: session 8 saw 2 runs in 8 differ)
ordered AS (
  SELECT *, max(e) OVER (PARTITION BY person_id ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
  FROM (SELECT DISTINCT person_id, s, e FROM episodes) AS distinct_episodes
),
islands AS (
  SELECT *, sum(CASE WHEN prev_end IS NULL OR s > prev_end + 1 THEN 1 ELSE 0 END)
              OVER (PARTITION BY person_id ORDER BY s, e ROWS UNBOUNDED PRECEDING) AS island
  FROM ordered
),
merged AS (
  SELECT person_id, min(s) AS s, max(e) AS e FROM islands GROUP BY person_id, island
),
custody_days AS (
  SELECT w.person_id, w.qs, sum(least(w.we, m.e) - greatest(w.ws, m.s) + 1) AS days
  FROM windows w JOIN merged m ON m.person_id = w.person_id AND m.s <= w.we AND m.e >= w.ws
  GROUP BY w.person_id, w.qs
),
charges AS (
  SELECT DISTINCT * FROM ${csv(files.charges)}
),
charge_counts AS (
  SELECT w.person_id, w.qs, count(*) AS n
  FROM windows w JOIN charges ch ON ch.person_id = w.person_id
   AND CAST(ch.charge_date AS DATE) BETWEEN w.ws AND w.we
  GROUP BY w.person_id, w.qs
),
people AS (
  SELECT w.grp, w.qs, (w.we - w.ws + 1) - coalesce(cd.days, 0) AS liberty, coalesce(cc.n, 0) AS n
  FROM windows w
  LEFT JOIN custody_days cd ON cd.person_id = w.person_id AND cd.qs = w.qs
  LEFT JOIN charge_counts cc ON cc.person_id = w.person_id AND cc.qs = w.qs
)
SELECT year(qs) || 'Q' || quarter(qs) AS quarter, grp AS "group",
       count(*) AS eligible,
       count(*) FILTER (WHERE liberty = 0) AS in_custody_whole_quarter,
       count(*) FILTER (WHERE n > 0) AS charged,
       count(*) FILTER (WHERE liberty > 0) AS at_risk,
       count(*) FILTER (WHERE liberty > 0 AND n > 0) AS charged_at_risk,
       coalesce(sum(liberty) FILTER (WHERE liberty > 0), 0) AS liberty_days,
       coalesce(sum(n) FILTER (WHERE liberty > 0), 0) AS charges
FROM people
GROUP BY qs, grp
ORDER BY qs, grp`;
}

/** Run the query (ours, or `sql` given); resolves rows of { quarter, group, ...counts as numbers }. */
export async function duckdbQuarterly(dir, asOf, threads, sql) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:', threads ? { threads: String(threads) } : {});
  const con = await db.connect();
  const files = { cohort: join(dir, 'cohort.csv'), charges: join(dir, 'charges.csv'), custody: join(dir, 'custody.csv') };
  const reader = await con.runAndReadAll(sql ?? quarterlySql(files, asOf));
  return reader.getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}

async function main() {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--'));
  if (!dir) throw new Error('usage: node bench/duckdb-quarterly.mjs DIR [--as-of YYYY-MM-DD] [--threads N]');
  const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const asOf = opt('--as-of') ?? JSON.parse(readFileSync(join(dir, 'desist.json'), 'utf8')).options.asOf;
  const sqlFile = opt('--sql');
  const rows = await duckdbQuarterly(dir, asOf, opt('--threads'), sqlFile ? readFileSync(sqlFile, 'utf8') : undefined);
  const cols = ['quarter', 'group', 'eligible', 'in_custody_whole_quarter', 'charged', 'at_risk', 'charged_at_risk', 'liberty_days', 'charges'];
  process.stdout.write(`${cols.join(',')}\n${rows.map((r) => cols.map((c) => r[c]).join(',')).join('\n')}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    process.stderr.write(`bench/duckdb-quarterly.mjs: ${e.message}\n`);
    process.exitCode = 1;
  });
}
