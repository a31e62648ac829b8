import { describe, expect, it } from 'vitest';
import { applyWhere, describeWhere, missingColumns, parseWhere, WhereError } from '../../src/batch/filters.js';

const columns = new Map<string, string[]>([
  ['age', ['18', '24', '25', '', 'unknown', '40.0']],
  ['sex', ['F', 'M', 'F', 'M', '', 'F']],
  ['area', ['North', 'East', 'South', 'North', 'East', '']],
]);
const kept = (where: Record<string, unknown>) => Array.from(applyWhere(parseWhere(where), 6, columns).keep);

describe('where filters', () => {
  it('equality: text exactly, numbers as numbers', () => {
    expect(kept({ sex: 'F' })).toEqual([1, 0, 1, 0, 0, 1]);
    expect(kept({ age: 40 })).toEqual([0, 0, 0, 0, 0, 1]);
    expect(kept({ age: '40' })).toEqual([0, 0, 0, 0, 0, 0]);
  });
  it('lists, between, min, max (inclusive), and AND across columns', () => {
    expect(kept({ area: ['North', 'South'] })).toEqual([1, 0, 1, 1, 0, 0]);
    expect(kept({ age: { between: [18, 24] } })).toEqual([1, 1, 0, 0, 0, 0]);
    expect(kept({ age: { min: 25 } })).toEqual([0, 0, 1, 0, 0, 1]);
    expect(kept({ age: { max: 24 } })).toEqual([1, 1, 0, 0, 0, 0]);
    expect(kept({ age: { min: 20, max: 30 }, sex: 'F' })).toEqual([0, 0, 1, 0, 0, 0]);
  });
  it('missing: true keeps the empty values only, false the others', () => {
    expect(kept({ age: { missing: true } })).toEqual([0, 0, 0, 1, 0, 0]);
    expect(kept({ area: { missing: false } })).toEqual([1, 1, 1, 1, 1, 0]);
  });
  it('counts everyone left out, and those whose value is not a number', () => {
    const s = applyWhere(parseWhere({ age: { min: 20 } }), 6, columns);
    expect([s.filteredOut, s.notNumeric]).toEqual([3, 1]);
  });
  it('says the clause in words', () => {
    expect(describeWhere(parseWhere({ age: { between: [18, 24] }, sex: 'F', area: ['N', 'E'], x: { min: 3 }, y: { max: 2 }, z: { missing: true } }))).toBe(
      'age 18-24; sex = F; area in (N, E); x >= 3; y <= 2; z is missing',
    );
  });
  it('names the columns the cohort lacks', () => {
    expect(missingColumns(parseWhere({ age: 1, force: 'x' }), columns.keys())).toEqual(['force']);
  });
  it.each([
    [{ age: [] }, ['age'], /empty list/],
    [{ age: { between: [1] } }, ['age', 'between'], /two numbers/],
    [{ age: { between: [1, 'x'] } }, ['age', 'between', 1], /expected a number/],
    [{ age: { min: 5, max: 1 } }, ['age'], /lower bound 5 is above the upper bound 1/],
    [{ age: { missing: 'yes' } }, ['age', 'missing'], /true or false/],
    [{ age: { missing: true, min: 1 } }, ['age'], /cannot be combined/],
    [{ age: { over: 1 } }, ['age', 'over'], /not a condition/],
    [{ age: null }, ['age'], /expected a value, a list/],
    [{ age: [1, { a: 1 }] }, ['age', 1], /text or number/],
  ])('rejects %j', (where, path, message) => {
    let err: unknown;
    try {
      parseWhere(where as Record<string, unknown>);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WhereError);
    expect((err as WhereError).path).toEqual(path);
    expect((err as WhereError).message).toMatch(message);
  });
});
