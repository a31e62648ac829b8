/**
 * The report's chart builders on hand-worked rows: the KM curve under --min-cell (days read,
 * points withheld when suppressed or when a difference would give back a count below K), the
 * number-at-risk gate, the latest final quarter, the nowcast series and the explain waterfall.
 */
import { describe, expect, it } from 'vitest';
import { curveGrid, gateRisk, gridPoints, quarterlyChart, waterfallChart } from '../../src/report/html/charts.js';
import { latestFinalQuarter } from '../../src/report/html/summary.js';

const values = (vl: Record<string, unknown>) => (vl.data as { values: Record<string, unknown>[] }).values;

describe('KM curve under --min-cell', () => {
  it('reads the curve every 30 days (the at-risk row every 90) and on its last day (the @example)', () => {
    expect(curveGrid(366)).toEqual([30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 330, 360, 366]);
    expect(curveGrid(360)).toEqual([30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 330, 360]);
    // 24 months: at-risk row every 180 days, curve every 60
    expect(curveGrid(731).slice(0, 4)).toEqual([60, 120, 180, 240]);
    expect(curveGrid(731).at(-1)).toBe(731);
    expect(curveGrid(0)).toEqual([]);
  });

  it('draws a point unless it is suppressed or fewer than K reoffended since the previous point drawn', () => {
    const row = (group: string, day: number, n_event: number | null, survival: number | null) => ({ group, day, n_event, survival, n_risk: 100, ci_low: null, ci_high: null });
    const rows = [
      row('a', 30, 12, 0.9), // 12 since day 0: drawn
      row('a', 60, 15, 0.88), // 3 since 30: withheld
      row('a', 90, 25, 0.8), // 13 since 30: drawn
      row('a', 120, 25, 0.8), // none since 90: drawn (nothing to give back)
      row('a', 150, null, null), // suppressed in the JSON rows
      row('b', 30, 4, 0.96), // 4 since day 0: withheld
      row('b', 60, 11, 0.9), // 11 since day 0: drawn
    ];
    const g = gridPoints(rows, 10);
    expect(g.drawn.map((r) => `${String(r.group)}${String(r.day)}`)).toEqual(['a30', 'a90', 'a120', 'b60']);
    expect(g.suppressed).toBe(1);
    expect(g.differenced).toBe(2);
    // without --min-cell only estimability matters
    expect(gridPoints(rows, 0).drawn.length).toBe(6);
  });

  it('withholds a number at risk that differs from the previous one shown by 1 to K-1 (the @example)', () => {
    expect(gateRisk([1000, 995, 900, 897, 0], 10)).toEqual([1000, null, 900, null, 0]);
    expect(gateRisk([1000, 995, 985], 10)).toEqual([1000, null, 985]);
    expect(gateRisk([null, 50, 50], 10)).toEqual([null, 50, 50]);
    expect(gateRisk([1000, 995], 0)).toEqual([1000, 995]);
  });
});

describe('quarterly chart', () => {
  it('takes the latest final quarter (the @example)', () => {
    expect(latestFinalQuarter([{ quarter: '2024Q4', provisional: false }, { quarter: '2025Q1', provisional: true }])).toBe('2024Q4');
    expect(latestFinalQuarter([{ quarter: '2025Q1', provisional: true }])).toBe(null);
  });

  it('draws the nowcast only on provisional quarters, its band from nowcast_ci_low to nowcast_ci_high', () => {
    const base = { group: 'a', desistance_unadjusted: 0.9, ci_low_unadjusted: 0.8, ci_high_unadjusted: 0.95, ci_low: 0.8, ci_high: 0.95 };
    const rows = [
      { ...base, quarter: '2024Q4', provisional: false, desistance: 0.9, desistance_nowcast: 0.9, nowcast_ci_low: null, nowcast_ci_high: null },
      { ...base, quarter: '2025Q1', provisional: true, desistance: 0.92, desistance_nowcast: 0.88, nowcast_ci_low: 0.85, nowcast_ci_high: 0.91 },
      { ...base, quarter: '2025Q2', provisional: true, desistance: null, desistance_nowcast: null, nowcast_ci_low: null, nowcast_ci_high: null },
    ];
    const c = quarterlyChart(rows, { level: 0.95, minCell: 10, custodyMode: 'whole-quarter' });
    const nowcast = values(c.vl).filter((v) => v.series === 'nowcast of provisional quarters');
    expect(nowcast.map((v) => [v.quarter, v.value, v.low, v.high])).toEqual([
      ['2025Q1', 0.88, 0.85, 0.91],
      ['2025Q2', null, null, null],
    ]);
    expect(c.title).toContain('nowcast of provisional quarters');
    expect(c.desc).toContain('on the provisional quarters only (2025Q1, 2025Q2)');
    // 2 adjusted/unadjusted of 2025Q2 and its nowcast are not drawn
    expect(c.omitted[0]).toMatch(/^2 of 8 points not drawn/);
    expect(c.points).toBe(6);
  });

  it('has no nowcast series without the nowcast fields', () => {
    const c = quarterlyChart([{ group: null, quarter: '2025Q1', provisional: true, desistance: 0.9, desistance_unadjusted: 0.9 }], { level: 0.95, minCell: 0, custodyMode: 'none' });
    expect(values(c.vl).map((v) => v.series)).toEqual(['adjusted (at risk)', 'unadjusted (all eligible)']);
  });
});

describe('explain waterfall', () => {
  it('floats each bar from the previous step to this one, and draws nothing from or to a suppressed step', () => {
    const step = (n: number, desistance: number | null, change_points: number | null) => ({ group: 'a', step: n, name: `s${n}`, desistance, ci_low: desistance, ci_high: desistance, change_points, interval: 'confidence' });
    const c = waterfallChart([step(1, 0.9, null), step(2, 0.88, -2), step(3, null, null), step(4, 0.87, null)], { level: 0.95, minCell: 10, quarter: '2025Q1' });
    const v = values(c.vl);
    expect(v.map((x) => [x.step, x.prev, x.value])).toEqual([
      ['1. s1', null, 0.9],
      ['2. s2', 0.9, 0.88],
      ['3. s3', null, null],
      ['4. s4', null, 0.87],
    ]);
    expect(v.map((x) => x.bar)).toEqual([null, 'a | 2. s2 change: -2 points', null, null]);
    expect(c.points).toBe(3);
    expect(c.omitted[0]).toMatch(/^1 of 4 step figures not drawn/);
  });
});

describe('forest rows from batch JSON rows', () => {
  it('labels a row by name and quarter, and by outcome only when the rows have several', async () => {
    const { forestRows } = await import('../../src/cli/report-inputs.js');
    const row = (name: string, outcome: string, quarter?: string) => ({ name, outcome, quarter, estimate: -0.1, ci_low: -0.2, ci_high: 0 });
    expect(forestRows([row('All', 'reoffended'), row('Men', 'reoffended')], 'b.json').map((r) => r.label)).toEqual(['All', 'Men']);
    expect(forestRows([row('All', 'reoffended'), row('All', 'frequency')], 'b.json').map((r) => r.label)).toEqual(['All · reoffended', 'All · frequency']);
    expect(forestRows([row('All', 'reoffended', '2024Q4')], 'b.json').map((r) => r.label)).toEqual(['All · 2024Q4']);
    expect(() => forestRows([{ name: 'x' }], 'b.json')).toThrow(/rows\[0\]: expected a comparison row/);
  });
});
