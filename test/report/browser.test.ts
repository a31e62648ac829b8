/**
 * The report in a real browser: playwright-core driving Debian's chromium (installed by
 * scripts/ensure-chromium.sh, which `npm test` runs first). Scripts are disabled, as a reader's
 * may be. The page must make no request but its own, log no console error, carry chart marks
 * that match the JSON rows they were drawn from, and pass the accessibility basics. A
 * screenshot and an A4 PDF are saved under test-output/report/ (git-ignored) for review.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { runCli } from '../helpers/cli.js';

const ROOT = resolve(__dirname, '../..');
const OUT = join(ROOT, 'test-output', 'report');
const CHROMIUM = process.env.DESIST_CHROMIUM ?? '/usr/bin/chromium';
// Never skipped in CI: scripts/ensure-chromium.sh installs the browser or fails the run.
const skip = !existsSync(CHROMIUM) && process.env.DESIST_SKIP_BROWSER === '1' && process.env.CI !== 'true';

let browser: Browser;

async function build(name: string, extra: string[]): Promise<string> {
  const file = join(OUT, name);
  const r = await runCli(['report', 'sample-data', '-o', file, '--quiet', '--reproducible', ...extra], { cwd: ROOT });
  expect(r.code, r.stderr).toBe(0);
  return file;
}

async function rows(args: string[]): Promise<Record<string, unknown>[]> {
  const r = await runCli([args[0], 'sample-data', ...args.slice(1), '--format', 'json', '--quiet'], { cwd: ROOT });
  return JSON.parse(r.stdout).rows;
}

/** Open a file with scripts off, recording every request, console error and page error. */
async function open(file: string): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 1200 } });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, requests, errors };
}

describe.skipIf(skip)('desist report in a browser', () => {
  let plainFile: string;
  let publishedFile: string;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    plainFile = await build('report.html', []);
    publishedFile = await build('report-min-cell-10.html', ['--min-cell', '10']);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('makes no request but the page itself and logs no error', async () => {
    for (const file of [plainFile, publishedFile]) {
      const { page, requests, errors } = await open(file);
      expect(requests).toEqual([pathToFileURL(file).href]);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it("draws each chart's marks from the JSON rows: one point per non-null quarterly value, the at-risk numbers of the curve", async () => {
    for (const [file, extra] of [
      [plainFile, []],
      [publishedFile, ['--min-cell', '10']],
    ] as const) {
      const { page } = await open(file);
      const q = await rows(['quarterly', ...extra]);
      const want = q.flatMap((r) =>
        [
          ['adjusted (at risk)', r.desistance],
          ['unadjusted (all eligible)', r.desistance_unadjusted],
        ]
          .filter(([, v]) => typeof v === 'number')
          .map(([s, v]) => ({ label: `${String(r.group)} | ${String(r.quarter)} | ${s as string}`, value: v as number })),
      );
      const got = await page.$$eval('#chart-quarterly [aria-roledescription="point"]', (els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      expect(got.length).toBe(want.length);
      expect(await page.getAttribute('#chart-quarterly', 'data-points')).toBe(String(want.length));
      const parsed = new Map(got.map((g) => [g.slice(0, g.lastIndexOf(':')), Number(g.slice(g.lastIndexOf(':') + 1))]));
      for (const w of want) expect(parsed.get(w.label)).toBeCloseTo(w.value, 4);
      // points sit in value order on the screen: a higher desistance is drawn higher
      const ys = await page.$$eval('#chart-quarterly [aria-roledescription="point"]', (els) =>
        els.map((e) => ({ label: e.getAttribute('aria-label') ?? '', y: e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2 })),
      );
      const panel = ys.filter((p) => p.label.startsWith('treated |')).map((p) => ({ v: parsed.get(p.label.slice(0, p.label.lastIndexOf(':')))!, y: p.y }));
      for (let i = 1; i < panel.length; i++) for (let j = 0; j < i; j++) if (panel[i].v - panel[j].v > 0.005) expect(panel[i].y).toBeLessThan(panel[j].y);

      const curve = await rows(['followup', '--curve', ...extra]);
      const atRisk = await page.$$eval('#chart-survival [aria-roledescription="text mark"]', (els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      expect(atRisk.length).toBe(10);
      for (const l of atRisk) {
        const m = /^(.*) \| day (\d+) \| at risk: (\w+)$/.exec(l)!;
        const first = curve.find((r) => r.group === m[1] && (r.time as number) >= Number(m[2]));
        expect(m[3]).toBe(String(first ? (first.n_risk ?? 'suppressed') : 0));
      }
      // one step line per group with segments: the exact steps without --min-cell; under it
      // every step is suppressed and the curve is read at fixed days (followup --curve --at)
      const paths = await page.$$eval('#chart-survival [aria-roledescription="line mark"]', (els) => els.map((e) => e.getAttribute('d') ?? ''));
      expect(paths.length).toBe(2);
      for (const d of paths) expect(/[LHV]/.test(d)).toBe(true);
      const points = await page.$$eval('#chart-survival [aria-roledescription="point"]', (els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      if (extra.length === 0) expect(points).toEqual([]);
      else {
        expect(curve.filter((r) => r.survival !== null)).toEqual([]);
        const at = await rows(['followup', '--curve', '--at', '30,60,90,120,150,180,210,240,270,300,330,360,366', ...extra]);
        for (const l of points) {
          const m = /^(.*) \| day (\d+) \| not reoffended: ([\d.]+)$/.exec(l)!;
          const row = at.find((r) => r.group === m[1] && r.day === Number(m[2]))!;
          expect(Number(m[3])).toBeCloseTo(row.survival as number, 4);
        }
        expect(points.length).toBe(24);
      }
      await page.context().close();
    }
  });

  it('draws the nowcast band, the explain waterfall and the forest plot of a manifest from the JSON rows, in value order on screen', async () => {
    const opts = ['--min-cell', '10', '--basis', 'offence', '--nowcast'];
    const file = await build('report-nowcast.html', [...opts, '--manifest', 'sample-data/batch.yaml']);
    const { page, requests, errors } = await open(file);
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(errors).toEqual([]);
    const box = (sel: string) =>
      page.$$eval(sel, (els) => els.map((e) => ({ label: e.getAttribute('aria-label') ?? '', top: e.getBoundingClientRect().top, bottom: e.getBoundingClientRect().bottom, y: e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2 })));
    // each provisional quarter's nowcast point sits inside its prediction-interval rule
    const q = await rows(['quarterly', ...opts]);
    const nowcastPoints = (await box('#chart-quarterly [aria-roledescription="point"]')).filter((p) => p.label.includes('nowcast'));
    const rules = await box('#chart-quarterly [aria-roledescription="rule mark"]');
    const provisional = q.filter((r) => r.provisional === true);
    expect(nowcastPoints.length).toBe(provisional.length);
    expect(rules.length).toBe(provisional.length);
    for (const r of provisional) {
      const key = `${String(r.group)} | ${String(r.quarter)} | nowcast of provisional quarters`;
      const p = nowcastPoints.find((x) => x.label.startsWith(`${key}:`))!;
      const rule = rules.find((x) => x.label.startsWith(`${key} 95% prediction interval`))!;
      expect(Number(p.label.split(': ')[1])).toBeCloseTo(r.desistance_nowcast as number, 4);
      expect(rule.label).toContain(`: ${String(Math.round((r.nowcast_ci_low as number) * 1e4) / 1e4)} to ${String(Math.round((r.nowcast_ci_high as number) * 1e4) / 1e4)}`);
      expect(p.y).toBeGreaterThanOrEqual(rule.top - 1);
      expect(p.y).toBeLessThanOrEqual(rule.bottom + 1);
    }
    // the waterfall: one diamond per explain row, a higher figure drawn higher within a group
    const quarter = String(q.filter((r) => r.provisional === false).at(-1)!.quarter);
    // explain sets --basis and --nowcast itself, step by step
    const ex = await rows(['explain', '--quarter', quarter, '--min-cell', '10']);
    const diamonds = await box('#chart-explain [aria-roledescription="point"]');
    expect(diamonds.length).toBe(ex.filter((r) => typeof r.desistance === 'number').length);
    for (const g of ['treated', 'comparison']) {
      const mine = ex.filter((r) => r.group === g).map((r) => ({ v: r.desistance as number, y: diamonds.find((d) => d.label.startsWith(`${g} | ${String(r.step)}. `))!.y }));
      for (const a of mine) for (const b of mine) if (a.v - b.v > 0.001) expect(a.y).toBeLessThan(b.y);
    }
    // the forest plot of the manifest run in-process: one square per estimable batch row
    const r = await runCli(['batch', 'sample-data/batch.yaml', '--min-cell', '10', '--format', 'json', '--quiet'], { cwd: ROOT });
    const batch = JSON.parse(r.stdout).rows as Record<string, unknown>[];
    const squares = await box('#chart-forest [aria-roledescription="point"]');
    expect(squares.length).toBe(batch.filter((b) => typeof b.estimate === 'number').length);
    await page.screenshot({ path: join(OUT, 'report-nowcast.png'), fullPage: true });
    await page.context().close();
  });

  it('passes the accessibility basics: language, headings, named charts, table headers, contrast', async () => {
    const { page } = await open(plainFile);
    expect(await page.getAttribute('html', 'lang')).toBe('en-GB');
    expect((await page.title()).length).toBeGreaterThan(0);
    const levels = await page.$$eval('h1, h2, h3, h4', (els) => els.map((e) => Number(e.tagName[1])));
    expect(levels[0]).toBe(1);
    expect(levels.filter((l) => l === 1).length).toBe(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i] - levels[i - 1]).toBeLessThanOrEqual(1);
    // every chart is an image with a title and a description that resolve
    const charts = await page.$$eval('figure svg[role="img"]', (els) =>
      els.map((svg) => (svg.getAttribute('aria-labelledby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '')),
    );
    expect(charts.length).toBe(3);
    for (const [title, desc] of charts) {
      expect(title.length).toBeGreaterThan(10);
      expect(desc.length).toBeGreaterThan(40);
    }
    expect(await page.$$eval('figure', (els) => els.every((f) => f.querySelector('figcaption')))).toBe(true);
    // tables: a caption and column headers with scope
    const tables = await page.$$eval('table', (els) =>
      els.map((t) => ({ caption: t.querySelector('caption')?.textContent ?? '', heads: t.querySelectorAll('thead th[scope="col"]').length, cols: t.querySelector('thead tr')?.children.length ?? 0 })),
    );
    expect(tables.length).toBeGreaterThan(5);
    for (const t of tables) {
      expect(t.caption.length).toBeGreaterThan(0);
      expect(t.heads).toBe(t.cols);
    }
    // WCAG AA: text at least 4.5:1 against its background (HTML text and chart text)
    const low = await page.evaluate(() => {
      const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
      const lum = (c: number[]) => {
        const [r, g, b] = c.map((v) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const bg = (e: Element | null): number[] => {
        for (; e; e = e.parentElement) {
          const c = getComputedStyle(e).backgroundColor;
          if (c && !c.endsWith(', 0)') && c !== 'transparent') return rgb(c);
        }
        return [255, 255, 255];
      };
      const ratio = (a: number[], b: number[]) => {
        const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05);
      };
      const bad: string[] = [];
      for (const e of document.querySelectorAll('body *')) {
        const text = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim() !== '');
        if (!text) continue;
        const style = getComputedStyle(e);
        const inSvg = e.closest('svg') !== null;
        const colour = inSvg ? style.fill : style.color;
        if (!colour.startsWith('rgb')) continue;
        const r = ratio(rgb(colour), inSvg ? [255, 255, 255] : bg(e));
        if (r < 4.5) bad.push(`${e.tagName} "${e.textContent!.trim().slice(0, 30)}" ${r.toFixed(2)}`);
      }
      return bad;
    });
    expect(low).toEqual([]);
    await page.context().close();
  });

  it('prints to A4 with the banner, and saves a screenshot and a PDF for review', async () => {
    const { page } = await open(plainFile);
    await page.screenshot({ path: join(OUT, 'report.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('.banner')).toBe(true);
    expect(await page.isVisible('nav')).toBe(false);
    const pdf = await page.pdf({ path: join(OUT, 'report.pdf'), format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // an A4 page is 595 x 842 points
    expect(readFileSync(join(OUT, 'report.pdf'), 'latin1')).toMatch(/MediaBox\s*\[\s*0 0 595(\.\d+)? 841\.\d+|MediaBox\s*\[\s*0 0 595(\.\d+)? 842/);
    await page.context().close();
    const published = await open(publishedFile);
    await published.page.screenshot({ path: join(OUT, 'report-min-cell-10.png'), fullPage: true });
    await published.page.context().close();
  });
});
