/**
 * The counts-file reader of `--from-counts` and its checks: every problem is a data error (exit
 * 65) naming the file, line, column and value.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkAtMost, checkUnique, checkZeroWithout, readCountsFile } from '../../src/io/counts-file.js';
import { DesistError } from '../../src/core/errors.js';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'desist-counts-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPEC = { counts: ['n', 'reoffenders'], text: ['group'], flags: ['provisional'] };
function file(text: string): string {
  const f = join(dir, `c${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(f, text);
  return f;
}
function error(fn: () => unknown): DesistError {
  try {
    fn();
  } catch (e) {
    return e as DesistError;
  }
  throw new Error('expected an error');
}

describe('readCountsFile', () => {
  it('reads counts, text (empty = null) and flags; header matched ignoring case and spaces; a BOM is dropped', () => {
    const f = file('\uFEFF Group ,N,Reoffenders,extra,provisional\r\ntreated,12,3,x,true\r\n,4,0,y,0\r\n');
    const c = readCountsFile(f, 'c.csv', SPEC);
    expect(c.read).toBe(2);
    expect(c.rows).toEqual([
      { line: 2, values: { group: 'treated', n: 12, reoffenders: 3, provisional: true } },
      { line: 3, values: { group: null, n: 4, reoffenders: 0, provisional: false } },
    ]);
    expect(c.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
  it('an optional flag column may be absent', () => {
    expect(readCountsFile(file('group,n,reoffenders\na,1,0\n'), 'c.csv', SPEC).rows[0].values).toEqual({ group: 'a', n: 1, reoffenders: 0 });
  });
  it.each([
    ['group,n\na,1\n', /^missing column reoffenders in the counts file; columns found: group, n$/, 'c.csv:1'],
    ['n\n1\n', /^missing columns group, reoffenders/, 'c.csv:1'],
    ['group,n,reoffenders\na,1.5,0\n', /^n: '1.5' is not a whole number >= 0$/, 'c.csv:2'],
    ['group,n,reoffenders\na,3,0\nb,-1,0\n', /^n: '-1' is not a whole number >= 0$/, 'c.csv:3'],
    ['group,n,reoffenders\na,,0\n', /^n: '' is not a whole number >= 0$/, 'c.csv:2'],
    ['group,n,reoffenders,provisional\na,1,0,maybe\n', /^provisional: 'maybe' is not true or false$/, 'c.csv:2'],
    ['group,n,reoffenders\na,1\n', /^not a readable CSV/, 'c.csv'],
    ['', /^the counts file is empty/, 'c.csv'],
  ])('%j is refused', (text, message, where) => {
    const e = error(() => readCountsFile(file(text), 'c.csv', SPEC));
    expect(e).toBeInstanceOf(DesistError);
    expect(e.exitCode).toBe(65);
    expect(e.message).toMatch(message);
    expect(e.where).toBe(where);
  });
  it('a file that cannot be read is an input error naming it', () => {
    const e = error(() => readCountsFile(join(dir, 'none.csv'), 'none.csv', SPEC));
    expect(e.exitCode).toBe(66);
    expect(e.message).toMatch(/cannot read the counts file \(ENOENT\)/);
  });
});

describe('the checks of one row', () => {
  it('checkAtMost: a part larger than its whole names both', () => {
    expect(() => checkAtMost('c.csv', 4, { reoffenders: 3, n: 3 }, 'reoffenders', 'n')).not.toThrow();
    const e = error(() => checkAtMost('c.csv', 4, { reoffenders: 4, n: 3 }, 'reoffenders', 'n'));
    expect([e.exitCode, e.where, e.message]).toEqual([65, 'c.csv:4', 'reoffenders 4 is more than n 3: these are not counts of one cell']);
  });
  it('checkZeroWithout: a count without the people it belongs to', () => {
    expect(() => checkZeroWithout('c.csv', 2, { reoffences: 0, reoffenders: 0 }, 'reoffences', 'reoffenders')).not.toThrow();
    expect(() => checkZeroWithout('c.csv', 2, { reoffences: 5, reoffenders: 1 }, 'reoffences', 'reoffenders')).not.toThrow();
    const e = error(() => checkZeroWithout('c.csv', 2, { reoffences: 5, reoffenders: 0 }, 'reoffences', 'reoffenders'));
    expect([e.exitCode, e.where, e.message]).toEqual([65, 'c.csv:2', 'reoffences 5 while reoffenders is 0: there is no reoffences without reoffenders']);
  });
  it('checkUnique: a group on two lines names both (an empty group too)', () => {
    const rows = (gs: (string | null)[]) => gs.map((g, i) => ({ line: i + 2, values: { group: g } }));
    expect(() => checkUnique('c.csv', rows(['a', 'b', null]), 'group')).not.toThrow();
    const e = error(() => checkUnique('c.csv', rows(['a', 'b', 'a']), 'group'));
    expect([e.exitCode, e.where, e.message]).toEqual([65, 'c.csv:4', "group: 'a' is on line 2 too: each row must be one group"]);
    expect(error(() => checkUnique('c.csv', rows([null, 'b', null]), 'group')).message).toBe('group: an empty value is on line 2 too: each row must be one group');
  });
});
