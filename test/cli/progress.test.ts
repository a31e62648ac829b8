import { describe, it, expect } from 'vitest';
import { PassThrough, Readable } from 'node:stream';
import { makeProgress } from '../../src/cli/progress.js';
import type { CliIO } from '../../src/cli/io.js';

function io(tty: boolean) {
  const err = new PassThrough() as PassThrough & { isTTY?: boolean };
  err.isTTY = tty;
  const chunks: string[] = [];
  err.on('data', (c: Buffer) => chunks.push(c.toString()));
  const x: CliIO = { stdin: Readable.from([]), stdout: new PassThrough(), stderr: err, env: {}, now: () => new Date(0), cwd: '.' };
  return { x, text: () => chunks.join('') };
}

describe('progress', () => {
  it('draws on a terminal once the delay has passed, and clears its line at the end', async () => {
    const { x, text } = io(true);
    const p = makeProgress(x, false, 0, 5);
    p.phase('reading the extracts');
    await new Promise((r) => setTimeout(r, 20));
    p.done();
    await new Promise((r) => setImmediate(r));
    expect(text()).toContain('desist: reading the extracts …');
    expect(text().endsWith('\r\x1b[2K')).toBe(true);
  });
  it('prints nothing when stderr is not a terminal', async () => {
    const { x, text } = io(false);
    const p = makeProgress(x, false, 0, 5);
    p.phase('reading');
    await new Promise((r) => setTimeout(r, 20));
    p.done();
    expect(text()).toBe('');
  });
  it('prints nothing with --quiet, and nothing for work shorter than the delay', async () => {
    const q = io(true);
    const p = makeProgress(q.x, true, 0, 5);
    p.phase('reading');
    await new Promise((r) => setTimeout(r, 20));
    p.done();
    expect(q.text()).toBe('');
    const s = io(true);
    const p2 = makeProgress(s.x, false, 10_000, 5);
    p2.phase('reading');
    await new Promise((r) => setTimeout(r, 20));
    p2.done();
    expect(s.text()).toBe('');
  });
});
