/** The one CSV writer (src/report/csv.ts): spreadsheet-safe cells everywhere, RFC 4180 quoting. */
import { describe, it, expect } from 'vitest';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { csvFromRows, csvText, safeCell } from '../../src/report/csv.js';

describe('csvText', () => {
  it('the @example', () => {
    expect(csvText(['file', 'value'], [['=1+2.csv', '\x01=1+1'], ['a.csv', -3]])).toBe("file,value\n'=1+2.csv,'\x01=1+1\na.csv,-3\n");
  });

  // issue 9, class 8: a control character before a formula is no disguise
  it.each(['=1+1', '+1', '-1+1', '@SUM(A1)', '\t=1', '\r=1', '\n=1', '\x00=1', '\x01=1+1', '\x1f=1', '\x7f=1'])('prefixes %j', (v) => {
    expect(safeCell(v)).toBe(`'${v}`);
  });

  it('leaves ordinary text, numbers, booleans and empties alone', () => {
    expect([safeCell('abc'), safeCell(' =1'), safeCell(-2), safeCell(0.5), safeCell(true), safeCell(null), safeCell(undefined), safeCell(NaN)]).toEqual([
      'abc',
      ' =1',
      '-2',
      '0.5',
      'true',
      '',
      '',
      '',
    ]);
  });

  it('header cells are made safe too (a column or file name can come from the data)', () => {
    expect(csvText(['=x'], [])).toBe("'=x\n");
  });

  it('any text round-trips through a CSV reader, and no cell read back starts a formula', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'binary' }), { minLength: 2, maxLength: 2 }), { maxLength: 8 }), (rows) => {
        const back = parse(csvText(['a', 'b'], rows), { relax_column_count: false }) as string[][];
        expect(back.length).toBe(rows.length + 1);
        back.slice(1).forEach((r, i) =>
          r.forEach((cell, j) => {
            // eslint-disable-next-line no-control-regex
            expect(cell).not.toMatch(/^[=+\-@\x00-\x1f\x7f]/);
            expect(cell).toBe(safeCell(rows[i][j]));
          }),
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('csvFromRows', () => {
  it('flattens nested fields with _ and keeps columns in order of first appearance', () => {
    expect(csvFromRows([{ a: 1, t: { x: 2, y: null } }, { a: '=2', z: [1, 2] }])).toBe("a,t_x,t_y,z\n1,2,,\n'=2,,,1;2\n");
  });
});

describe('every CSV the tool writes goes through the one writer', () => {
  it('validate --rejects: a file named =1+2.csv and a value \\x01=1+1 are prefixed', async () => {
    const { runCli } = await import('../helpers/cli.js');
    const { join } = await import('node:path');
    const cwd = join(__dirname, '..', 'fixtures', 'zoo', 'formula-names');
    const r = await runCli(['validate', '--cohort', 'cohort.csv', '--charges', '=1+2.csv', '--custody', 'custody.csv', '--as-of', '2023-12-31', '--rejects', '-', '--quiet'], { cwd });
    const csv = r.stdout.slice(r.stdout.indexOf('file,line,column'));
    const rows = parse(csv) as string[][];
    expect(rows.slice(1).map((x) => [x[0], x[3]])).toEqual([
      ["'=1+2.csv", "'\x01=1+1"],
      ["'=1+2.csv", "'@SUM(A1)"],
    ]);
  });
});
