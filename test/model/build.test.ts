/**
 * The model builder: custody merging (MEASURES.md §2) and exact-duplicate charges, against
 * hand-worked cases and a naive day-set oracle.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { buildCustody, buildCharges } from '../../src/model/build.js';
import { Stage } from '../../src/model/stage.js';
import { custodyDaysIn, OPEN_END } from '../../src/model/dataset.js';

function custody(rows: [number, number, number][], nPeople: number) {
  const st = new Stage();
  rows.forEach(([p, s, e], i) => st.push(p, s, e, -1, 0, i + 2));
  return buildCustody([st.view()], nPeople);
}

describe('custody merging', () => {
  it('merges overlapping and adjacent episodes, keeps separate ones, counts merges', () => {
    // person 0: [10,20] and [21,30] are adjacent -> [10,30]; [25,26] inside -> absorbed; [40,45] separate
    // person 1: [5,5] one day; person 2: open episode absorbing a later one
    const { custody: c, merged } = custody(
      [
        [0, 21, 30],
        [0, 10, 20],
        [0, 25, 26],
        [0, 40, 45],
        [1, 5, 5],
        [2, 100, OPEN_END],
        [2, 150, 160],
      ],
      3,
    );
    expect(merged).toBe(3);
    expect(Array.from(c.personStart)).toEqual([0, 2, 3, 4]);
    expect(Array.from(c.start)).toEqual([10, 40, 5, 100]);
    expect(Array.from(c.end)).toEqual([30, 45, 5, OPEN_END]);
  });
  it('a one-day remand covers one day; an open episode runs to as-of inclusive', () => {
    const { custody: c } = custody([[0, 5, 5], [1, 100, OPEN_END]], 2);
    expect(custodyDaysIn(c, 0, 1, 10, 200)).toBe(1);
    expect(custodyDaysIn(c, 1, 90, 120, 110)).toBe(11); // days 100..110
  });
  it('custody days in any window equal a naive count over the raw episodes (property)', () => {
    const episode = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 15 }), fc.boolean());
    fc.assert(
      fc.property(fc.array(episode, { maxLength: 12 }), fc.integer({ min: 0, max: 80 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 40, max: 90 }), (eps, a, len, asOf) => {
        const rows = eps.map(([p, s, l, open]) => [p, s, open ? OPEN_END : s + l] as [number, number, number]);
        const { custody: c } = custody(rows, 3);
        for (let p = 0; p < 3; p++) {
          const days = new Set<number>();
          for (const [q, s, e] of rows) if (q === p) for (let d = s; d <= Math.min(e, asOf); d++) days.add(d);
          let naive = 0;
          for (let d = a; d <= a + len; d++) if (days.has(d)) naive++;
          expect(custodyDaysIn(c, p, a, a + len, asOf)).toBe(naive);
          // merged episodes are sorted, disjoint and not adjacent
          for (let k = c.personStart[p] + 1; k < c.personStart[p + 1]; k++) expect(c.start[k]).toBeGreaterThan(c.end[k - 1] + 1);
        }
      }),
      { numRuns: 500 },
    );
  });
  it('the result does not depend on the order of the rows (property)', () => {
    const episode = fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 10 }));
    fc.assert(
      fc.property(fc.array(episode, { maxLength: 10 }), (eps) => {
        const rows = eps.map(([p, s, l]) => [p, s, s + l] as [number, number, number]);
        const a = custody(rows, 2).custody;
        const b = custody([...rows].reverse(), 2).custody;
        expect([Array.from(a.start), Array.from(a.end)]).toEqual([Array.from(b.start), Array.from(b.end)]);
      }),
    );
  });
});

describe('charges', () => {
  it('keeps exact duplicates once, orders by charge date, and leaves out people outside the cohort', () => {
    const st = new Stage();
    st.push(0, 30, 20, 1, 0, 2);
    st.push(0, 10, 5, 0, 0, 3);
    st.push(0, 30, 20, 1, 0, 4); // duplicate of line 2
    st.push(0, 30, 20, 1, 7, 5); // same dates and code, other text: not a duplicate
    st.push(-1, 15, 15, 0, 0, 6); // outside the cohort
    st.push(1, 12, 12, 0, 0, 7);
    const { charges, duplicates } = buildCharges([st.view()], 2, ['A', 'B']);
    expect(duplicates).toBe(1);
    expect(Array.from(charges.personStart)).toEqual([0, 3, 4]);
    expect(Array.from(charges.chargeDate)).toEqual([10, 30, 30, 12]);
  });
});
