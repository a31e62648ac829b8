/**
 * Disclosure inside one row (issue 9, class 11): with the identities of src/report/disclosure.ts,
 * no suppressed count (and no unpublished remainder below K) can be had back from one row by
 * adding or subtracting the counts that are shown, however many steps the attacker chains.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { IDENTITIES, applyDisclosure, identitiesOf, type CountRule, type Identity } from '../../src/report/disclosure.js';
import { QUARTERLY_RULES } from '../../src/cli/quarterly.js';
import { FOLLOWUP_RULES } from '../../src/cli/followup.js';
import { COMPARE_RULES } from '../../src/cli/compare.js';

type Row = Record<string, unknown>;

function get(row: Row, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Row)[k] : undefined), row);
}

/**
 * What an attacker learns from the published row: start from the shown counts; an identity with
 * exactly one unknown term (its remainder counts as a term, never shown) gives that term. Returns
 * the terms learnt that were suppressed, and the remainders below K that were learnt.
 */
function recovered(original: Row, published: Row, identities: readonly Identity[], k: number): string[] {
  const applies = (id: Identity) => {
    const t = get(original, id.total);
    const ps = id.parts.map((p) => get(original, p));
    if (typeof t !== 'number' || !ps.every((v) => typeof v === 'number')) return false;
    const sum = (ps as number[]).reduce((a, b) => a + b, 0);
    return id.rest === undefined ? sum === t : sum <= t;
  };
  const ids = identities.filter(applies);
  const known = new Set<string>();
  for (const id of ids) for (const term of [id.total, ...id.parts]) if (typeof get(published, term) === 'number') known.add(term);
  const restName = (id: Identity) => `rest(${id.total}-${id.parts.join('-')})`;
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of ids) {
      const terms = [id.total, ...id.parts, ...(id.rest !== undefined ? [restName(id)] : [])];
      const unknown = terms.filter((t) => !known.has(t));
      if (unknown.length === 1) {
        known.add(unknown[0]);
        changed = true;
      }
    }
  }
  const leaks: string[] = [];
  for (const id of ids) {
    for (const term of [id.total, ...id.parts]) if (known.has(term) && get(published, term) === null) leaks.push(term);
    if (id.rest !== undefined && known.has(restName(id))) {
      const rest = (get(original, id.total) as number) - id.parts.reduce((a, p) => a + (get(original, p) as number), 0);
      if (rest < k) leaks.push(`${restName(id)} = ${rest}`);
    }
  }
  return [...new Set(leaks)];
}

function check(rows: Row[], rules: CountRule[], k: number): void {
  const originals = structuredClone(rows);
  applyDisclosure(rows, rules, { minCell: k, round: 0 });
  rows.forEach((r, i) => expect(recovered(originals[i], r, identitiesOf(rules), k), JSON.stringify(originals[i])).toEqual([]));
}

const quarterlyRow = fc
  .record({ atRisk: fc.nat(80), whole: fc.nat(15), cAR: fc.nat(80), cWhole: fc.nat(15), exact: fc.boolean() })
  .map(({ atRisk, whole, cAR, cWhole, exact }) => {
    const chargedAtRisk = Math.min(cAR, atRisk);
    const charged = chargedAtRisk + Math.min(cWhole, whole);
    // with min-liberty, some eligible people are neither at risk nor in custody all quarter
    const eligible = atRisk + whole + (exact ? 0 : 3);
    return {
      quarter: '2024Q1',
      eligible,
      in_custody_whole_quarter: whole,
      charged,
      desistance_unadjusted: eligible ? 1 - charged / eligible : null,
      at_risk: atRisk,
      charged_at_risk: chargedAtRisk,
      desistance: atRisk ? 1 - chargedAtRisk / atRisk : null,
      charges: charged * 2,
      liberty_days: atRisk * 90,
    } as Row;
  });

describe('complementary suppression inside one row', () => {
  it('the issue: eligible 64, at risk 61, in custody all quarter 3 (K = 10): 3 is no longer one subtraction away', () => {
    const row: Row = { eligible: 64, in_custody_whole_quarter: 3, charged: 30, at_risk: 61, charged_at_risk: 28, desistance_unadjusted: 0.53, desistance: 0.54 };
    applyDisclosure([row], QUARTERLY_RULES, { minCell: 10, round: 0 });
    expect(row.in_custody_whole_quarter).toBeNull();
    expect(row.eligible).toBeNull(); // the total goes, the finer figures stay
    expect(row.desistance_unadjusted).toBeNull();
    expect([row.at_risk, row.charged_at_risk, row.desistance]).toEqual([61, 28, 0.54]);
  });

  it('166 eligible, 157 at risk (9 in custody all quarter), K = 10', () => {
    const row: Row = { eligible: 166, in_custody_whole_quarter: 9, charged: 50, at_risk: 157, charged_at_risk: 47 };
    applyDisclosure([row], QUARTERLY_RULES, { minCell: 10, round: 0 });
    expect([row.eligible, row.in_custody_whole_quarter]).toEqual([null, null]);
  });

  it('an identity that does not hold in the row (custody min-liberty) asks for nothing', () => {
    const row: Row = { eligible: 70, in_custody_whole_quarter: 3, charged: 30, at_risk: 61, charged_at_risk: 28 };
    applyDisclosure([row], QUARTERLY_RULES, { minCell: 10, round: 0 });
    expect(row.eligible).toBe(70);
  });

  it('quarterly rows: no suppressed count recovered, for any K', () => {
    fc.assert(fc.property(fc.array(quarterlyRow, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 20 }), (rows, k) => check(rows, QUARTERLY_RULES, k)), { numRuns: 2000 });
  });

  it('followup rows: no suppressed count recovered', () => {
    const row = fc.record({ n: fc.nat(60), r: fc.nat(60), nm: fc.nat(20) }).map(({ n, r, nm }) => ({ group: 'g', n, not_mature: nm, no_index: 0, reoffenders: Math.min(r, n), rate: n ? Math.min(r, n) / n : null }) as Row);
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 20 }), (rows, k) => check(rows, FOLLOWUP_RULES, k)), { numRuns: 1000 });
  });

  it('compare rows: no suppressed count recovered', () => {
    const side = fc.record({ n: fc.nat(60), x: fc.nat(60) }).map(({ n, x }) => ({ x: Math.min(x, n), n, proportion: n ? Math.min(x, n) / n : null }));
    const row = fc.record({ treated: side, comparison: side }).map((r) => ({ ...r, difference: { estimate: 0 } }) as Row);
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 20 }), (rows, k) => check(rows, COMPARE_RULES, k)), { numRuns: 1000 });
  });

  it('every identity names fields that a command table protects', () => {
    const counted = new Set([...QUARTERLY_RULES, ...FOLLOWUP_RULES, ...COMPARE_RULES].map((r) => r.count).concat(['x', 'n']));
    for (const id of IDENTITIES) for (const t of [id.total, ...id.parts]) expect(counted.has(t), t).toBe(true);
  });
});
