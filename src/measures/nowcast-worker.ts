/**
 * Worker thread entry: load the binomial sampler, wait for one nowcast simulation
 * (nowcast-simulate.ts) as the thread's one message, run it and send its intervals back. The
 * thread may be started before the simulation is known (nowcast-thread.ts), so that its start
 * overlaps the work that plans it.
 */
import { parentPort } from 'node:worker_threads';
import { simulateNowcast, type NowcastSimulation } from './nowcast-simulate.js';
import { randomBinomial } from '../stats/dists.js';

randomBinomial.factory({ prng: () => 0.5 }); // loads the sampler now, not when the simulation comes
parentPort!.once('message', (s: NowcastSimulation) => {
  try {
    parentPort!.postMessage({ intervals: simulateNowcast(s) });
  } catch (e) {
    parentPort!.postMessage({ error: (e as Error).message });
  }
  parentPort!.close();
});
