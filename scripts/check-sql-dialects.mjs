#!/usr/bin/env node
/**
 * Opt-in check of the Trino and Spark SQL dialects (`npm run test:dialects`).
 *
 * For every case of test/sql/duckdb.test.ts (the sample data and a generated extract with every
 * option variant, twelve edge-case fixtures and the two hand-worked fixtures, every custody
 * mode, basis, clock and index), the query `desist sql` writes for Trino and for Spark is
 *   1. parsed by sqlglot in its own dialect (Debian's python3-sqlglot, installed here with
 *      apt-get when missing) and generated back as Trino and as Spark,
 *   2. transpiled by sqlglot to DuckDB (read=trino or spark, write=duckdb), with the few
 *      rewrites and DuckDB macros that sqlglot 10.6.3 lacks (scripts/lib/sqlglot_to_duckdb.py,
 *      SHIM_MACROS below: ours, each with the source dialect's documented meaning),
 *   3. EXECUTED in DuckDB (@duckdb/node-api) over the same CSVs the DuckDB test reads, as views
 *      named as in --tables (iom.cohort, iom.charges, iom.custody; every column as text), and
 *   4. its rows compared with desist's own (`desist quarterly|followup --format json`): counts
 *      equal, rates to 12 digits, quarter dates and `provisional` equal.
 *
 * What this shows, and what it does not: the query's logic (CTEs, joins, windows, the row
 * rules) and the meaning sqlglot gives each Trino or Spark function run to the same counts as
 * desist. It is NOT an execution in Trino or Spark: a function whose meaning sqlglot translates
 * wrongly, or that Trino or Spark evaluates differently from its DuckDB translation (date
 * parsing of odd text, implicit casts, ANSI-mode errors in Spark), is not caught here.
 * `npm run test:spark` (scripts/check-spark.mjs) runs the Spark queries in Spark itself when
 * pyspark is installed; no Trino server can be had from this project's registries. The DuckDB
 * dialect itself is executed in the test suite (test/sql/duckdb.test.ts). docs/sql.md, "What was
 * executed, and what was not", lists the sqlglot transpilation limits met and how this script
 * deals with them.
 *
 * `--quick` checks the sample data's cases only (24 queries; test/sql/dialects.test.ts runs it
 * in `npm test` when python3-sqlglot is present, and says it skipped when not).
 *
 * Prints each failing query with its first differences, and closes with `N passed, N failed`
 * (one query of one dialect on one case each); exit 1 on any failure.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';
import { ROOT, cases, compareRows, csvSources, dialectSql, mapLimit, nativeRows, prepare } from './lib/sql-equality.mjs';

const PY = '/usr/bin/python3';
const TABLES = { cohort: 'iom.cohort', charges: 'iom.charges', custody: 'iom.custody' };

function ensureSqlglot() {
  const probe = spawnSync(PY, ['-c', 'import sqlglot'], { stdio: 'ignore' });
  if (probe.status === 0) return;
  console.log('check-sql-dialects: installing python3-sqlglot from Debian (apt-get)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '-qq', 'python3-sqlglot'], { stdio: 'inherit', env }).status === 0;
  if (install()) return;
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  if (!install()) throw new Error('check-sql-dialects: cannot install python3-sqlglot (apt-get install python3-sqlglot)');
}

/**
 * Functions sqlglot 10.6.3 leaves as they are in the source dialect and DuckDB lacks, defined in
 * DuckDB with the source dialect's documented meaning (docs/sql.md lists them with the rewrites
 * of scripts/lib/sqlglot_to_duckdb.py). They are ours, not sqlglot's: a wrong one would make
 * this check wrong, not the dialect right.
 */
const SHIM_MACROS = [
  // Trino sequence(date, date, interval) and Spark sequence(date, date, interval): an array of dates.
  `CREATE MACRO sequence(a, b, step) AS list_transform(generate_series(CAST(a AS TIMESTAMP), CAST(b AS TIMESTAMP), step), x -> CAST(x AS DATE))`,
  // Spark 3 add_months: calendar months, clamped to the month's last day (no last-day-of-month rule since 3.0).
  `CREATE MACRO add_months(d, n) AS CAST(CAST(d AS DATE) + to_months(CAST(n AS INTEGER)) AS DATE)`,
  // Spark substring_index(s, delim, count) for count > 0: s before the count-th delim.
  `CREATE MACRO substring_index(s, delim, n) AS array_to_string(list_slice(string_split(s, delim), 1, n), delim)`,
];

const generated = prepare();
try {
  ensureSqlglot();
  // --quick: the sample data's cases only (what test/sql/dialects.test.ts runs in `npm test`).
  const all = cases(generated).filter((c) => !process.argv.includes('--quick') || c.dataset === 'sample-data');
  const queries = [];
  for (const dialect of ['trino', 'spark']) for (const c of all) queries.push({ c, dialect });
  const [natives, sqls] = await Promise.all([mapLimit(all, 6, nativeRows), mapLimit(queries, 6, (q) => dialectSql(q.c, q.dialect, TABLES))]);
  const nativeOf = new Map(all.map((c, i) => [c, natives[i]]));
  const tr = spawnSync(PY, [join(ROOT, 'scripts', 'lib', 'sqlglot_to_duckdb.py')], { input: JSON.stringify(queries.map((q, i) => ({ sql: sqls[i], read: q.dialect }))), encoding: 'utf8', maxBuffer: 256 << 20 });
  if (tr.status !== 0) throw new Error(`sqlglot failed: ${tr.stderr}`);
  const { version, results } = JSON.parse(tr.stdout);
  console.log(`sqlglot ${version}: ${queries.length} queries (trino and spark) parsed, transpiled to DuckDB, executed, compared with desist`);

  const con = await (await DuckDBInstance.create(':memory:')).connect();
  await con.run('CREATE SCHEMA iom');
  for (const m of SHIM_MACROS) await con.run(m);
  let loaded = null;
  let passed = 0;
  let failed = 0;
  for (const [i, q] of queries.entries()) {
    const name = `${q.dialect} ${q.c.name}`;
    let problems;
    if (results[i].error) problems = [`sqlglot: ${results[i].error}`];
    else {
      try {
        if (loaded !== q.c.dataset) {
          const src = await csvSources(q.c.dataset);
          for (const role of ['cohort', 'charges', 'custody']) await con.run(`CREATE OR REPLACE VIEW ${TABLES[role]} AS SELECT * FROM ${src[role]}`);
          loaded = q.c.dataset;
        }
        const rows = (await con.runAndReadAll(results[i].duckdb)).getRowObjectsJS();
        problems = compareRows(q.c.measure, nativeOf.get(q.c), rows);
      } catch (e) {
        problems = [`DuckDB: ${String(e.message ?? e).split('\n')[0]}`];
      }
    }
    if (problems.length === 0) passed++;
    else {
      failed++;
      console.log(`FAIL ${name}\n     ${problems.join('\n     ')}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
} finally {
  rmSync(generated, { recursive: true, force: true });
}
