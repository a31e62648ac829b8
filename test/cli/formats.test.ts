/**
 * The output format follows -o's extension; --format that contradicts it is a usage error (2);
 * an unknown extension is an error naming the formats. xlsx is a real workbook: opened here
 * with exceljs's reader, its rows sheet has typed cells and `<K` for suppressed values.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, symlinkSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import ExcelJS from 'exceljs';
import { runCli } from '../helpers/cli.js';

const ROOT = join(__dirname, '..', '..');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'desist-formats-'));
  symlinkSync(join(ROOT, 'sample-data'), join(dir, 'sample-data'));
});

async function workbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

const sheetRows = (ws: ExcelJS.Worksheet) => {
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => out.push((row.values as unknown[]).slice(1)));
  return out;
};

describe('format from the -o extension', () => {
  it.each([
    ['q.csv', /^quarter,quarter_start,/],
    ['q.json', /^\{\n {2}"meta"/],
    ['q.md', /^### Quarterly/],
    ['q.txt', /^Quarterly desistance among people at risk/],
  ])('-o %s', async (file, start) => {
    const r = await runCli(['quarterly', 'sample-data/', '--reproducible', '-o', file], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, file), 'utf8')).toMatch(start);
  });

  it('a --format that contradicts the extension is a usage error, before any data is read', async () => {
    const r = await runCli(['quarterly', 'nosuch/', '--format', 'json', '-o', 'contradiction.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('desist: --format json contradicts -o contradiction.csv (a .csv file): give one of them, or make them agree\n');
    expect(existsSync(join(dir, 'contradiction.csv'))).toBe(false);
  });

  it('an unknown extension is an error naming the formats', async () => {
    const r = await runCli(['ci', '1/2', '-o', 'x.xls'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^desist: -o x\.xls: unknown extension '\.xls'; expected \.csv \(csv\), \.json \(json\), \.md \(md\), \.txt \(table\), \.xlsx \(xlsx\), or give --format table\|csv\|json\|md\|xlsx\n$/);
  });

  it('an unknown extension with --format writes that format', async () => {
    const r = await runCli(['ci', '1/2', '--format', 'csv', '-o', 'x.out'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'x.out'), 'utf8')).toMatch(/^x,n,proportion/);
  });

  it('xlsx to a terminal is refused', async () => {
    const r = await runCli(['ci', '1/2', '--format', 'xlsx'], { cwd: dir, columns: 80 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/xlsx is a binary format: give -o FILE\.xlsx/);
  });
});

describe('xlsx', () => {
  it('writes a workbook of rows (typed), meta and notes that a spreadsheet reader opens', async () => {
    const r = await runCli(['quarterly', 'sample-data/', '--reproducible', '-o', 'q.xlsx'], { cwd: dir });
    expect(r.code).toBe(0);
    const json = JSON.parse((await runCli(['quarterly', 'sample-data/', '--reproducible', '--format', 'json'], { cwd: dir })).stdout);
    const wb = await workbook(join(dir, 'q.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['rows', 'meta', 'notes']);
    const rows = sheetRows(wb.getWorksheet('rows')!);
    const head = rows[0] as string[];
    expect(head.slice(0, 4)).toEqual(['quarter', 'quarter_start', 'quarter_end', 'group']);
    expect(rows.length - 1).toBe(json.rows.length);
    const first = Object.fromEntries(head.map((h, i) => [h, rows[1][i]]));
    // numbers stay numbers at full precision, booleans booleans, text text
    expect(first.eligible).toBe(json.rows[0].eligible);
    expect(first.desistance).toBe(json.rows[0].desistance);
    expect(typeof first.desistance).toBe('number');
    expect(first.provisional).toBe(false);
    expect(first.quarter).toBe('2021Q1');
    const meta = sheetRows(wb.getWorksheet('meta')!);
    const field = (k: string) => meta.find((m) => m[0] === k)?.[1];
    expect(field('version')).toBe(json.meta.version);
    expect(field('options_custodyMode')).toBe('whole-quarter');
    expect(meta.some((m) => m[0] === 'cohort' && m[1] === 'sample-data/cohort.csv')).toBe(true);
    const notes = sheetRows(wb.getWorksheet('notes')!);
    expect(notes[0]).toEqual(['kind', 'table', 'text']);
    expect(notes.some((n) => n[0] === 'note' && String(n[2]).startsWith('Desistance = share of people not charged'))).toBe(true);
  });

  it('shows a suppressed value as <K', async () => {
    const r = await runCli(['ci', '3/200', '--min-cell', '5', '--format', 'xlsx'], { cwd: dir });
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw as unknown as ArrayBuffer);
    const rows = sheetRows(wb.getWorksheet('rows')!);
    const rec = Object.fromEntries((rows[0] as string[]).map((h, i) => [h, rows[1][i]]));
    expect(rec.x).toBe('<5');
    expect(rec.proportion).toBe('<5');
    expect(rec.n).toBe(200);
  });

  it('keeps text as text, never a formula', async () => {
    const r = await runCli(['quarterly', 'cases/formula', '--reproducible', '-o', join(dir, 'f.xlsx')], { cwd: join(ROOT, 'test', 'fixtures') });
    expect(r.code).toBe(0);
    const wb = await workbook(join(dir, 'f.xlsx'));
    wb.getWorksheet('rows')!.eachRow((row) => row.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));
  });
});
