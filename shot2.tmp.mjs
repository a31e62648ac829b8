import { chromium } from 'playwright-core';
const [,, file, out, sel] = process.argv;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 1000, height: 1200 } });
await p.goto('file://' + file);
await p.locator(sel).screenshot({ path: out });
await b.close();
