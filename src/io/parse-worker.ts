/**
 * Worker thread entry: parse one byte range of a charges or custody file (see events.ts), given
 * as the thread's first message (the thread may be started before the range is known:
 * parse-pool.ts); with `personsMayCome`, map the part's ids to cohort indices here when the
 * cohort's ids came as a second message while it parsed; then send the staged rows back,
 * transferring the typed arrays rather than copying them.
 */
import { parentPort, receiveMessageOnPort } from 'node:worker_threads';
import { parseRange, personsOf, type PartResult, type PersonIndex, type RangeJob } from './events.js';
import { DesistError } from '../core/errors.js';

const port = parentPort!;

const send = (r: PartResult) => {
  const transfer = [...r.view.blocks.flatMap((b) => Object.values(b).map((a: Int32Array) => a.buffer)), r.ids.arena.buffer, r.ids.keyStart.buffer, r.ids.keyEnd.buffer];
  if (r.persons) transfer.push(r.persons.buffer);
  port.postMessage(r, transfer as ArrayBuffer[]);
  port.close();
};

const fail = (e: unknown) => {
  const err = e as Error;
  port.postMessage({ error: err.message, ...(e instanceof DesistError ? { exitCode: e.exitCode, where: e.where } : {}) });
  port.close();
};

port.once('message', (job: RangeJob) => {
  let r: PartResult;
  try {
    r = parseRange(job);
  } catch (e) {
    fail(e);
    return;
  }
  // The cohort's ids, if they came while this thread parsed. A thread does not wait for them:
  // an idle thread keeps its heap (the id table, the read buffers: about 100 MB at 1M people)
  // until it ends, and a slow cohort (covariates, for batch) would keep four of them alive
  // while the main thread reads on. The main thread maps the ids of parts sent without them.
  const index = job.personsMayCome ? (receiveMessageOnPort(port)?.message as PersonIndex | undefined) : undefined;
  try {
    if (index) r.persons = personsOf(r.ids, index);
    send(r);
  } catch (e) {
    fail(e);
  }
});
