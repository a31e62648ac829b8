/**
 * Parsing threads readied at the very start of a run (core/ready-threads.ts). Started by
 * bin/desist.js before the CLI's own modules load, a thread's start (about 200 ms) overlaps the
 * main thread's (a core is otherwise idle then), and the threads wait for their byte ranges
 * (events.ts) as their one message.
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
import type { Worker } from 'node:worker_threads';
import { ReadyThreads } from '../core/ready-threads.js';
import { workerModuleUrl } from '../core/worker-url.js';
import { parallelMinBytes, threadsAllowed } from '../core/threads.js';

type Env = Record<string, string | undefined>;

/** The commands whose first argument is a dataset folder read in full. */
const DATASET_COMMANDS = new Set(['validate', 'quarterly', 'followup', 'compare', 'explain', 'report']);

export const parseWorkerUrl = (): URL => workerModuleUrl(import.meta.url, 'parse-worker.js');

const ready = new ReadyThreads(parseWorkerUrl);

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
export const readyParseThreads = (n: number): void => ready.start(n);

/** A readied parsing thread (kept alive from now until it has answered), or undefined. */
export const takeParseThread = (): Worker | undefined => ready.take();

/** How many readied threads are waiting for work. */
export const readyParseThreadCount = (): number => ready.count;

/** End the readied threads no part needed. */
export const endParseThreads = (): void => ready.end();
