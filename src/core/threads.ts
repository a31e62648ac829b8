/**
 * How many threads a run may use, which files are big enough to parse on several, and which
 * nowcast simulations are big enough for a thread of their own: read from the environment in one
 * place, by the CLI and by the start-up that readies parsing threads early (io/parse-pool.ts).
 */
import { availableParallelism } from 'node:os';

type Env = Record<string, string | undefined>;

/** Threads a run may use: DESIST_THREADS (at least 1), else one per core. */
export function threadsAllowed(env: Env): number {
  return env.DESIST_THREADS ? Math.max(1, Number(env.DESIST_THREADS) || 1) : availableParallelism();
}

/**
 * Files of this many bytes and more are parsed in parts on worker threads: 16 MB, or
 * DESIST_PARALLEL_MIN_BYTES (the tests set it to run the parallel path on small files).
 */
export function parallelMinBytes(env: Env): number {
  return env.DESIST_PARALLEL_MIN_BYTES ? Number(env.DESIST_PARALLEL_MIN_BYTES) : 16 << 20;
}

/**
 * A nowcast simulation of at least this much work (people x draws) runs on a worker thread in
 * `desist report`: 1e7, or DESIST_NOWCAST_THREAD_MIN_WORK (the tests set 0 to use the thread on
 * small data). 1e7 is about 50 ms of simulation (10 million people resampled); below it, a
 * thread's start costs more than it saves.
 */
export function nowcastThreadMinWork(env: Env): number {
  return env.DESIST_NOWCAST_THREAD_MIN_WORK ? Number(env.DESIST_NOWCAST_THREAD_MIN_WORK) : 1e7;
}
