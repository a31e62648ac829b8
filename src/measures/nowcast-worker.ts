/** Worker thread entry: run one nowcast simulation (nowcast-simulate.ts) and send its intervals back. */
import { parentPort, workerData } from 'node:worker_threads';
import { simulateNowcast, type NowcastSimulation } from './nowcast-simulate.js';

try {
  parentPort!.postMessage({ intervals: simulateNowcast(workerData as NowcastSimulation) });
} catch (e) {
  parentPort!.postMessage({ error: (e as Error).message });
}
