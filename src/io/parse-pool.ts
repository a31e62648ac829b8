/**
 * Parsing threads readied at the very start of a run. A worker thread takes about 200 ms to
 * start on this kind of machine (Node compiles its own internals for the new thread, then loads
 * the parser's modules) before it parses a byte. Started by bin/desist.js before the CLI's own
 * modules load, that start overlaps the main thread's (then a core is otherwise idle), and the
 * threads wait for their byte ranges (events.ts) as their one message.
 *
 * Whether to ready them is guessed from the command line alone, before it is parsed: a dataset
 * command whose folder holds a charges or custody file big enough to be read in parts. A wrong
 * guess costs nothing but the start: unused threads are ended when the run ends, and a run that
 * needs threads that were not readied starts them as before.
 *
 * @example
 * likelyParseThreads(['--version'], {}, '/');            // 0
 * likelyParseThreads(['quarterly', 'sample-data'], { DESIST_THREADS: '1' }, '/');   // 0
 */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { workerModuleUrl } from '../core/worker-url.js';
import { parallelMinBytes, threadsAllowed } from '../core/threads.js';

type Env = Record<string, string | undefined>;

/** The commands whose first argument is a dataset folder read in full. */
const DATASET_COMMANDS = new Set(['validate', 'quarterly', 'followup', 'compare', 'explain', 'report']);

const ready: Worker[] = [];

export const parseWorkerUrl = (): URL => workerModuleUrl(import.meta.url, 'parse-worker.js');

/**
 * Parsing threads the command line `argv` will probably use: for `desist COMMAND FOLDER ...`,
 * one per allowed thread for each of FOLDER/charges.csv and FOLDER/custody.csv that is big
 * enough to be read in parts (events.ts starts that many); 0 for anything else.
 */
export function likelyParseThreads(argv: string[], env: Env, cwd: string): number {
  const [command, folder] = argv;
  if (!DATASET_COMMANDS.has(command) || !folder || folder.startsWith('-') || argv.includes('--from-counts')) return 0;
  const threads = threadsAllowed(env);
  if (threads < 2) return 0;
  const min = parallelMinBytes(env);
  let n = 0;
  for (const file of ['charges.csv', 'custody.csv']) {
    try {
      const st = statSync(join(resolve(cwd, folder), file));
      if (st.isFile() && st.size >= min) n += threads;
    } catch {
      // not there: the CLI will say so
    }
  }
  return n;
}

/** Start `n` parsing threads now; they wait for work and do not keep the process alive. */
export function readyParseThreads(n: number): void {
  for (let i = 0; i < n; i++) {
    let w: Worker;
    try {
      w = new Worker(parseWorkerUrl());
    } catch {
      return;
    }
    w.unref();
    // a thread that failed or stopped before it was used is not handed out
    const gone = () => {
      const k = ready.indexOf(w);
      if (k >= 0) ready.splice(k, 1);
    };
    w.once('error', gone);
    w.once('exit', gone);
    ready.push(w);
  }
}

/** A readied parsing thread (kept alive from now until it has answered), or undefined. */
export function takeParseThread(): Worker | undefined {
  const w = ready.shift();
  w?.ref();
  return w;
}

/** How many readied threads are waiting for work. */
export function readyParseThreadCount(): number {
  return ready.length;
}

/** End the readied threads no part needed. */
export function endParseThreads(): void {
  for (const w of ready.splice(0)) void w.terminate();
}
