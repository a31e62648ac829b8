/**
 * Parquet extracts give exactly the figures, reconciliation and rejects of the same data as CSV.
 * The Parquet files are written here by DuckDB (a dev dependency) from the committed CSVs: once
 * with every column as text (so bad rows stay bad) and once with typed DATE columns.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { runCli } from '../helpers/cli.js';

const ROOT = resolve(__dirname, '..', '..');
let dir: string;

async function toParquet(from: string, to: string, typed: boolean): Promise<void> {
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  for (const role of ['cohort', 'charges', 'custody']) {
    const src = join(ROOT, from, `${role}.csv`);
    const dates = { cohort: ['cohort_start', 'cohort_end'], charges: ['charge_date', 'offence_date'], custody: ['custody_start', 'custody_end'] }[role]!;
    const select = typed ? `SELECT * REPLACE (${dates.map((d) => `CAST(NULLIF(${d}, '') AS DATE) AS ${d}`).join(', ')})` : 'SELECT *';
    await con.run(`COPY (${select} FROM read_csv('${src}', header = true, all_varchar = true)) TO '${join(to, `${role}.parquet`)}' (FORMAT parquet)`);
  }
  if (existsSync(join(ROOT, from, 'desist.json'))) copyFileSync(join(ROOT, from, 'desist.json'), join(to, 'desist.json'));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'desist-parquet-'));
  for (const [name, from, typed] of [['text', 'sample-data', false], ['typed', 'sample-data', true], ['zoo-bad-rows', 'test/fixtures/zoo/bad-rows', false]] as const) {
    const to = join(dir, name);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(to);
    await toParquet(from, to, typed);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function json(args: string[]) {
  const r = await runCli([...args, '--format', 'json', '--quiet', '--reproducible'], { cwd: ROOT });
  return { code: r.code, out: r.code === 0 || r.code === 65 ? JSON.parse(r.stdout || '{}') : null, stderr: r.stderr };
}

describe('Parquet extracts', () => {
  it.each(['text', 'typed'])('sample data as Parquet (%s columns): quarterly, followup and compare equal the CSV figures', async (name) => {
    for (const cmd of [['quarterly'], ['followup'], ['compare', '--bootstrap', '200']]) {
      const csv = await json([...cmd, 'sample-data']);
      const pq = await json([...cmd, join(dir, name)]);
      expect(pq.code, pq.stderr).toBe(0);
      expect(pq.out.rows).toEqual(csv.out.rows);
      for (const [i, input] of csv.out.meta.inputs.entries()) {
        for (const k of ['read', 'accepted', 'rejected', 'deduplicated']) expect([input.role, k, pq.out.meta.inputs[i][k]]).toEqual([input.role, k, input[k]]);
      }
    }
  });
  it('bad rows in a Parquet file are rejected with the same lines and reasons as in CSV', async () => {
    const csv = await runCli(['validate', 'test/fixtures/zoo/bad-rows', '--rejects', join(dir, 'csv-rejects.csv'), '--as-of', '2024-06-30'], { cwd: ROOT });
    const pq = await runCli(['validate', join(dir, 'zoo-bad-rows'), '--rejects', join(dir, 'pq-rejects.csv'), '--as-of', '2024-06-30'], { cwd: ROOT });
    expect(pq.code).toBe(csv.code);
    const { readFileSync } = await import('node:fs');
    const strip = (s: string) => s.split('\n').map((l) => l.replace(/^[^,]*,/, '')).join('\n');
    expect(strip(readFileSync(join(dir, 'pq-rejects.csv'), 'utf8'))).toEqual(strip(readFileSync(join(dir, 'csv-rejects.csv'), 'utf8')));
  });
});
