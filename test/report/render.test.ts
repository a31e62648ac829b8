/**
 * The terminal table fits the width it is given, and nothing is cut: long text moves to
 * numbered footnotes, wide tables split into blocks repeating the key columns, and a table
 * too wide for any block prints one record per row.
 */
import { describe, it, expect } from 'vitest';
import { Chalk } from 'chalk';
import { renderTable } from '../../src/report/render.js';
import type { HumanTable } from '../../src/report/output.js';
import { footnoteMark } from '../../src/report/output.js';

const plain = new Chalk({ level: 0 });
const widest = (s: string) => Math.max(...s.split('\n').map((l) => l.length));
/** Every word of every cell, header and footnote must appear somewhere in the output. */
const words = (t: HumanTable) => [
  ...t.columns.flatMap((c) => c.label.split(' ')),
  ...t.rows.flatMap((r) => Object.values(r).flatMap((v) => String(v).split(' '))),
  ...(t.footnotes ?? []).flatMap((f) => f.split(' ')),
].filter((w) => w.length > 0);

function wide(n: number): HumanTable {
  const columns = [
    { key: 'quarter', label: 'quarter', kind: 'text' as const },
    ...Array.from({ length: n }, (_, i) => ({ key: `c${i}`, label: `count number ${i} of people`, kind: 'int' as const })),
  ];
  const rows = ['2024Q1', '2024Q2'].map((q, j) => ({ quarter: q, ...Object.fromEntries(columns.slice(1).map((c, i) => [c.key, 1000 * (i + 1) + j])) }));
  return { title: 'A wide table', columns, rows };
}

describe('renderTable', () => {
  it('keeps a table that fits on one block with one-line headers', () => {
    const t = wide(2);
    const s = renderTable(t, 0, plain, 100);
    expect(s.split('\n')[1]).toBe('quarter  count number 0 of people  count number 1 of people');
    expect(widest(s)).toBeLessThanOrEqual(100);
  });

  it('wraps headers, then splits the columns into blocks that repeat the key column', () => {
    const t = wide(14);
    for (const width of [40, 60, 80, 100]) {
      const s = renderTable(t, 0, plain, width);
      expect(widest(s)).toBeLessThanOrEqual(width);
      // every value is printed; the key column is repeated in each block
      for (const r of t.rows) for (const v of Object.values(r)) expect(s).toContain(typeof v === 'number' ? v.toLocaleString('en-GB') : v);
      expect(s.split('\n').filter((l) => l.startsWith('2024Q1')).length).toBeGreaterThan(1);
    }
  });

  it('prints one record per row when a column cannot fit beside the keys', () => {
    const t: HumanTable = {
      columns: [
        { key: 'a', label: 'name', kind: 'text' },
        { key: 'b', label: 'a number', kind: 'int' },
      ],
      rows: [{ a: 'x'.repeat(30), b: 123456789 }],
    };
    const s = renderTable(t, 0, plain, 20);
    expect(widest(s)).toBeLessThanOrEqual(20);
    expect(s.replace(/\n\s*/g, '')).toContain('x'.repeat(30));
    expect(s).toContain('123,456,789');
  });

  it('moves long text to numbered footnotes, keeping the dash of a missing value, and explains the dash', () => {
    const reason = 'fewer than half reoffended within the window, so the median is not reached';
    const t: HumanTable = {
      columns: [
        { key: 'g', label: 'group', kind: 'text' },
        { key: 'm', label: 'median days', kind: 'int' },
        { key: 'x', label: 'other', kind: 'text' },
      ],
      rows: [
        { g: 'treated', m: null, m_reason: reason, x: 'y'.repeat(70) },
        { g: 'comparison', m: null, m_reason: reason, x: 'short' },
      ],
    };
    const s = renderTable(t, 0, plain, 60);
    expect(widest(s)).toBeLessThanOrEqual(60);
    expect(s).toMatch(/treated +– \[\d\]/);
    expect(s.match(new RegExp(reason.split(' ').slice(0, 3).join(' '), 'g'))?.length).toBe(1); // once, as a footnote
    expect(s).toContain('– no figure');
    expect(s.replace(/\n\s*/g, '')).toContain('y'.repeat(70));
  });

  it('numbers the footnotes a command attaches before the long-cell ones', () => {
    const t: HumanTable = { columns: [{ key: 'q', label: '', kind: 'text' }, { key: 'v', label: 'value', kind: 'text' }], rows: [] };
    t.rows = [{ q: 'rate ratio', v: `0.388 to 1.006 ${footnoteMark(t, 'different methods')}` }];
    expect(footnoteMark(t, 'different methods')).toBe('[1]');
    const s = renderTable(t, 0, plain, 40);
    expect(s).toContain('0.388 to 1.006 [1]');
    expect(s).toContain('[1] different methods');
  });

  it('prints every word it was given, at any width', () => {
    const t = wide(6);
    t.footnotes = ['a note that is long enough to need wrapping onto more than one line of text'];
    for (const width of [30, 50, 100]) {
      const s = renderTable(t, 0, plain, width);
      expect(widest(s)).toBeLessThanOrEqual(width);
      const flat = s.replace(/\s+/g, ' ');
      for (const w of words(t)) expect(flat).toContain(/^\d+$/.test(w) ? Number(w).toLocaleString('en-GB') : w);
    }
  });
});
