/**
 * `desist explain`: each step's figure equals what `desist quarterly` prints with the step's
 * options (both run in-process through the real CLI), for provisional and complete quarters,
 * by group and pooled, with and without disclosure control.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { explainParagraph, type ExplainRow } from '../../src/cli/explain.js';

const ROOT = join(__dirname, '..', '..');
const json = async (args: string[]) => {
  const r = await runCli([...args, '--format', 'json', '--reproducible'], { cwd: ROOT });
  expect(r.stderr.split('\n').filter((l) => l.startsWith('desist:') && !l.startsWith('desist: warning'))).toEqual([]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { meta: Record<string, unknown>; rows: Record<string, unknown>[] };
};

describe('explain: every step is quarterly with the step options', () => {
  // [quarter, options of both commands, options of explain only (quarterly gets them from the step)]
  for (const [quarter, extra, explainOnly] of [
    ['2024Q4', [], []],
    ['2024Q2', ['--pooled'], []],
    ['2025Q1', ['--min-cell', '100'], ['--custody-mode', 'min-liberty', '--min-liberty-days', '30']],
  ] as const) {
    it(`${quarter} ${[...extra, ...explainOnly].join(' ')}`, async () => {
      const ex = await json(['explain', 'sample-data', '--quarter', quarter, ...extra, ...explainOnly]);
      const rows = ex.rows as unknown as ExplainRow[];
      expect(rows.length % 4).toBe(0);
      for (const row of rows) {
        const q = await json(['quarterly', 'sample-data', '--from', quarter, '--to', quarter, ...row.quarterly_options.split(' '), ...extra]);
        const qr = q.rows.find((r) => r.group === row.group)!;
        const nowcast = row.step === 4;
        expect(row.desistance).toBe(nowcast ? qr.desistance_nowcast : qr.desistance);
        expect(row.ci_low).toBe(nowcast && qr.provisional ? qr.nowcast_ci_low : qr.ci_low);
        expect(row.ci_high).toBe(nowcast && qr.provisional ? qr.nowcast_ci_high : qr.ci_high);
        expect(row.provisional).toBe(qr.provisional);
      }
      // change_points is the difference from the previous step, in points
      for (let i = 1; i < rows.length; i++) {
        if (rows[i].step === 1 || rows[i].desistance === null || rows[i - 1].desistance === null) continue;
        expect(rows[i].change_points).toBeCloseTo((rows[i].desistance! - rows[i - 1].desistance!) * 100, 3);
      }
      expect(typeof ex.meta.explanation).toBe('string');
    });
  }

  it('the nowcast step of a complete quarter keeps the observed value and says so', async () => {
    const ex = await json(['explain', 'sample-data', '--quarter', '2024Q2', '--pooled']);
    const [s3, s4] = [ex.rows[2], ex.rows[3]];
    expect(s4.desistance).toBe(s3.desistance);
    expect(s4.change_points).toBe(0);
    expect(s4.description).toMatch(/complete quarter: the observed value stands/);
  });

  it('needs --quarter (usage error, exit 2)', async () => {
    const r = await runCli(['explain', 'sample-data'], { cwd: ROOT });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/explain needs --quarter/);
  });
});

describe('explain: the paragraph', () => {
  const row = (group: string, step: number, desistance: number, change: number | null): ExplainRow => ({
    quarter: '2024Q4', step, name: ['', 'published', 'custody', 'offence-basis', 'nowcast'][step], description: ['', 'published style', 'custody out', 'offence basis', 'late charges nowcast'][step],
    group, desistance, ci_low: null, ci_high: null, change_points: change, interval: 'confidence', quarterly_options: '', provisional: true,
  });
  it('names the largest step per group and the flaw that mattered most on average', () => {
    const rows = [
      row('a', 1, 0.9, null), row('a', 2, 0.89, -1), row('a', 3, 0.86, -3), row('a', 4, 0.85, -1),
      row('b', 1, 0.8, null), row('b', 2, 0.78, -2), row('b', 3, 0.77, -1), row('b', 4, 0.76, -1),
    ];
    // mean |change|: step 2 = 1.5, step 3 = 2, step 4 = 1 -> step 3
    const p = explainParagraph(rows, '2024Q4');
    expect(p).toMatch(/^In 2024Q4, the flaw that mattered most was step 3, offence basis: it moved the figure by 2\.0 points on average over 2 groups\./);
    expect(p).toMatch(/For a, the published-style figure is 90\.0% and the defensible one 85\.0% \(-5\.0 points\); the largest single step is 3 \(offence-basis: -3\.0 points\)\./);
    expect(p).toMatch(/For b, .* the largest single step is 2 \(custody: -2\.0 points\)\./);
  });
});
