// Run vitest, then print one plain closing line `N passed, N failed` (so a run that
// executed nothing is visible), and exit with vitest's own status.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

// The browser tests need Debian's chromium: install it when missing (a no-op when present).
const chromium = spawnSync('sh', ['scripts/ensure-chromium.sh'], { stdio: 'inherit' });
if (chromium.status !== 0) process.exit(chromium.status || 1);

const dir = mkdtempSync(join(tmpdir(), 'desist-test-'));
const json = join(dir, 'results.json');
// No colour codes when the output is not a terminal (CI logs, files): vitest and chalk honour
// NO_COLOR and FORCE_COLOR=0.
const plain = process.stdout.isTTY ? {} : { NO_COLOR: '1', FORCE_COLOR: '0' };
const r = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${json}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, TZ: 'UTC', ...plain },
});
let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const res = JSON.parse(readFileSync(json, 'utf8'));
  passed = res.numPassedTests;
  failed = res.numFailedTests;
  skipped = res.numPendingTests + (res.numTodoTests ?? 0);
} catch {
  failed = Math.max(failed, 1);
  console.log('desist tests: the test runner wrote no results');
}
rmSync(dir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = r.status === 0 && failed === 0 && passed > 0 ? 0 : r.status || 1;
