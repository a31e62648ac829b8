/**
 * `desist followup --from-counts FILE` through the real CLI: every check of the counts is a data
 * error (exit 65) naming the file, line and columns; every option that needs the extracts is a
 * usage error (exit 2) saying why; every format is written, with the same rows as the JSON.
 * (The DuckDB round trip against the native command is in test/sql/duckdb.test.ts.)
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import ExcelJS from 'exceljs';
import { runCli } from '../helpers/cli.js';

const ROOT = join(__dirname, '..', '..');
const EDGE = join(ROOT, 'test/fixtures/counts/followup-edge.csv');
const HEADER = 'group,n,not_mature,no_index,reoffenders,rate,reoffences,per_person,per_reoffender,liberty_days';
let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'desist-fc-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('followup --from-counts: each check of the counts', () => {
  it.each([
    ['reoffenders more than n', 'treated,10,0,0,11,,12,,,3000', /^desist: c\.csv:3: reoffenders 11 is more than n 10: these are not counts of one cell\n$/],
    ['no_index more than not_mature', 'treated,10,1,2,3,,4,,,3000', /^desist: c\.csv:3: no_index 2 is more than not_mature 1/],
    ['reoffenders more than reoffences', 'treated,10,0,0,3,,2,,,3000', /^desist: c\.csv:3: reoffenders 3 is more than reoffences 2/],
    ['reoffences without reoffenders', 'treated,10,0,0,0,,2,,,3000', /^desist: c\.csv:3: reoffences 2 while reoffenders is 0/],
    ['liberty days without people', 'treated,0,4,0,0,,0,,,30', /^desist: c\.csv:3: liberty_days 30 while n is 0/],
    ['a group twice', 'comparison,5,0,0,1,,1,,,1000', /^desist: c\.csv:3: group: 'comparison' is on line 2 too: each row must be one group\n$/],
    ['a count that is not a whole number', 'treated,ten,0,0,1,,1,,,1000', /^desist: c\.csv:3: n: 'ten' is not a whole number >= 0\n$/],
  ])('%s: exit 65 naming file, line and column', async (_name, line, message) => {
    writeFileSync(join(dir, 'c.csv'), `${HEADER}\ncomparison,7,0,0,0,0,0,0,,2555\n${line}\n`);
    const r = await runCli(['followup', '--from-counts', 'c.csv'], { cwd: dir });
    expect([r.code, r.stdout]).toEqual([65, '']);
    expect(r.stderr).toMatch(message);
  });
  it('a missing column: exit 65 naming it and the columns found', async () => {
    writeFileSync(join(dir, 'm.csv'), 'group,n,not_mature,reoffenders,reoffences,liberty_days\na,1,0,0,0,10\n');
    const r = await runCli(['followup', '--from-counts', 'm.csv'], { cwd: dir });
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/^desist: m\.csv:1: missing column no_index in the counts file; columns found: group, n, not_mature/);
  });
  it('a counts file that is not there: exit 66', async () => {
    const r = await runCli(['followup', '--from-counts', 'none.csv'], { cwd: dir });
    expect(r.code).toBe(66);
    expect(r.stderr).toMatch(/none\.csv: cannot read the counts file/);
  });
});

describe('followup --from-counts: options that need the extracts are refused', () => {
  it.each([
    [['--curve'], /--curve: the Kaplan-Meier curve needs each person's time to first reoffence/],
    [['--curve', '--at', '365'], /--curve: /],
    [['--at', '365'], /--at: reading the curve at given days needs each person's time/],
    [['--weights-column', 'w'], /--weights-column: weights are per person/],
    [['--exclude-index-day'], /--exclude-index-day: the counts cannot say which charges fell on the index day/],
    [['--clock', 'gaps'], /--clock gaps changes only the time to first reoffence/],
    [['--cohort', 'cohort.csv'], /^desist: --cohort: --from-counts reads counts instead of the extracts/],
    [['--charges', 'charges.csv'], /^desist: --charges: --from-counts reads counts instead of the extracts/],
    [['--map', 'desist.json'], /^desist: --map: --from-counts reads counts instead of the extracts/],
    [['--custody', 'none'], /--custody none: 'desist followup' has no custody mode/],
  ])('%j: exit 2', async (args, message) => {
    const r = await runCli(['followup', '--from-counts', EDGE, ...args], { cwd: dir });
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(message);
  });
});

describe('followup --from-counts: every format', () => {
  it('table, md, csv, json and xlsx carry the same rows, notes saying what the counts cannot give', async () => {
    const json = JSON.parse((await runCli(['followup', '--from-counts', EDGE, '--format', 'json'], { cwd: dir })).stdout);
    expect(json.rows.map((r: { group: string }) => r.group)).toEqual(['treated', 'comparison', 'a', '(blank)']);
    expect(json.meta.inputs[0]).toMatchObject({ role: 'counts', read: 4, accepted: 4 });
    const csv = (await runCli(['followup', '--from-counts', EDGE, '--format', 'csv'], { cwd: dir })).stdout.split('\n');
    expect(csv[0].split(',')).toEqual(Object.keys(json.rows[0]));
    expect(csv[1]).toMatch(/^treated,40,5,2,10,0\.25,/);
    for (const format of ['table', 'md']) {
      const r = await runCli(['followup', '--from-counts', EDGE, '--format', format], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Follow-up reoffending \(12m, calendar clock\) \(from counts\)/);
      expect(r.stdout).toMatch(/Not in the counts, so null in every row: survival_n/);
      expect(r.stdout).not.toMatch(/in survival|index-day charges/);
    }
    const r = await runCli(['followup', '--from-counts', EDGE, '-o', 'f.xlsx'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'f.xlsx'));
    const names = wb.worksheets.map((w) => w.name);
    expect(names.length).toBeGreaterThan(0);
    const text = wb.worksheets.map((w) => w.getSheetValues().flat().join(' ')).join(' ');
    expect(text).toMatch(/treated/);
    expect(text).toMatch(/not computed from counts/);
  });
});

describe('quarterly --from-counts: the same option rules', () => {
  it('--custody MODE is the custody mode (as on the extracts), --custody FILE is refused', async () => {
    writeFileSync(join(dir, 'q.csv'), 'quarter,group,eligible,in_custody_whole_quarter,charged,at_risk,charged_at_risk,liberty_days,charges\n2024Q1,treated,10,2,3,10,3,800,4\n');
    const r = await runCli(['quarterly', '--from-counts', 'q.csv', '--custody', 'none', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).meta.options).toMatchObject({ custodyMode: 'none', custody: null });
    const f = await runCli(['quarterly', '--from-counts', 'q.csv', '--custody', 'custody.csv'], { cwd: dir });
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/^desist: --custody: --from-counts reads counts instead of the extracts/);
  });
});
