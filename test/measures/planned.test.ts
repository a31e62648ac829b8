/**
 * planned.ts: the "plan, then finish" plumbing shared by quarterly, explain and report. allPlanned
 * must hand each part exactly its own intervals, in order, whatever number of simulations each
 * part has (explain's steps have none or one; a report may have none at all).
 */
import { describe, expect, it } from 'vitest';
import { allPlanned, mapPlanned, ready, type Planned } from '../../src/measures/planned.js';
import type { NowcastIntervals, NowcastSimulation } from '../../src/measures/nowcast-simulate.js';

/** A stand-in simulation named `name` (finish is given intervals, never runs them here). */
const sim = (name: string) => ({ name }) as unknown as NowcastSimulation;
const iv = (x: number) => ({ low: [x], high: [x] }) as NowcastIntervals;
/** A part with `names` simulations, whose result is the list of intervals it was given. */
const part = (...names: string[]): Planned<(number | null)[]> => ({
  simulations: names.map(sim),
  finish: (intervals) => intervals.map((i) => (i === null ? null : i.low[0])),
});

describe('planned', () => {
  it('allPlanned gives each part its own intervals, in order', () => {
    const all = allPlanned([part('a'), part(), part('b', 'c'), part('d')]);
    expect(all.simulations.map((s) => (s as unknown as { name: string }).name)).toEqual(['a', 'b', 'c', 'd']);
    expect(all.finish([iv(1), iv(2), null, iv(4)])).toEqual([[1], [], [2, null], [4]]);
  });

  it('mapPlanned keeps the simulations and finishes through the function', () => {
    const p = mapPlanned(part('a', 'b'), (xs) => xs.join('+'));
    expect(p.simulations.length).toBe(2);
    expect(p.finish([iv(3), iv(5)])).toBe('3+5');
  });

  it('ready needs no simulation', () => {
    const p = ready('x');
    expect(p.simulations).toEqual([]);
    expect(p.finish([])).toBe('x');
    expect(allPlanned([]).finish([])).toEqual([]);
  });
});
