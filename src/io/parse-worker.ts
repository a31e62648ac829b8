/**
 * Worker thread entry: parse one byte range of a charges or custody file (see events.ts), given
 * as the thread's first message (the thread may be started before the range is known:
 * parse-pool.ts); with `awaitPersons`, wait for the cohort's ids as a second message and map
 * the part's ids to cohort indices here; then send the staged rows back, transferring the typed
 * arrays rather than copying them.
 */
import { parentPort } from 'node:worker_threads';
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
  if (!job.awaitPersons) {
    send(r);
    return;
  }
  port.once('message', (index: PersonIndex | null) => {
    try {
      if (index) r.persons = personsOf(r.ids, index);
      send(r);
    } catch (e) {
      fail(e);
    }
  });
});
