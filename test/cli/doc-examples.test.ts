/**
 * The console examples of README.md and docs/ show real output: every `$ desist ...` line in a
 * ```console block is run in-process (over a copy-free view of the repository: sample-data/ is
 * linked into a scratch folder, so examples may write files), and the lines under it must be
 * exactly what the command prints: stdout up to the provenance footer (which carries the
 * version, command and file hashes and is left out), then stderr. `| head -N` keeps the first N
 * lines. Regenerate after a deliberate change with
 * `UPDATE_DOCS=1 npx vitest run test/cli/doc-examples.test.ts` and review the diff.
 * (docs/real-extract.md has its own test over test/fixtures.)
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli } from '../helpers/cli.js';

const ROOT = join(__dirname, '..', '..');
const FILES = ['README.md', 'docs/guide.md', 'docs/inputs.md'];
const update = process.env.UPDATE_DOCS === '1';
let cwd: string;

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'desist-docs-'));
  symlinkSync(join(ROOT, 'sample-data'), join(cwd, 'sample-data'));
});

const BLOCK = /```console\n([\s\S]*?)```/g;
const COMMAND = /^\$ desist (.*?)(?: \| head -(\d+))?$/;

/** What the reader sees for one command: stdout up to the footer, then stderr. */
async function shown(line: string): Promise<string[]> {
  const [, rest, head] = COMMAND.exec(line)!;
  const args = [...rest.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
  const r = await runCli(args, { cwd });
  let out = r.stdout.split('\n');
  if (head) return out.slice(0, Number(head));
  const footer = out.findIndex((l) => /^desist \d+\.\d+\.\d+ \(method /.test(l));
  if (footer >= 0) out = out.slice(0, footer);
  while (out.length && out[out.length - 1] === '') out.pop();
  return [...out, ...r.stderr.split('\n').filter(Boolean)];
}

/** Split a console block into commands and the lines shown under each. */
function steps(block: string): { command: string; lines: string[] }[] {
  const out: { command: string; lines: string[] }[] = [];
  for (const line of block.replace(/\n$/, '').split('\n')) {
    if (COMMAND.test(line)) out.push({ command: line, lines: [] });
    else out[out.length - 1]?.lines.push(line);
  }
  return out;
}

for (const file of FILES) {
  describe(`console examples in ${file}`, () => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const blocks = [...text.matchAll(BLOCK)].map((m) => m[1]);
    it('has examples', () => expect(blocks.length).toBeGreaterThan(0));
    if (update) {
      it('regenerated', async () => {
        let next = text;
        for (const block of blocks) {
          const parts: string[] = [];
          for (const s of steps(block)) parts.push(s.command, ...(await shown(s.command)));
          next = next.replace(`\`\`\`console\n${block}\`\`\``, `\`\`\`console\n${parts.join('\n')}\n\`\`\``);
        }
        writeFileSync(join(ROOT, file), next);
      });
      return;
    }
    for (const block of blocks) {
      for (const s of steps(block)) {
        it(s.command, async () => {
          expect(s.lines.join('\n')).toBe((await shown(s.command)).join('\n'));
        });
      }
    }
  });
}
