/** The world a CLI run sees: injected so that tests run the CLI in-process. */
import type { Readable, Writable } from 'node:stream';

export interface CliIO {
  stdin: Readable;
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  env: Record<string, string | undefined>;
  /** Wall clock, injectable for reproducible tests. */
  now: () => Date;
  /** Working directory relative paths are resolved against. */
  cwd: string;
}
