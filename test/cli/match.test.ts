/**
 * desist match end to end (in-process): the written cohort is a valid cohort that followup,
 * quarterly and compare read, with --weights-column weight giving the weighted comparison.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const ROOT = resolve(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'desist-match-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (args: string[]) => runCli(args, { cwd: ROOT });
const json = async (args: string[]) => {
  const r = await cli([...args, '--format', 'json', '--quiet']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};
const rows = (file: string) => {
  const [head, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const cols = head.split(',');
  return { cols, rows: lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v]))) };
};

describe('desist match --write-cohort, then followup, quarterly and compare on the matched cohort', () => {
  const cov = ['--covariates', 'age,sex,prior_offences,risk_score'];
  it('writes only matched people, every cohort column plus match_id, weight, propensity, distance', async () => {
    const file = join(dir, 'replace.csv');
    const out = await json(['match', 'sample-data/', ...cov, '--replace', '--write-cohort', file]);
    const { cols, rows: people } = rows(file);
    expect(cols).toEqual(['person_id', 'cohort_start', 'cohort_end', 'group', 'age', 'sex', 'prior_offences', 'risk_score', 'match_id', 'weight', 'propensity', 'distance']);
    expect(people.length).toBe(out.matching.n_matched_treated + out.matching.n_matched_comparison);
    expect(people.every((p) => Number(p.weight) > 0)).toBe(true);
    // treated weigh 1; the control weights average 1 (MatchIt's ATT scaling)
    const controls = people.filter((p) => p.group === 'comparison').map((p) => Number(p.weight));
    expect(people.filter((p) => p.group === 'treated').every((p) => p.weight === '1')).toBe(true);
    expect(controls.reduce((a, b) => a + b, 0) / controls.length).toBeCloseTo(1, 12);
    // leading zeros of ids kept; each match_id names one treated person
    expect(people[0].person_id).toMatch(/^0/);
    const treatedSets = new Set(people.filter((p) => p.group === 'treated').map((p) => p.match_id));
    expect(treatedSets.size).toBe(out.matching.n_matched_treated);
    // no raw ids in the report itself
    const report = await cli(['match', 'sample-data/', ...cov, '--replace', '--quiet']);
    expect(report.stdout).not.toContain(people[0].person_id);
  });

  it('compare --weights-column weight gives the matched and weighted comparison, and says so', async () => {
    const file = join(dir, 'replace.csv');
    const out = await json(['compare', 'sample-data/', '--cohort', file, '--weights-column', 'weight']);
    expect(out.meta).toMatchObject({ weights_column: 'weight', matched: true, weighted: true });
    const r = out.rows[0];
    expect(r.treated.method).toMatch(/weighted/);
    expect(r.comparison.weighted_n).toBeGreaterThan(0);
    expect(r.comparison.n).not.toBe(r.comparison.weighted_n);
    const table = await cli(['compare', 'sample-data/', '--cohort', file, '--weights-column', 'weight', '--quiet']);
    expect(table.stdout).toContain('matched and weighted');
    const jdl = await cli(['compare', 'sample-data/', '--cohort', file, '--weights-column', 'weight', '--style', 'jdl', '--quiet']);
    expect(jdl.stdout).toContain('matched and weighted');
    expect(jdl.stdout.replace(/\n {2}/g, " ")).toMatch(/Wald z-test with robust/);
  });

  it('followup and quarterly read the matched cohort; followup weighs it', async () => {
    const file = join(dir, 'replace.csv');
    const f = await json(['followup', 'sample-data/', '--cohort', file, '--weights-column', 'weight']);
    const comparison = f.rows.find((r: { group: string }) => r.group === 'comparison');
    expect(comparison.weighted_n).toBeGreaterThan(0);
    const q = await json(['quarterly', 'sample-data/', '--cohort', file]);
    expect(q.rows.length).toBeGreaterThan(0);
  });

  it('1:1 without replacement: every weight is 1 and compare gives the plain matched comparison', async () => {
    // the sample has fewer comparison than treated people, so match the other way round
    const file = join(dir, 'one-to-one.csv');
    const roles = ['--treated', 'comparison', '--comparison', 'treated'];
    await json(['match', 'sample-data/', ...cov, ...roles, '--write-cohort', file]);
    expect(rows(file).rows.every((p) => p.weight === '1')).toBe(true);
    const plain = await json(['compare', 'sample-data/', '--cohort', file, ...roles, '--reproducible']);
    const weighted = await json(['compare', 'sample-data/', '--cohort', file, ...roles, '--weights-column', 'weight', '--reproducible']);
    expect(weighted.rows).toEqual(plain.rows);
    expect(weighted.meta).toMatchObject({ matched: true, weighted: false });
  });

  it('a weights column that is not a number is a data error naming the column', async () => {
    const r = await cli(['compare', 'sample-data/', '--weights-column', 'sex', '--quiet']);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/sex: 'M' is not a weight/);
    const missing = await cli(['followup', 'sample-data/', '--weights-column', 'nosuch', '--quiet']);
    expect(missing.code).toBe(2);
  });

  it('compare points to desist match with an example that runs', async () => {
    const r = await cli(['compare', 'sample-data/', '--quiet']);
    expect(r.stdout).toContain('desist match DATASET --covariates');
    const advice = await cli(['match', 'sample-data/', '--covariates', 'age,sex,prior_offences', '--replace', '--write-cohort', join(dir, 'matched.csv'), '--quiet']);
    expect(advice.code).toBe(0);
  });
});
