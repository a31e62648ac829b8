#!/usr/bin/env node
/**
 * Opt-in check of the Trino and Spark SQL dialects (`npm run test:dialects`): every query
 * `desist sql` writes for those dialects, for each measure and option variant the DuckDB
 * equality test covers, is parsed and transpiled by sqlglot (Debian's python3-sqlglot, installed
 * here when missing). Neither dialect is executed: no Trino server or Spark runtime can be had
 * from the npm or Debian registries on this machine (docs/sql.md says so). The DuckDB dialect is
 * executed in the test suite (test/sql/duckdb.test.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const PY = '/usr/bin/python3';

function ensureSqlglot() {
  const probe = spawnSync(PY, ['-c', 'import sqlglot'], { stdio: 'ignore' });
  if (probe.status === 0) return;
  console.log('check-sql-dialects: installing python3-sqlglot from Debian');
  execFileSync('apt-get', ['install', '-y', 'python3-sqlglot'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

const VARIANTS = {
  quarterly: [[], ['--custody-mode', 'none'], ['--custody-mode', 'min-liberty', '--min-liberty-days', '30'], ['--basis', 'offence', '--lag', '90d', '--quarters', 'fiscal'], ['--pooled'], ['--from', '2022Q3', '--to', '2025Q2']],
  followup: [[], ['--index', 'release'], ['--clock', 'liberty'], ['--clock', 'liberty', '--index', 'release', '--follow-up', '24m'], ['--follow-up', '365d', '--waiting', '90d', '--pooled']],
};

if (!existsSync(join(ROOT, 'dist', 'cli', 'run.js'))) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
ensureSqlglot();
let passed = 0;
let failed = 0;
for (const dialect of ['trino', 'spark']) {
  for (const [measure, variants] of Object.entries(VARIANTS)) {
    for (const v of variants) {
      const args = ['bin/desist.js', 'sql', measure, '--dialect', dialect, '--as-of', '2025-03-31', '--tables', 'cohort=iom.cohort,charges=iom.charges,custody=iom.custody', ...v];
      const sql = execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
      const r = spawnSync(PY, ['-c', `import sys, sqlglot\nsql = sys.stdin.read()\nsqlglot.parse_one(sql, read='${dialect}')\nfor w in ('duckdb', 'trino', 'spark'): sqlglot.transpile(sql, read='${dialect}', write=w)`], { input: sql, encoding: 'utf8' });
      const name = `${dialect} ${measure} ${v.join(' ') || '(defaults)'}`;
      if (r.status === 0) {
        passed++;
        console.log(`ok   ${name}`);
      } else {
        failed++;
        console.log(`FAIL ${name}\n${r.stderr.trim().split('\n').slice(-3).join('\n')}`);
      }
    }
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
