/**
 * Progress on stderr: only on a terminal, never with --quiet, and only for work that has
 * already taken more than a second (short runs print nothing). One line, rewritten in place:
 * `desist: reading extracts … 3.2 s`. The line is cleared when the work ends.
 */
import type { CliIO } from './io.js';

export interface Progress {
  phase(name: string): void;
  done(): void;
}

export const NO_PROGRESS: Progress = { phase() {}, done() {} };

export function makeProgress(io: CliIO, quiet: boolean, delayMs = 1000, intervalMs = 250): Progress {
  if (quiet || !io.stderr.isTTY) return NO_PROGRESS;
  const t0 = Date.now();
  let current = '';
  let shown = false;
  const draw = () => {
    if (Date.now() - t0 < delayMs) return;
    shown = true;
    io.stderr.write(`\r\x1b[2Kdesist: ${current} … ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  };
  const timer = setInterval(draw, intervalMs);
  timer.unref();
  return {
    phase(name: string) {
      current = name;
      draw();
    },
    done() {
      clearInterval(timer);
      if (shown) io.stderr.write('\r\x1b[2K');
    },
  };
}
