/**
 * Worker thread entry: run one nowcast simulation (nowcast-simulate.ts) and send its intervals
 * back. Started with the simulation as workerData, it runs it at once; started without (a thread
 * warmed up before the simulation is known, nowcast-thread.ts), it loads the binomial sampler
 * and waits for the simulation as its one message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { simulateNowcast, type NowcastSimulation } from './nowcast-simulate.js';
import { randomBinomial } from '../stats/dists.js';

function run(s: NowcastSimulation): void {
  try {
    parentPort!.postMessage({ intervals: simulateNowcast(s) });
  } catch (e) {
    parentPort!.postMessage({ error: (e as Error).message });
  }
}

if (workerData) run(workerData as NowcastSimulation);
else {
  randomBinomial.factory({ prng: () => 0.5 }); // loads the sampler now, not when the simulation comes
  parentPort!.once('message', (s: NowcastSimulation) => {
    run(s);
    parentPort!.close();
  });
}
