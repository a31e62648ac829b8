/**
 * A result computed up to its nowcast simulations, so that the caller chooses where they run:
 * here (`runPlanned`), or on a worker thread while other figures are computed (`desist report`,
 * nowcast-thread.ts). `simulations` holds one entry per part (null where a part needs none);
 * `finish` takes their intervals in the same order and completes the result.
 *
 * `planNowcast` makes one; `mapPlanned` and `allPlanned` build the quarterly, explain and report
 * results on top of it without writing the "plan, then finish" plumbing again.
 *
 * @example
 * const p = mapPlanned(ready(41), (x) => x + 1);
 * p.simulations.length; // 0
 * runPlanned(p); // 42
 * runPlanned(allPlanned([ready('a'), ready('b')])); // ['a', 'b']
 */
import { simulateNowcast, type NowcastIntervals, type NowcastSimulation } from './nowcast-simulate.js';

export interface Planned<T> {
  simulations: (NowcastSimulation | null)[];
  finish: (intervals: (NowcastIntervals | null)[]) => T;
}

/** A result that needs no simulation. */
export function ready<T>(value: T): Planned<T> {
  return { simulations: [], finish: () => value };
}

/** The result `f` makes of a planned one, once its simulations have run. */
export function mapPlanned<T, U>(p: Planned<T>, f: (value: T) => U): Planned<U> {
  return { simulations: p.simulations, finish: (intervals) => f(p.finish(intervals)) };
}

/** Several planned results as one: their simulations in order, their results as an array. */
export function allPlanned<T>(parts: Planned<T>[]): Planned<T[]> {
  const at: number[] = [];
  let n = 0;
  for (const p of parts) {
    at.push(n);
    n += p.simulations.length;
  }
  return {
    simulations: parts.flatMap((p) => p.simulations),
    finish: (intervals) => parts.map((p, k) => p.finish(intervals.slice(at[k], at[k] + p.simulations.length))),
  };
}

/** Run the simulations here and finish. */
export function runPlanned<T>(p: Planned<T>): T {
  return p.finish(p.simulations.map((s) => s && simulateNowcast(s)));
}
