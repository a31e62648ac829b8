/**
 * Nowcast of provisional quarters (src/measures/nowcast.ts). The delay distribution is pinned to
 * an independent estimator (R, test/stats/r/nowcast.R: Turnbull's self-consistency algorithm for
 * right-truncated data); the person-level arithmetic is worked by hand.
 */
import { describe, expect, it } from 'vitest';
import { datasetFromLiterals, type LiteralCharge, type LiteralPerson } from '../../src/model/build.js';
import { parseQuarterLabel as Q } from '../../src/measures/periods.js';
import { computeQuarterly } from '../../src/measures/quarterly.js';
import { lateProbability, nowcastQuarterly, planNowcast, reverseHazardCdf, simulateNowcast, type NowcastOptions } from '../../src/measures/nowcast.js';
import { startNowcastSimulation, warmNowcastThread } from '../../src/measures/nowcast-thread.js';

describe('nowcast: delay distribution by reverse-time hazards', () => {
  // Rscript test/stats/r/nowcast.R:
  // em_cdf(c(10, 100, 300, 20, 110, 5, 50, 50), c(400, 400, 400, 120, 120, 60, 60, 60), 400)
  const R_CDF: Array<[number, number]> = [
    [0, 0],
    [5, 0.06666666667],
    [10, 0.1333333333],
    [20, 0.2],
    [50, 0.3333333333],
    [60, 0.3333333333],
    [100, 0.5],
    [110, 0.6666666667],
    [120, 0.6666666667],
    [299, 0.6666666667],
    [300, 1],
    [400, 1],
  ];
  const G = reverseHazardCdf(
    [
      { T: 400, delays: [10, 100, 300] },
      { T: 120, delays: [20, 110] },
      { T: 60, delays: [5, 50, 50] },
    ],
    400,
  );
  it.each(R_CDF)('G(%s) matches the truncated-data NPMLE from R', (e, g) => {
    expect(G(e)).toBeCloseTo(g, 9);
  });

  it('without truncation it is the empirical distribution; delays above D count at D', () => {
    const H = reverseHazardCdf([{ T: 1000, delays: [0, 10, 10, 30, 500] }], 100);
    // 500 counts as 100: P(<= 0) = 1/5, P(<= 10) = 3/5, P(<= 30) = 4/5, P(<= 99) = 4/5, P(<= 100) = 1
    const want = [0.2, 0.2, 0.6, 0.8, 0.8, 1, 1];
    [H(0), H(9), H(10), H(30), H(99), H(100), H(5000)].forEach((g, i) => expect(g).toBeCloseTo(want[i], 14));
  });

  it('the documented example', () => {
    const H = reverseHazardCdf([{ T: 400, delays: [10, 100, 300] }, { T: 120, delays: [20, 110] }], 400);
    expect(H(120)).toBeCloseTo(2 / 3, 15);
  });
});

describe('nowcast: the person-level late probability', () => {
  it('by hand: 100 at risk, 20 charged so far, G = 0.8', () => {
    // theta = 20 / (100 * 0.8) = 0.25; known 0.2; q = 0.25 * 0.2 / 0.8 = 0.0625; late = 80 q = 5 = 20 / 0.8 - 20
    const q = lateProbability(100, 20, 0.8);
    expect(q).toBeCloseTo(0.0625, 15);
    expect(80 * q).toBeCloseTo(5, 12);
  });

  it('never more late people than people not yet charged; none when G = 1', () => {
    // 90 of 100 charged with G = 0.5: theta capped at 1, q = 1: all 10 others are late
    expect(lateProbability(100, 90, 0.5)).toBe(1);
    expect(lateProbability(100, 30, 1)).toBe(0);
    expect(lateProbability(100, 100, 1)).toBe(0);
  });
});

/*
 * A cohort of 40 people from 2023-01-01, as-of 2024-02-20: 2023Q4 is provisional on the offence
 * basis (and 2023Q3: 30 Sep + 6 months = 30 Mar 2024 > as-of); 2023Q1-Q2 are complete. Every charge comes 40 days after
 * its offence, so a person charged for an offence in a quarter is known 40 + (offence - qs) days
 * after the quarter start.
 */
function cohort(): { people: LiteralPerson[]; charges: LiteralCharge[] } {
  const people: LiteralPerson[] = [];
  const charges: LiteralCharge[] = [];
  const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  for (let i = 0; i < 40; i++) {
    const id = `p${i}`;
    people.push({ id, start: '2023-01-01', group: i % 2 ? 'a' : 'b' });
    // person i offends in quarter (i % 4), on day 1 + (i * 7) % 80 of its first month...
    const q = i % 4;
    if (i % 3 === 0) continue; // a third never offend
    const m = q * 3 + 1 + ((i >> 2) % 3);
    const d = 1 + ((i * 7) % 27);
    const off = iso(2023, m, d);
    const t = Date.UTC(2023, m - 1, d) + 40 * 86400000;
    charges.push({ id, offence: off, charge: new Date(t).toISOString().slice(0, 10) });
  }
  return { people, charges };
}

const OPTS: NowcastOptions = { method: 'reverse-hazard', windowQuarters: 4, maxDelayDays: 300, draws: 400, seed: 5, level: 0.95 };

describe('nowcast: rows', () => {
  const ds = () => datasetFromLiterals({ asOf: '2024-02-20', ...cohort() });
  const run = (o: NowcastOptions = OPTS) => {
    const res = computeQuarterly(ds(), { basis: 'offence', byGroup: true });
    return { res, now: nowcastQuarterly(ds(), res.options, res.rows, res.options, o) };
  };

  it('complete quarters carry the observed value and say so', () => {
    const { res, now } = run();
    res.rows.forEach((r, i) => {
      if (r.provisional) return;
      expect(now.cells[i]).toEqual({ desistance_nowcast: r.desistance, nowcast_ci_low: null, nowcast_ci_high: null, nowcast_expected_late: 0, nowcast_status: 'complete quarter: the observed value' });
    });
  });

  it('provisional quarters: nowcast at or below the observed value, inside its interval, from the delay distribution', () => {
    const { res, now } = run();
    const prov = res.rows.map((r, i) => [r, now.cells[i]] as const).filter(([r]) => r.provisional);
    expect(prov.length).toBe(4); // 2023Q3 (30 Sep + 6 months = 30 Mar 2024 > as-of) and 2023Q4, two groups each
    for (const [r, c] of prov) {
      expect(c.nowcast_status).toBe('nowcast');
      expect(c.desistance_nowcast!).toBeLessThanOrEqual(r.desistance!);
      expect(c.nowcast_ci_low!).toBeLessThanOrEqual(c.desistance_nowcast! + 1e-12);
      expect(c.nowcast_ci_high!).toBeGreaterThanOrEqual(c.desistance_nowcast! - 1e-12);
      expect(c.nowcast_ci_high!).toBeLessThanOrEqual(r.desistance!);
      // expected late people = at risk * (observed - nowcast desistance)
      expect(c.nowcast_expected_late!).toBeCloseTo(r.at_risk * (r.desistance! - c.desistance_nowcast!), 9);
    }
    expect(now.meta.people_in_triangle).toBeGreaterThan(0);
    expect(now.meta.assumptions.length).toBe(3);
  });

  it('the same seed gives the same interval', () => {
    expect(run().now.cells).toEqual(run().now.cells);
  });

  it('the same intervals from a plan whose simulation runs on a worker thread, here, or here later', async () => {
    const res = computeQuarterly(ds(), { basis: 'offence', byGroup: true });
    const plan = planNowcast(ds(), res.options, res.rows, res.options, OPTS);
    expect(plan.simulations.length).toBe(1);
    const simulation = plan.simulations[0]!;
    const direct = simulateNowcast(simulation);
    const threaded = startNowcastSimulation(simulation, { threads: 2, minWork: 0 });
    expect(await threaded.intervals()).toEqual(direct);
    expect(threaded.onThread()).toBe(true);
    const here = startNowcastSimulation(simulation, { threads: 1, minWork: 0 });
    expect(await here.intervals()).toEqual(direct);
    expect(here.onThread()).toBe(false);
    expect(plan.finish([direct]).cells).toEqual(run().now.cells);
    // a thread started before the simulation was known gives the same
    const warm = warmNowcastThread({ threads: 2, minWork: 0 }, 1);
    const warmed = startNowcastSimulation(simulation, { threads: 2, minWork: 0 }, warm);
    expect(await warmed.intervals()).toEqual(direct);
    expect(warmed.onThread()).toBe(true);
    expect(warm.take()).toBeUndefined();
    warm.close();
    // an unused warm thread is closed; none is started below the work that pays for one
    warmNowcastThread({ threads: 2, minWork: 0 }, 1).close();
    expect(warmNowcastThread({ threads: 2, minWork: 100 }, 99).take()).toBeUndefined();
    expect(warmNowcastThread({ threads: 1, minWork: 0 }, 99).take()).toBeUndefined();
    // a cancelled thread settles nothing and leaves nothing running
    startNowcastSimulation(simulation, { threads: 2, minWork: 0 }).cancel();
  });

  it('nobody at risk gives a null nowcast with a reason', () => {
    const d = datasetFromLiterals({ asOf: '2024-02-20', people: [{ id: 'x', start: '2023-01-01' }], custody: [{ id: 'x', start: '2023-10-01' }] });
    const res = computeQuarterly(d, { basis: 'offence', from: Q('2023Q4'), to: Q('2023Q4') });
    const now = nowcastQuarterly(d, res.options, res.rows, res.options, OPTS);
    expect(now.cells[0]).toMatchObject({ desistance_nowcast: null, nowcast_status: 'nobody is at risk (at_risk = 0)' });
  });

  it('no delay data: null with a reason, never NaN', () => {
    const d = datasetFromLiterals({ asOf: '2024-02-20', people: [{ id: 'x', start: '2023-10-01' }] });
    const res = computeQuarterly(d, { basis: 'offence' });
    const now = nowcastQuarterly(d, res.options, res.rows, res.options, OPTS);
    expect(now.cells[0].desistance_nowcast).toBeNull();
    expect(now.cells[0].nowcast_status).toMatch(/no delay data/);
  });
});
