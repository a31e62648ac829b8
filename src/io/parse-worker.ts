/**
 * Worker thread entry: parse one byte range of a charges or custody file (see events.ts), given
 * as the thread's one message (the thread may be started before the range is known:
 * parse-pool.ts), and send the staged rows back, transferring the typed arrays rather than
 * copying them.
 */
import { parentPort } from 'node:worker_threads';
import { parseRange, type RangeJob } from './events.js';
import { DesistError } from '../core/errors.js';

parentPort!.once('message', (job: RangeJob) => {
  try {
    const r = parseRange(job);
    const transfer = [...r.view.blocks.flatMap((b) => Object.values(b).map((a: Int32Array) => a.buffer)), r.ids.arena.buffer, r.ids.keyStart.buffer, r.ids.keyEnd.buffer];
    parentPort!.postMessage(r, transfer as ArrayBuffer[]);
  } catch (e) {
    const err = e as Error;
    parentPort!.postMessage({ error: err.message, ...(e instanceof DesistError ? { exitCode: e.exitCode, where: e.where } : {}) });
  }
  parentPort!.close();
});
