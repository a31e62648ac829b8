/** Run the CLI in-process with captured streams. */
import { PassThrough, Readable } from 'node:stream';
import { run } from '../../src/cli/run.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as bytes (xlsx) */
  raw: Buffer;
}

/** `columns` makes stdout a terminal of that width (colour off unless env asks for it). */
export async function runCli(argv: string[], opts: { cwd: string; stdin?: string | Buffer; env?: Record<string, string>; columns?: number }): Promise<CliResult> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = Object.assign(new PassThrough(), opts.columns ? { isTTY: true, columns: opts.columns } : {});
  const stderr = new PassThrough();
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await run(argv, {
    stdin: Readable.from(opts.stdin === undefined ? [] : [Buffer.from(opts.stdin)]),
    stdout,
    stderr,
    env: { ...(opts.columns ? { NO_COLOR: '1' } : {}), ...(opts.env ?? {}) },
    now: () => new Date('2026-01-01T00:00:00Z'),
    cwd: opts.cwd,
  });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), raw: Buffer.concat(out) };
}
