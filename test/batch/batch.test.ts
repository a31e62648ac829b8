/**
 * desist batch through the real CLI (in-process run()): manifest errors and their exit codes,
 * the equality of every batch row with `desist compare` run alone, p_adjusted against R's
 * p.adjust, and two cohort files as groups.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { expectClose } from '../stats/expect-close.js';

const ROOT = resolve(__dirname, '..', '..');
const FIX = join(ROOT, 'test', 'fixtures', 'batch');
const SAMPLE = join(ROOT, 'sample-data');

const json = (s: string) => JSON.parse(s) as { meta: Record<string, unknown>; warnings: string[]; rows: Record<string, unknown>[] };

async function batch(args: string[], cwd = ROOT) {
  return runCli(['batch', ...args, '--reproducible', '--quiet'], { cwd });
}

describe('manifest errors name the key and the line, with the exit codes of CLI.md', () => {
  const dir = mkdtempSync(join(tmpdir(), 'desist-batch-'));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const head = `dataset: ${SAMPLE}\ncomparisons:\n`;

  it.each([
    ['unknown option', `${head}  - name: a\n    follow_upp: 12m\n`, 78, /m\.yaml:4: comparisons\[0\]\.follow_upp: not a manifest key or compare option .*follow-up/],
    ['unknown top-level key', `datasett: x\n${head}  - name: a\n`, 78, /m\.yaml:1: datasett: not a manifest key/],
    ['adjust: holm in a comparison (the family is the whole manifest)', `${head}  - name: a\n    adjust: holm\n`, 78, /m\.yaml:4: comparisons\[0\]\.adjust: 'holm' is a p-value adjustment, which applies to the whole manifest: write p_adjust: holm at the top level or in defaults/],
    ['adjust and p_adjust disagree', `p_adjust: bh\ndefaults: { adjust: holm }\n${head}  - name: a\n`, 78, /m\.yaml:2: defaults\.adjust: 'holm' contradicts p_adjust: 'bh'/],
    ['bad option value', `${head}  - name: a\n    ci-method: exactly\n`, 78, /m\.yaml:4: comparisons\[0\]\.ci-method: expected one of wilson, clopper-pearson/],
    ['bad number', `${head}  - name: a\n    level: 95\n`, 78, /m\.yaml:4: comparisons\[0\]\.level: expected a confidence level/],
    ['bad p_adjust', `p_adjust: fdr\n${head}  - name: a\n`, 78, /m\.yaml:1: p_adjust: expected one of holm, hochberg, bh, bonferroni, none, got 'fdr'/],
    ['bad filter: unknown condition', `${head}  - name: a\n    where:\n      age: { above: 30 }\n`, 78, /m\.yaml:5: comparisons\[0\]\.where\.age\.above: not a condition/],
    ['bad filter: bounds reversed', `${head}  - name: a\n    where: { age: { between: [30, 18] } }\n`, 78, /m\.yaml:4: comparisons\[0\]\.where\.age: the lower bound 30 is above the upper bound 18/],
    ['bad filter: between not two numbers', `${head}  - name: a\n    where: { age: { between: [18] } }\n`, 78, /comparisons\[0\]\.where\.age\.between: expected two numbers/],
    ['missing column', `${head}  - name: a\n  - name: b\n    where:\n      force_area: North\n`, 78, /m\.yaml:6: comparisons\[1\]\.where\.force_area: the cohort has no column 'force_area' \(columns to filter on: age, sex, prior_offences, risk_score\)/],
    ['group value not in the cohort', `${head}  - name: a\n    treated: Checkpoint\n`, 78, /m\.yaml:4: comparisons\[0\] 'a': treated 'Checkpoint' is not a value of the cohort's group column \(values: 'comparison', 'treated'\)|values: 'treated', 'comparison'/],
    ['duplicate names', `${head}  - name: a\n  - name: a\n`, 78, /m\.yaml:4: comparisons\[1\]\.name: 'a' is already the name of comparisons\[0\]/],
    ['no comparisons', `dataset: ${SAMPLE}\ncomparisons: []\n`, 78, /comparisons: give at least one comparison/],
    ['name missing', `${head}  - treated: treated\n`, 78, /m\.yaml:3: comparisons\[0\]\.name: expected a string \(missing\)/],
    ['YAML syntax error, with its line', `${head}  - name: a\n    where: { age: [18, 24 }\n`, 78, /m\.yaml:4: not valid YAML or JSON/],
    ['JSON syntax error', `{ "comparisons": [ { "name": "a" }, ] , }\n}`, 78, /m\.yaml:\d+: not valid YAML or JSON/],
    ['cohort file not found', `charges: ${SAMPLE}/charges.csv\ncustody: ${SAMPLE}/custody.csv\ncomparisons:\n  - name: a\n    treated_cohort: nosuch.csv\n    comparison_cohort: pool.csv\n`, 66, /m\.yaml:5: comparisons\[0\]\.treated_cohort: no such file 'nosuch\.csv'/],
    ['dataset folder not found', `dataset: nowhere/\ncomparisons:\n  - name: a\n`, 66, /m\.yaml:1: dataset: no such dataset folder 'nowhere\/'/],
  ])('%s', async (_what, text, code, message) => {
    const file = write('m.yaml', text);
    const r = await batch([file]);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
  });

  it("defaults: { adjust: bh } (the issue's spelling) is the p-value adjustment, not compare's --adjust", async () => {
    const file = write('alias.yaml', `defaults: { adjust: bh }\n${head}  - name: a\n  - name: b\n    where: { sex: F }\n`);
    const r = await batch([file, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.meta.p_adjust).toBe('bh');
    expect(j.rows.map((row: { adjust_method: string }) => row.adjust_method)).toEqual(['bh', 'bh']);
    expect(j.rows[0].adjusted).toBeUndefined();
  });

  it('a manifest that does not exist is exit 66', async () => {
    const r = await batch([join(dir, 'nosuch.yaml')]);
    expect(r.code).toBe(66);
    expect(r.stderr).toMatch(/nosuch\.yaml: cannot read the manifest \(ENOENT\)/);
  });

  it('JSON manifests are read like YAML', async () => {
    const file = write('m.json', JSON.stringify({ dataset: SAMPLE, comparisons: [{ name: 'a', 'follow-up': '12m', where: { sex: 'F' } }] }));
    const r = await batch([file, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(json(r.stdout).rows[0].name).toBe('a');
  });
});

/** The cohort rows of sample-data that a where clause keeps, computed here by hand. */
function filteredCohort(keep: (row: Record<string, string>) => boolean): string {
  const lines = readFileSync(join(SAMPLE, 'cohort.csv'), 'utf8').trimEnd().split('\n');
  const header = lines[0].split(',');
  const kept = lines.slice(1).filter((l) => {
    const cells = l.split(',');
    return keep(Object.fromEntries(header.map((h, i) => [h, cells[i]])));
  });
  return `${[lines[0], ...kept].join('\n')}\n`;
}

// The subgroups of test/fixtures/batch/equality.yaml, written out independently of filters.ts.
const SUBGROUPS: Record<string, (r: Record<string, string>) => boolean> = {
  'age 18-24': (r) => Number(r.age) >= 18 && Number(r.age) <= 24,
  'women, liberty clock, release index': (r) => r.sex === 'F',
  'priors 1-3, 24m, bootstrap seed 7': (r) => ['1', '2', '3'].includes(r.prior_offences),
  'risk 0.5 and over, min-cell 10': (r) => Number(r.risk_score) >= 0.5,
  'quarterly, age 25 and over': (r) => Number(r.age) >= 25,
  'JDL style, men': (r) => r.sex === 'M',
  'small subgroup (age 60)': (r) => Number(r.age) === 60,
};

/** The compare flags of a comparison's options (meta.comparisons[].options). */
function flagsOf(options: Record<string, unknown>): string[] {
  const skip = ['cohort', 'charges', 'custody', 'map', 'treatedCohort', 'comparisonCohort', 'strict', 'maxErrors'];
  const out: string[] = [];
  for (const [k, v] of Object.entries(options)) {
    if (skip.includes(k) || v === null || v === false) continue;
    const flag = `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    out.push(...(v === true ? [flag] : [flag, String(v)]));
  }
  return out.map((f) => (f === '--custody-mode' ? '--custody-mode' : f));
}

describe('every batch row equals desist compare run alone with the same options, field by field', () => {
  let out: ReturnType<typeof json>;
  const dir = mkdtempSync(join(tmpdir(), 'desist-equality-'));
  beforeAll(async () => {
    const r = await batch([join(FIX, 'equality.yaml'), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    out = json(r.stdout);
  });

  const names = ['all, defaults', 'all, exact odds ratio, Jeffreys, Welch, 90%', ...Object.keys(SUBGROUPS), 'quarterly, all, from 2023Q1'];
  it.each(names)('%s', async (name) => {
    const comparisons = out.meta.comparisons as { name: string; options: Record<string, unknown> }[];
    const c = comparisons.find((x) => x.name === name)!;
    const flags = flagsOf(c.options);
    let args: string[];
    if (SUBGROUPS[name]) {
      const cohort = join(dir, `${name.replace(/\W+/g, '_')}.csv`);
      writeFileSync(cohort, filteredCohort(SUBGROUPS[name]));
      args = ['compare', '--cohort', cohort, '--charges', join(SAMPLE, 'charges.csv'), '--custody', join(SAMPLE, 'custody.csv'), ...flags];
    } else {
      args = ['compare', SAMPLE, ...flags];
    }
    const alone = await runCli([...args, '--format', 'json', '--reproducible', '--quiet'], { cwd: ROOT });
    expect(alone.code).toBe(0);
    const single = json(alone.stdout).rows;
    const mine = out.rows.filter((r) => r.name === name);
    expect(mine).toHaveLength(single.length);
    expect(single.length).toBeGreaterThan(0);
    single.forEach((row, i) => {
      for (const [k, v] of Object.entries(row)) expect(mine[i][k], `${name}: ${k}`).toEqual(v);
    });
  });

  it('the batch adds name, the forest fields and the family fields before compare\'s row', () => {
    const r = out.rows[0];
    expect(Object.keys(r).slice(0, 11)).toEqual(['name', 'estimate', 'ci_low', 'ci_high', 'p', 'p_adjusted', 'adjust_method', 'family_size', 'in_family', 'reason', 'subgroup']);
    expect(r.estimate).toBe((r.difference as { estimate: number }).estimate);
    expect(r.p).toBe((r.test as { p_value: number }).p_value);
  });

  it('rows without a p-value are left out of the family, with the reason, and the rest adjusted', () => {
    const family = out.rows.filter((r) => r.in_family);
    for (const r of out.rows) expect(r.family_size).toBe(family.length);
    for (const r of out.rows.filter((x) => !x.in_family)) {
      expect(r.p_adjusted).toBeNull();
      expect(typeof r.reason).toBe('string');
    }
    expect((out.meta.family as { left_out: number }).left_out).toBe(out.rows.length - family.length);
  });
});

describe('p_adjusted equals R p.adjust over the sample manifest (test/batch/r/batch-p-adjust.R)', () => {
  const P = [
    0.000031155233695707048, 0.000013166459018598465, 0.04948629958017281, 0.83652712495712833, 0.18957197289805677, 0.000057553490352178149, 0.26704181463320892,
    0.013739334547144459, 0.17454266211263095, 0.78057919673564347, 0.18711276368379681,
  ];
  const R: Record<string, number[]> = {
    holm: [0.00031155233695707, 0.000144831049204583, 0.34640409706121, 1, 1, 0.000517981413169603, 1, 0.109914676377156, 1, 1, 1],
    hochberg: [
      0.00031155233695707, 0.000144831049204583, 0.34640409706121, 0.836527124957128, 0.758287891592227, 0.000517981413169603, 0.801125443899627, 0.109914676377156,
      0.758287891592227, 0.836527124957128, 0.758287891592227,
    ],
    bh: [
      0.000171353785326389, 0.000144831049204583, 0.10886985907638, 0.836527124957128, 0.260661462734828, 0.000211029464624653, 0.326384440107255, 0.0377831700046473,
      0.260661462734828, 0.836527124957128, 0.260661462734828,
    ],
    bonferroni: [0.000342707570652778, 0.000144831049204583, 0.544349295381901, 1, 1, 0.00063308839387396, 1, 0.151132680018589, 1, 1, 1],
  };
  it.each(Object.keys(R))('%s', async (method) => {
    const r = await batch([join(SAMPLE, 'batch.yaml'), '--p-adjust', method, '--format', 'json']);
    expect(r.code).toBe(0);
    const rows = json(r.stdout).rows;
    const family = rows.filter((x) => x.in_family);
    expect(family.map((x) => x.name)).not.toContain('Over 65 (nobody)');
    family.forEach((x, i) => {
      expectClose(x.p as number, P[i], 1e-12, `p[${i}]`);
      expectClose(x.p_adjusted as number, R[method][i], 1e-12, `${method}[${i}]`);
      expect(x.adjust_method).toBe(method);
      expect(x.family_size).toBe(11);
    });
  });

  it('holm is the default, and none leaves p unchanged', async () => {
    const holm = json((await batch([join(SAMPLE, 'batch.yaml'), '--format', 'json'])).stdout);
    expect(holm.rows[0].adjust_method).toBe('holm');
    const none = json((await batch([join(SAMPLE, 'batch.yaml'), '--p-adjust', 'none', '--format', 'json'])).stdout);
    for (const r of none.rows.filter((x) => x.in_family)) expect(r.p_adjusted).toBe(r.p);
  });
});

describe('two cohort files as groups', () => {
  it('compare: a person in both files is an error stating how many (exit 65)', async () => {
    const r = await runCli(['compare', SAMPLE, '--treated-cohort', join(FIX, 'scheme.csv'), '--comparison-cohort', join(FIX, 'pool.csv'), '--quiet'], { cwd: ROOT });
    expect(r.code).toBe(65);
    expect(r.stderr.split('\n')[0]).toMatch(/pool\.csv: 5 people are in both cohort files \(.*scheme\.csv and .*pool\.csv\)/);
  });

  it('compare --overlap drop: removed from the comparison group, counted in meta, rows and notes', async () => {
    const args = ['compare', SAMPLE, '--treated-cohort', join(FIX, 'scheme.csv'), '--comparison-cohort', join(FIX, 'pool.csv'), '--overlap', 'drop', '--quiet', '--reproducible'];
    const j = json((await runCli([...args, '--format', 'json'], { cwd: ROOT })).stdout);
    const cohorts = (j.meta.inputs as Record<string, unknown>[]).filter((i) => i.role === 'cohort');
    expect(cohorts.map((c) => [c.cohort_group, c.read, c.accepted, c.overlap_dropped])).toEqual([
      ['treated', 400, 400, undefined],
      ['comparison', 505, 500, 5],
    ]);
    expect(j.rows[0].overlap_dropped).toBe(5);
    const csv = (await runCli([...args, '--format', 'csv'], { cwd: ROOT })).stdout;
    expect(csv.split('\n')[0]).toContain('overlap_dropped');
    const table = (await runCli(args, { cwd: ROOT })).stdout;
    expect(table.replace(/\n {2}/g, " ")).toMatch(/5 people in both cohort files .* were removed from the comparison group \(--overlap drop\)/);
  });

  it('the groups of two files give the same row as one file with a group column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desist-two-'));
    const scheme = readFileSync(join(FIX, 'scheme.csv'), 'utf8').trimEnd().split('\n');
    const pool = readFileSync(join(FIX, 'pool.csv'), 'utf8').trimEnd().split('\n');
    const ids = new Set(scheme.slice(1).map((l) => l.split(',')[0]));
    const setGroup = (l: string, g: string) => l.split(',').map((c, i) => (i === 3 ? g : c)).join(',');
    const one = [scheme[0], ...scheme.slice(1).map((l) => setGroup(l, 'treated')), ...pool.slice(1).filter((l) => !ids.has(l.split(',')[0])).map((l) => setGroup(l, 'comparison'))];
    writeFileSync(join(dir, 'cohort.csv'), `${one.join('\n')}\n`);
    const common = ['--charges', join(SAMPLE, 'charges.csv'), '--custody', join(SAMPLE, 'custody.csv'), '--as-of', '2025-03-31', '--format', 'json', '--quiet', '--reproducible'];
    const a = json((await runCli(['compare', '--cohort', join(dir, 'cohort.csv'), ...common], { cwd: ROOT })).stdout).rows[0];
    const b = json((await runCli(['compare', '--treated-cohort', join(FIX, 'scheme.csv'), '--comparison-cohort', join(FIX, 'pool.csv'), '--overlap', 'drop', ...common], { cwd: ROOT })).stdout).rows[0];
    for (const [k, v] of Object.entries(a)) expect(b[k], k).toEqual(v);
  });

  it('batch: treated_cohort / comparison_cohort in a manifest, both files in meta.inputs, overlap in every row', async () => {
    const r = await batch([join(FIX, 'two-cohorts.yaml'), '--format', 'json']);
    expect(r.code).toBe(0);
    const j = json(r.stdout);
    expect(j.rows.map((x) => x.overlap_dropped)).toEqual([5, 5]);
    const files = (j.meta.inputs as Record<string, unknown>[]).map((i) => `${i.role}:${i.file}`);
    expect(files).toEqual(['cohort:test/fixtures/batch/scheme.csv', 'cohort:test/fixtures/batch/pool.csv', 'charges:sample-data/charges.csv', 'custody:sample-data/custody.csv']);
    expect(j.rows[1].subgroup).toMatchObject({ where: 'sex = F' });
  });
});
