/**
 * core/threads.ts: the environment variables that set how many threads a run may use, which files
 * are parsed in parts, and which nowcast simulations get a thread, each read in one place.
 */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { nowcastThreadMinWork, parallelMinBytes, threadsAllowed } from '../../src/core/threads.js';

describe('threads from the environment', () => {
  it('DESIST_THREADS: at least 1; unset, one per core', () => {
    expect(threadsAllowed({ DESIST_THREADS: '3' })).toBe(3);
    expect(threadsAllowed({ DESIST_THREADS: '0' })).toBe(1);
    expect(threadsAllowed({ DESIST_THREADS: 'many' })).toBe(1);
    expect(threadsAllowed({})).toBe(availableParallelism());
  });

  it('DESIST_PARALLEL_MIN_BYTES: unset, 16 MiB', () => {
    expect(parallelMinBytes({})).toBe(16 * 1024 * 1024);
    expect(parallelMinBytes({ DESIST_PARALLEL_MIN_BYTES: '1' })).toBe(1);
  });

  it('DESIST_NOWCAST_THREAD_MIN_WORK: unset, ten million people resampled', () => {
    expect(nowcastThreadMinWork({})).toBe(10_000_000);
    expect(nowcastThreadMinWork({ DESIST_NOWCAST_THREAD_MIN_WORK: '0' })).toBe(0);
  });
});
