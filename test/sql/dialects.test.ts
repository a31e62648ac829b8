/**
 * The Trino and Spark dialects, transpiled by sqlglot to DuckDB and executed there
 * (scripts/check-sql-dialects.mjs --quick: the sample data with every option variant, both
 * dialects), equal desist's rows. Weaker than running them in Trino or Spark (docs/sql.md says
 * how). It needs Debian's python3-sqlglot, which `npm test` does not install: without it this
 * test is skipped, and says why. `npm run test:dialects` runs every case and installs sqlglot.
 * The script runs dist/ (built by `npm test` before vitest; built when missing).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const hasSqlglot = spawnSync('/usr/bin/python3', ['-c', 'import sqlglot'], { stdio: 'ignore' }).status === 0;

describe('desist sql --dialect trino|spark, transpiled to DuckDB by sqlglot and executed', () => {
  it.skipIf(!hasSqlglot)(`equals desist on the sample data${hasSqlglot ? '' : ' (skipped: /usr/bin/python3 has no sqlglot; apt-get install python3-sqlglot)'}`, () => {
    const r = spawnSync(process.execPath, ['scripts/check-sql-dialects.mjs', '--quick'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    const last = r.stdout.trim().split('\n').at(-1);
    expect(last, r.stdout + r.stderr).toBe('24 passed, 0 failed');
    expect(r.status).toBe(0);
  });
});
