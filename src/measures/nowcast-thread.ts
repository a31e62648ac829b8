/**
 * A nowcast simulation started now and read later: on a worker thread when it is big enough to
 * pay for the thread (about 50 ms of work and up) and more than one thread is allowed, else in
 * this thread when it is read. `desist report` starts the simulation of explain's nowcast step
 * this way and computes its other figures and charts meanwhile. The intervals are the same
 * either way (simulateNowcast, the same seed); if the thread cannot run, it is done here.
 */
import { Worker } from 'node:worker_threads';
import { simulateNowcast, simulationWork, type NowcastIntervals, type NowcastSimulation } from './nowcast-simulate.js';
import { workerModuleUrl } from '../core/worker-url.js';
import { ReadyThreads } from '../core/ready-threads.js';

export interface ThreadOptions {
  /** threads allowed (1 = none besides this one) */
  threads: number;
  /** simulationWork() below which the simulation runs in this thread */
  minWork: number;
}

export interface StartedSimulation {
  intervals(): Promise<NowcastIntervals>;
  /** Stop the thread if it is still running (the intervals are not needed). */
  cancel(): void;
  /** Whether the intervals came from a worker thread (once they are in). */
  onThread(): boolean;
}

const workerUrl = () => workerModuleUrl(import.meta.url, 'nowcast-worker.js');

/**
 * A worker thread started before its simulation is known (when the data is big enough for one
 * to be likely), so that its start and module loading (about 100 ms) overlap the work that
 * plans the simulation. `take` hands it to startNowcastSimulation; `close` ends it if unused.
 */
export interface WarmThread {
  take(): Worker | undefined;
  close(): void;
}

export function warmNowcastThread(o: ThreadOptions, expectedWork: number): WarmThread {
  const ready = new ReadyThreads(workerUrl);
  if (o.threads >= 2 && expectedWork >= o.minWork) ready.start(1);
  return { take: () => ready.take(), close: () => ready.end() };
}

export function startNowcastSimulation(s: NowcastSimulation, o: ThreadOptions, warm?: WarmThread): StartedSimulation {
  if (o.threads < 2 || simulationWork(s) < o.minWork) {
    return { intervals: () => Promise.resolve().then(() => simulateNowcast(s)), cancel: () => undefined, onThread: () => false };
  }
  let worker: Worker | undefined;
  let settled = false;
  let fromThread = false;
  const result = new Promise<NowcastIntervals>((resolve, reject) => {
    const settle = (m?: { intervals: NowcastIntervals } | { error: string }) => {
      if (settled) return;
      settled = true;
      worker = undefined;
      if (m && 'intervals' in m) {
        fromThread = true;
        return resolve(m.intervals);
      }
      // the thread failed or could not start: here (an error in the simulation is thrown again here)
      try {
        resolve(simulateNowcast(s));
      } catch (e) {
        reject(e as Error);
      }
    };
    try {
      worker = warm?.take() ?? new Worker(workerUrl());
      worker.postMessage(s);
    } catch {
      settle();
      return;
    }
    worker.once('message', settle);
    worker.once('error', () => settle());
    worker.once('exit', () => settle());
  });
  // read later, or never when the report fails first: not an unhandled rejection meanwhile
  result.catch(() => {});
  return {
    intervals: () => result,
    cancel: () => {
      if (settled) return;
      settled = true;
      void worker?.terminate();
      worker = undefined;
    },
    onThread: () => fromThread,
  };
}
