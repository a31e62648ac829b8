#!/usr/bin/env node
/**
 * Opt-in: the Spark dialect executed in Spark (`npm run test:spark [-- --ansi off|on|both]`).
 *
 * Needs pyspark (from PyPI: `pip install pyspark`) and a Java runtime it accepts (Debian's
 * openjdk-17-jre-headless). When `python3 -c 'import pyspark'` fails (DESIST_PYTHON names
 * another python), it prints one line saying so and exits 77 ("skipped"): nothing was checked.
 *
 * Otherwise, for every case of test/sql/duckdb.test.ts (the same cases as `npm run
 * test:dialects`, scripts/lib/sql-equality.mjs), the query `desist sql --dialect spark` writes
 * runs in a local SparkSession (scripts/lib/spark_run.py) over global temporary views
 * global_temp.cohort, global_temp.charges and global_temp.custody, and its rows are compared
 * with desist's own, count for count (rates to 12 digits, quarter dates, `provisional`). The
 * views hold, every column as a string, the rows DuckDB reads from the same CSVs with
 * all_varchar (handed to Spark as Parquet), so CSV parsing is not under test: the query is.
 * Each query runs with spark.sql.ansi.enabled false (Spark 3's default) and true (Spark 4's),
 * unless --ansi says otherwise. Closes with `N passed, N failed`.
 *
 * NOT RUN on the machine this was written on: it has no PyPI access, so pyspark could not be
 * installed (docs/sql.md, "What was executed where").
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ROOT, cases, compareRows, csvSources, dialectSql, mapLimit, nativeRows, prepare } from './lib/sql-equality.mjs';

const SKIPPED = 77;
const PY = process.env.DESIST_PYTHON || 'python3';
const TABLES = { cohort: 'global_temp.cohort', charges: 'global_temp.charges', custody: 'global_temp.custody' };

const i = process.argv.indexOf('--ansi');
const ansiArg = i > 0 ? process.argv[i + 1] : 'both';
const ANSI = { off: ['false'], on: ['true'], both: ['false', 'true'] }[ansiArg];
if (!ANSI) {
  console.error(`check-spark: --ansi takes off, on or both, not '${ansiArg}'`);
  process.exit(2);
}

if (spawnSync(PY, ['-c', 'import pyspark'], { stdio: 'ignore' }).status !== 0) {
  console.log(`check-spark: skipped: pyspark (PyPI) is required: pip install pyspark (with Java 17, e.g. apt-get install openjdk-17-jre-headless); DESIST_PYTHON names the python that has it (now '${PY}')`);
  process.exit(SKIPPED);
}

const generated = prepare();
try {
  const all = cases(generated);
  const [natives, sqls] = await Promise.all([mapLimit(all, 4, nativeRows), mapLimit(all, 4, (c) => dialectSql(c, 'spark', TABLES))]);

  // Each dataset's three tables, as DuckDB reads them from the CSVs (all_varchar), to Parquet.
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  const datasets = {};
  const idOf = new Map();
  for (const c of all) {
    if (idOf.has(c.dataset)) continue;
    const id = `d${idOf.size}`;
    idOf.set(c.dataset, id);
    const dir = join(generated, 'spark-input', id);
    mkdirSync(dir, { recursive: true });
    const src = await csvSources(c.dataset);
    datasets[id] = {};
    for (const role of ['cohort', 'charges', 'custody']) {
      const file = join(dir, `${role}.parquet`);
      await con.run(`COPY (SELECT * FROM ${src[role]}) TO '${file.replaceAll("'", "''")}' (FORMAT parquet)`);
      datasets[id][role] = file;
    }
  }
  const job = join(generated, 'spark-job.json');
  const out = join(generated, 'spark-out.json');
  writeFileSync(job, JSON.stringify({ ansi: ANSI, datasets, queries: all.map((c, n) => ({ id: n, dataset: idOf.get(c.dataset), sql: sqls[n] })) }));
  console.log(`check-spark: ${all.length} Spark queries x ANSI ${ANSI.join(', ')} in a local SparkSession (${PY})`);
  const r = spawnSync(PY, [join(ROOT, 'scripts', 'lib', 'spark_run.py'), job, out], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`check-spark: Spark did not run (exit ${r.status}): see its output above`);
  const { spark, results } = JSON.parse(readFileSync(out, 'utf8'));
  let passed = 0;
  let failed = 0;
  for (const res of results) {
    const c = all[res.id];
    const problems = res.error ? [`Spark: ${res.error}`] : compareRows(c.measure, natives[res.id], res.rows);
    if (problems.length === 0) passed++;
    else {
      failed++;
      console.log(`FAIL spark ${spark} ansi=${res.ansi} ${c.name}\n     ${problems.join('\n     ')}`);
    }
  }
  console.log(`Spark ${spark}, spark.sql.ansi.enabled ${ANSI.join(' and ')}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed || passed === 0 ? 1 : 0;
} finally {
  rmSync(generated, { recursive: true, force: true });
}
