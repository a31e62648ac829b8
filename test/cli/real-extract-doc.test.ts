/**
 * docs/real-extract.md shows real output: every `$ desist ...` command in its console blocks is
 * run over test/fixtures, and every line shown under it (other than `...`) must be a line of what
 * the CLI prints; `$ echo $?` checks the exit status of the command before it.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliResult } from '../helpers/cli.js';

const DOC = readFileSync(join(__dirname, '..', '..', 'docs', 'real-extract.md'), 'utf8');
const FIXTURES = join(__dirname, '..', 'fixtures');

interface Step {
  args: string[];
  shown: string[];
  code?: number;
}

function steps(): Step[] {
  const out: Step[] = [];
  for (const block of DOC.matchAll(/```console\n([\s\S]*?)```/g)) {
    let cur: Step | null = null;
    const lines = block[1].split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line === '$ echo $?') {
        cur!.code = Number(lines[++i]);
      } else if (line.startsWith('$ desist ')) {
        cur = { args: [...line.slice(9).matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]), shown: [] };
        out.push(cur);
      } else if (cur && line.trim() !== '' && line !== '...') cur.shown.push(line);
    }
  }
  return out;
}

describe('docs/real-extract.md', () => {
  const all = steps();
  it('has the steps', () => expect(all.length).toBeGreaterThanOrEqual(8));
  for (const s of all) {
    it(`desist ${s.args.join(' ')}`, async () => {
      const r: CliResult = await runCli(s.args, { cwd: FIXTURES });
      const printed = `${r.stdout}\n${r.stderr}`.split('\n');
      for (const line of s.shown) expect(printed, line).toContain(line);
      if (s.code !== undefined) expect(r.code).toBe(s.code);
    });
  }
});
