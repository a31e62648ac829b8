/**
 * Disclosure control for what the report says outside the measures' rows: the reconciliation
 * counts, rejects by reason, and the free-text notes and warnings. Under `--min-cell K`, a count
 * from 1 to K-1 is shown as `<K` (zero is shown: nothing about a person follows from it), and a
 * sentence that carries such a count is withheld whole, since its other numbers could give it
 * back.
 */

/** A count for the report: `<K` when 1 <= n < K, else the number with thousands separators. */
export function countText(n: number, minCell: number): string {
  return minCell > 0 && n > 0 && n < minCell ? `<${minCell}` : n.toLocaleString('en-GB');
}

/** True when a count would be suppressed. */
export const isSmall = (n: number, minCell: number): boolean => minCell > 0 && n > 0 && n < minCell;

// A stand-alone whole number: not part of a date, quarter, decimal, percentage, duration or
// option value (12m, 2025Q1, 95%, 0.95, seed 1).
const NUMBER = /(?<![\w.,/:-])(\d{1,3}(?:,\d{3})+|\d+)(?![\w.%/:-]|,\d)/g;
const NOT_A_COUNT_AFTER = /^\s*(?:months?|days?|replicates|percentage|points?|%)/;
const NOT_A_COUNT_BEFORE = /(?:seed|--[a-z-]+|level|K|every|within a further|at least|of the)\s*$/;

/** The counts from 1 to K-1 a sentence holds. */
export function smallCountsIn(text: string, minCell: number): number[] {
  if (minCell <= 0) return [];
  const out: number[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const n = Number(m[1].replace(/,/g, ''));
    if (!(n > 0 && n < minCell)) continue;
    const before = text.slice(0, m.index);
    const after = text.slice((m.index ?? 0) + m[0].length);
    if (NOT_A_COUNT_AFTER.test(after) || NOT_A_COUNT_BEFORE.test(before)) continue;
    out.push(n);
  }
  return out;
}

/**
 * Sentences safe to print under --min-cell: one holding a count from 1 to K-1 is replaced by a
 * line saying it was withheld.
 * @example
 * withholdSmall(['3 people were in custody at cohort start', '120 rows read'], 10); // ['A note with a count below 10 is withheld (--min-cell 10).', '120 rows read']
 */
export function withholdSmall(texts: string[], minCell: number): string[] {
  return texts.map((t) => (smallCountsIn(t, minCell).length > 0 ? `A note with a count below ${minCell} is withheld (--min-cell ${minCell}).` : t));
}
