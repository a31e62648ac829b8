/**
 * Golden CLI cases (Miller-style): test/cases/<feature>/<NNNN>/cmd holds the arguments (one
 * line, shell-like words, run with the fixtures folder as the working directory); expout,
 * experr and expcode hold what the real CLI must print and return.
 * Regenerate after a deliberate change with `UPDATE_GOLDEN=1 npx vitest run test/cli/golden.test.ts`
 * and review the diff.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const CASES = join(__dirname, '..', 'cases');
const FIXTURES = join(__dirname, '..', 'fixtures');
const update = process.env.UPDATE_GOLDEN === '1';

function words(line: string): string[] {
  const out: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

for (const feature of readdirSync(CASES).sort()) {
  describe(`golden: ${feature}`, () => {
    for (const id of readdirSync(join(CASES, feature)).sort()) {
      const dir = join(CASES, feature, id);
      const cmd = readFileSync(join(dir, 'cmd'), 'utf8').trim();
      it(`${id}: desist ${cmd}`, async () => {
        const stdinFile = join(dir, 'stdin');
        const r = await runCli(words(cmd), { cwd: FIXTURES, stdin: existsSync(stdinFile) ? readFileSync(stdinFile) : undefined });
        if (update) {
          writeFileSync(join(dir, 'expout'), r.stdout);
          writeFileSync(join(dir, 'experr'), r.stderr);
          writeFileSync(join(dir, 'expcode'), `${r.code}\n`);
          return;
        }
        expect(r.stderr).toBe(readFileSync(join(dir, 'experr'), 'utf8'));
        expect(r.stdout).toBe(readFileSync(join(dir, 'expout'), 'utf8'));
        expect(r.code).toBe(Number(readFileSync(join(dir, 'expcode'), 'utf8').trim()));
        expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // never a stack trace
      });
    }
  });
}
