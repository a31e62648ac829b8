/**
 * The process's standard streams, as the binary sees them (bin/desist.js), with the two rules
 * of CLI.md's exit table that only a real process meets:
 * - a reader that closes the pipe early (EPIPE, `| head`) is not a failure: the exit status is
 *   the command's own (0 only when the command itself succeeded);
 * - standard output that cannot be written (a full disk: `> /dev/full`) is exit 73 with one
 *   line, as `-o FILE` is, unless the command had already failed with its own code.
 * A closed stderr (`2>&1 | head`) is ignored: the exit status stays the command's.
 */
import type { Writable } from 'node:stream';
import { EXIT } from '../core/errors.js';

interface StreamError extends Error {
  code?: string;
}

export interface GuardedStdio {
  /** The exit status for the command's own status, given what happened to stdout. */
  exitCode(commandCode: number): number;
}

export function guardStdio(proc: { stdout: Writable; stderr: Writable; exitCode?: number | string | null }): GuardedStdio {
  let closed = false;
  let failed = false;
  proc.stdout.on('error', (e: StreamError) => {
    if (e.code === 'EPIPE' || (closed && e.code === 'ERR_STREAM_DESTROYED')) {
      closed = true;
      return;
    }
    if (failed) return;
    failed = true;
    proc.stderr.write(`desist: <stdout>: cannot write (${e.code ?? e.message})\n`);
    // the error may arrive after the command returned: correct the status already set
    if (!proc.exitCode) proc.exitCode = EXIT.CANT_CREATE;
  });
  proc.stderr.on('error', (e: StreamError) => {
    if (e.code !== 'EPIPE') throw e;
  });
  return { exitCode: (code) => (failed && code === EXIT.OK ? EXIT.CANT_CREATE : code) };
}
