// Regenerates docs/report-screenshot.png (the README's picture of the report) from the sample
// data: `npm run build && node scripts/report-screenshot.mjs`. Needs /usr/bin/chromium.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

mkdirSync('test-output/report', { recursive: true });
const html = 'test-output/report/screenshot.html';
execFileSync('node', ['bin/desist.js', 'report', 'sample-data/', '-o', html, '--quiet', '--reproducible']);
const browser = await chromium.launch({ executablePath: process.env.DESIST_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 860, height: 1000 }, deviceScaleFactor: 0.75, javaScriptEnabled: false });
await page.goto(pathToFileURL(html).href);
const box = await page.locator('#chart-quarterly figcaption').boundingBox();
const bottom = box.y + box.height + 16;
await page.screenshot({ path: 'docs/report-screenshot.png', clip: { x: 0, y: 0, width: 860, height: Math.ceil(bottom) }, fullPage: true });
await browser.close();
