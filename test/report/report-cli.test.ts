/**
 * `desist report` through the CLI (in-process): self-contained, reproducible byte for byte,
 * drawn from exactly the rows the other commands print as JSON, and under --min-cell showing
 * no count below K anywhere, charts included.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { markValue } from '../../src/report/html/charts.js';

const ROOT = resolve(__dirname, '../..');
const DATA = join(ROOT, 'sample-data');
const dir = mkdtempSync(join(tmpdir(), 'desist-report-'));

async function report(name: string, extra: string[] = [], env?: Record<string, string>): Promise<string> {
  const file = join(dir, name);
  const r = await runCli(['report', DATA, '-o', file, '--quiet', ...extra], { cwd: ROOT, env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return readFileSync(file, 'utf8');
}

async function json(cmd: string[]): Promise<Record<string, unknown>[]> {
  const r = await runCli([...cmd.slice(0, 1), DATA, ...cmd.slice(1), '--format', 'json', '--quiet'], { cwd: ROOT });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout).rows;
}

/** aria-labels of the marks of one role (point, text mark, line mark) inside one figure. */
function marks(html: string, figureId: string, role: string): string[] {
  const start = html.indexOf(`<figure id="${figureId}"`);
  const fig = html.slice(start, html.indexOf('</figure>', start));
  return [...fig.matchAll(new RegExp(`aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="${role}"`, 'g'))].map((m) => m[1].replace(/&amp;/g, '&'));
}

/** The labels the quarterly chart must carry: one per non-null value of the JSON rows. */
function expectedQuarterly(rows: Record<string, unknown>[]): string[] {
  const out: string[] = [];
  for (const r of rows) {
    const g = r.group === null ? 'all' : String(r.group);
    if (typeof r.desistance === 'number') out.push(`${g} | ${String(r.quarter)} | adjusted (at risk): ${markValue(r.desistance)}`);
    if (typeof r.desistance_unadjusted === 'number') out.push(`${g} | ${String(r.quarter)} | unadjusted (all eligible): ${markValue(r.desistance_unadjusted)}`);
  }
  return out.sort();
}

let plain: string;
let published: string;
beforeAll(async () => {
  plain = await report('plain.html', ['--reproducible']);
  published = await report('published.html', ['--reproducible', '--min-cell', '10']);
}, 120_000);

describe('desist report', () => {
  it('is one self-contained document: no script, no stylesheet link, no external reference', () => {
    for (const html of [plain, published]) {
      expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(html).not.toMatch(/<script|<link|<iframe|<img|@import|url\(/i);
      // every src/href is an in-page anchor
      const refs = [...html.matchAll(/\b(?:src|href|xlink:href)="([^"]*)"/g)].map((m) => m[1]);
      expect(refs.filter((h) => !h.startsWith('#'))).toEqual([]);
      expect(html).toContain('<html lang="en-GB">');
    }
  });

  it('is byte-identical on re-run with --reproducible', async () => {
    // the same command line again (the output file name is part of the recorded command)
    const again = await report('plain.html', ['--reproducible']);
    expect(again === plain).toBe(true);
    expect(plain).toContain('not recorded (--reproducible');
    // every chart at once: nowcast band, waterfall, the curve read at fixed days, a manifest run
    const all = ['--reproducible', '--min-cell', '10', '--basis', 'offence', '--nowcast', '--manifest', 'sample-data/batch.yaml'];
    const first = await report('all.html', all);
    expect((await report('all.html', all)) === first).toBe(true);
    for (const id of ['chart-quarterly', 'chart-survival', 'chart-explain', 'chart-forest']) expect(first).toContain(`<figure id="${id}"`);
    // and with every chart, still no count from 1 to 9 in any table cell
    const ints = [...first.matchAll(/<td class="num">(\d[\d,]*)<\/td>/g)].map((m) => Number(m[1].replace(/,/g, '')));
    expect(ints.length).toBeGreaterThan(50);
    expect(ints.filter((n) => n > 0 && n < 10)).toEqual([]);
  });

  it("is the same with explain's nowcast simulated on a worker thread as in this thread", async () => {
    // sample-data's simulation is below the size that pays for a thread: force one, then forbid it
    const threaded = await report('plain.html', ['--reproducible'], { DESIST_THREADS: '2', DESIST_NOWCAST_THREAD_MIN_WORK: '0' });
    const here = await report('plain.html', ['--reproducible'], { DESIST_THREADS: '1' });
    expect(plain).toContain('prediction interval');
    expect(threaded === plain).toBe(true);
    expect(here === plain).toBe(true);
  });

  it('carries the not-for-publication banner without --min-cell, and not with it', () => {
    expect(plain).toContain('Not for publication: small cells shown.');
    expect(published).not.toContain('Not for publication');
    expect(published).toContain('counts below 10 and every value derived from them are suppressed');
  });

  it('draws one quarterly point per non-null value of the quarterly JSON rows, with its value', async () => {
    const rows = await json(['quarterly']);
    expect(marks(plain, 'chart-quarterly', 'point').sort()).toEqual(expectedQuarterly(rows));
    const supp = await json(['quarterly', '--min-cell', '10']);
    expect(marks(published, 'chart-quarterly', 'point').sort()).toEqual(expectedQuarterly(supp));
  });

  it('with --basis offence --nowcast draws the nowcast and its prediction interval on exactly the provisional quarters of the JSON rows', async () => {
    for (const extra of [[], ['--min-cell', '10']]) {
      const opts = ['--basis', 'offence', '--nowcast', ...extra];
      const html = await report(`nowcast${extra.length}.html`, ['--reproducible', ...opts]);
      const rows = await json(['quarterly', ...opts]);
      const provisional = rows.filter((r) => r.provisional === true);
      expect(provisional.length).toBe(4); // 2024Q4 and 2025Q1, two groups
      const nowcast = provisional
        .filter((r) => typeof r.desistance_nowcast === 'number')
        .map((r) => `${String(r.group)} | ${String(r.quarter)} | nowcast of provisional quarters: ${markValue(r.desistance_nowcast as number)}`);
      expect(nowcast.length).toBe(4);
      expect(marks(html, 'chart-quarterly', 'point').sort()).toEqual([...expectedQuarterly(rows), ...nowcast].sort());
      const bands = provisional
        .filter((r) => typeof r.nowcast_ci_low === 'number' && typeof r.nowcast_ci_high === 'number')
        .map((r) => `${String(r.group)} | ${String(r.quarter)} | nowcast of provisional quarters 95% prediction interval: ${markValue(r.nowcast_ci_low as number)} to ${markValue(r.nowcast_ci_high as number)}`);
      expect(bands.length).toBe(4);
      expect(marks(html, 'chart-quarterly', 'rule mark').sort()).toEqual(bands.sort());
      expect(html).toContain('with the nowcast of provisional quarters');
      expect(html).toContain('on the provisional quarters only (2024Q4, 2025Q1): the nowcast');
    }
    // without --nowcast there is no nowcast series
    expect(plain).not.toContain('nowcast of provisional quarters');
  });

  it("draws the waterfall of desist explain's steps from its JSON rows, for the latest final quarter or --explain-quarter", async () => {
    /** The marks the waterfall must carry, from explain's JSON rows. */
    const expected = (rows: Record<string, unknown>[]) => {
      const step = (r: Record<string, unknown>) => `${String(r.group)} | ${String(r.step)}. ${String(r.name)}`;
      return {
        point: rows.filter((r) => typeof r.desistance === 'number').map((r) => `${step(r)}: ${markValue(r.desistance as number)}`).sort(),
        bar: rows.filter((r) => typeof r.change_points === 'number').map((r) => `${step(r)} change: ${String(r.change_points)} points`).sort(),
        'rule mark': rows
          .filter((r) => typeof r.ci_low === 'number' && typeof r.ci_high === 'number')
          .map((r) => `${step(r)} 95% ${String(r.interval)} interval: ${markValue(r.ci_low as number)} to ${markValue(r.ci_high as number)}`)
          .sort(),
      };
    };
    const got = (html: string) => ({ point: marks(html, 'chart-explain', 'point').sort(), bar: marks(html, 'chart-explain', 'bar').sort(), 'rule mark': marks(html, 'chart-explain', 'rule mark').sort() });
    // the default quarter: the latest final quarter of the quarterly rows
    const q = await json(['quarterly']);
    const latest = String(q.filter((r) => r.provisional === false).at(-1)!.quarter);
    expect(latest).toBe('2025Q1');
    for (const [html, extra] of [
      [plain, []],
      [published, ['--min-cell', '10']],
    ] as const) {
      const rows = await json(['explain', '--quarter', latest, ...extra]);
      const want = expected(rows);
      expect(want.point.length).toBe(8);
      expect(want.bar.length).toBe(6);
      expect(got(html)).toEqual(want);
      expect(html).toContain(`From the published figure to the defensible one, ${latest}`);
    }
    const html = await report('explain-2024Q3.html', ['--reproducible', '--explain-quarter', '2024Q3']);
    expect(got(html)).toEqual(expected(await json(['explain', '--quarter', '2024Q3'])));
    // the paragraph of explain is in the summary
    const r = await runCli(['explain', DATA, '--quarter', '2024Q3', '--format', 'json', '--quiet'], { cwd: ROOT });
    expect(html).toContain(JSON.parse(r.stdout).meta.explanation);
  });

  it('prints the number at risk from the curve rows of followup --curve', async () => {
    const rows = await json(['followup', '--curve']);
    const labels = marks(plain, 'chart-survival', 'text mark');
    expect(labels.length).toBe(10); // 2 groups x days 0, 90, 180, 270, 360
    for (const l of labels) {
      const m = /^(.*) \| day (\d+) \| at risk: (\d+)$/.exec(l)!;
      const first = rows.find((r) => r.group === m[1] && (r.time as number) >= Number(m[2]));
      expect(Number(m[3])).toBe(first ? first.n_risk : 0);
    }
    // one step line per group
    expect(marks(plain, 'chart-survival', 'line mark').length).toBe(2);
  });

  it('summarises the compare row of the same options in words', async () => {
    const [row] = await json(['compare']);
    const d = row.difference as { estimate: number; ci_low: number; ci_high: number };
    const lo = (Math.abs(d.ci_high) * 100).toFixed(1);
    const hi = (Math.abs(d.ci_low) * 100).toFixed(1);
    expect(d.ci_high).toBeLessThan(0);
    expect(plain).toContain(`between ${lo} and ${hi} fewer reoffended within 12 months than in the comparison group`);
  });

  it('with --min-cell 10 shows no count below 10 in any table or chart', async () => {
    // every numeric cell of every table (measures, reconciliation, rejects): an integer shown
    // is 0, '<10' or at least 10
    const ints = [...published.matchAll(/<td class="num">(\d[\d,]*)<\/td>/g)].map((m) => Number(m[1].replace(/,/g, '')));
    expect(ints.length).toBeGreaterThan(50);
    expect(ints.filter((n) => n > 0 && n < 10)).toEqual([]);
    expect(published).toContain('&lt;10');
    // the 4 custody rows of people outside the cohort are counted, but not shown
    expect(plain).toMatch(/custody: 4 rows name people outside the cohort/);
    expect(published).toMatch(/custody: &lt;10 rows name people outside the cohort/);
    // at-risk numbers in the chart
    for (const l of marks(published, 'chart-survival', 'text mark')) {
      const n = /at risk: (\d+)$/.exec(l);
      if (n) expect(Number(n[1]) === 0 || Number(n[1]) >= 10).toBe(true);
    }
    // the exact curve's steps are all suppressed, and the chart says so
    expect(published).toContain('the exact step curve: 529 of its 529 steps are suppressed (fewer than 10 people reoffended, were censored or were at risk at that step, --min-cell 10)');
  });

  it('with --min-cell 10 draws the KM curve from followup --curve --at, every point not suppressed, saying how many were not drawn and why', async () => {
    const steps = await json(['followup', '--curve', '--min-cell', '10']);
    // why the chart was empty: every step of the exact curve has fewer than 10 events or censored
    expect(steps.length).toBe(529);
    expect(steps.filter((r) => r.survival !== null)).toEqual([]);
    const last = Math.max(...steps.map((r) => r.time as number));
    expect(last).toBe(366);
    const days = [30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 330, 360, 366];
    const at = await json(['followup', '--curve', '--at', days.join(','), '--min-cell', '10']);
    expect(at.length).toBe(26);
    // hand rule: a point is drawn when its survival is shown and the reoffences since the group's
    // previous drawn point are 0 or at least 10
    const want: string[] = [];
    let withheld = 0;
    for (const g of ['treated', 'comparison']) {
      let events = 0;
      for (const r of at.filter((x) => x.group === g)) {
        const since = (r.n_event as number) - events;
        if (r.survival === null || (since > 0 && since < 10)) {
          withheld++;
          continue;
        }
        events = r.n_event as number;
        want.push(`${g} | day ${String(r.day)} | not reoffended: ${markValue(r.survival as number)}`);
      }
    }
    expect(want.length).toBe(24);
    expect(marks(published, 'chart-survival', 'point').sort()).toEqual(want.sort());
    expect(published).toContain(`${withheld} of 26 of those points not drawn: 2 because fewer than 10 people reoffended since the previous point drawn (the two points would give that count back).`);
    expect(published).toContain(`the curve is read at days ${days.join(', ')} (the rows of desist followup --curve --at)`);
    // the survival table shows the drawn points' figures at the at-risk days
    const table = published.slice(published.indexOf('id="table-survival"'));
    const day90 = at.find((r) => r.group === 'treated' && r.day === 90)!;
    expect(table).toContain(`<th scope="row">treated</th><td class="num">90</td><td class="num">976</td><td class="num">${((day90.survival as number) * 100).toFixed(1)}%</td>`);
    // the plain report keeps the exact step curve and no point marks
    expect(marks(plain, 'chart-survival', 'point')).toEqual([]);
  });

  it('states the method, the data quality and the provenance', async () => {
    for (const text of ['charge-based proxy of proven reoffending', 'Reconciliation of every extract', 'SHA-256', 'Every option in force', 'desist report']) {
      expect(plain).toContain(text);
    }
    const r = await runCli(['validate', DATA, '--format', 'json', '--quiet'], { cwd: ROOT });
    for (const i of JSON.parse(r.stdout).meta.inputs) expect(plain).toContain(i.sha256);
  });

  it('adds the balance plot from desist match JSON and the forest plot from desist batch JSON', async () => {
    const balance = join(dir, 'match.json');
    writeFileSync(
      balance,
      JSON.stringify({ meta: {}, warnings: [], rows: [{ covariate: 'age', smd_before: 0.31, smd_after: 0.04 }, { covariate: 'prior_offences', smd_before: -0.22, smd_after: 0.12 }] }),
    );
    const batch = join(dir, 'batch.json');
    writeFileSync(
      batch,
      JSON.stringify({
        meta: { options: { level: 0.95 } },
        rows: [
          { label: 'men', difference: { estimate: -0.1, ci_low: -0.15, ci_high: -0.05 } },
          { label: 'women', difference: { estimate: 0.02, ci_low: -0.05, ci_high: 0.09 } },
          { label: 'small', difference: { estimate: null, ci_low: null, ci_high: null } },
        ],
      }),
    );
    const html = await report('attached.html', ['--reproducible', '--balance', balance, '--batch', batch]);
    expect(marks(html, 'chart-balance', 'point').sort()).toEqual(
      ['age | before matching: 0.31', 'age | after matching: 0.04', 'prior_offences | before matching: -0.22', 'prior_offences | after matching: 0.12'].sort(),
    );
    expect(marks(html, 'chart-forest', 'point').sort()).toEqual(['men: -0.1', 'women: 0.02']);
    expect(html).toContain('1 of 3 comparisons not drawn: suppressed or not estimable.');
    expect(html).toContain('no: above 0.1');
  });

  it('--manifest runs the batch in-process and draws one forest point per estimable row of desist batch --format json', async () => {
    const html = await report('manifest.html', ['--reproducible', '--min-cell', '10', '--manifest', 'sample-data/batch.yaml']);
    const r = await runCli(['batch', 'sample-data/batch.yaml', '--min-cell', '10', '--format', 'json', '--quiet'], { cwd: ROOT });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { meta: { manifest: { sha256: string } }; rows: Record<string, unknown>[] };
    const want = out.rows
      .filter((row) => typeof row.estimate === 'number' && typeof row.ci_low === 'number' && typeof row.ci_high === 'number')
      .map((row) => `${String(row.name)}: ${markValue(row.estimate as number)}`);
    // one outcome in the whole batch: it does not label each row
    expect(new Set(out.rows.map((row) => row.outcome))).toEqual(new Set(['reoffended']));
    expect(want.length).toBe(11);
    expect(marks(html, 'chart-forest', 'point').sort()).toEqual(want.sort());
    // the empty subgroup is said, the manifest is in the provenance with its hash
    expect(html).toContain('1 of 12 comparisons not drawn: suppressed or not estimable.');
    expect(html).toContain(out.meta.manifest.sha256);
    expect(html).toContain('Over 65 (nobody)');
    // the same rows as --batch with the JSON file batch wrote
    const file = join(dir, 'batch-sample.json');
    writeFileSync(file, r.stdout);
    const viaFile = await report('manifest-file.html', ['--reproducible', '--min-cell', '10', '--batch', file]);
    expect(marks(viaFile, 'chart-forest', 'point')).toEqual(marks(html, 'chart-forest', 'point'));
  });

  it('refuses --manifest with --batch (exit 2)', async () => {
    const r = await runCli(['report', DATA, '-o', join(dir, 'x.html'), '--quiet', '--manifest', 'sample-data/batch.yaml', '--batch', 'b.json'], { cwd: ROOT });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('desist: give --batch (the JSON output of desist batch) or --manifest (a manifest to run), not both\n');
  });

  it('rejects a --balance file of the wrong shape (exit 78) naming the file', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ rows: [{ name: 'x' }] }));
    const r = await runCli(['report', DATA, '-o', join(dir, 'x.html'), '--quiet', '--balance', bad], { cwd: ROOT });
    expect(r.code).toBe(78);
    expect(r.stderr).toBe(`desist: ${bad}: rows[0]: expected a balance row with covariate, smd_before and smd_after\n`);
  });
});
