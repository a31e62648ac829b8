/**
 * Disclosure control (MEASURES.md §7). `--min-cell K` suppresses every count of people below K
 * and every rate or interval derived from it (primary suppression, by the command's
 * {@link CountRule} table). In a row with anything suppressed, every `reason` text is replaced
 * by "suppressed", since a reason ("no reoffenders") can give a value away.
 *
 * Complementary suppression, inside one row, from the additive identities between its counts
 * ({@link IDENTITIES}, written down once here): a suppressed count must never come back by adding
 * or subtracting the counts that are shown. For each identity `total = part + part (+ rest)`:
 * - exact (every term published, e.g. eligible = at_risk + in_custody_whole_quarter): when exactly
 *   one term is suppressed, one more is, the total first (the parts, the finer figures, stay);
 * - with an unpublished `rest` (e.g. eligible = charged + not charged): when the rest is below K
 *   and no published term is suppressed, the smallest part is suppressed (as is everything
 *   derived from it), so the rest cannot be had by subtraction.
 * Suppressing one count can make another identity need one more: this repeats until none does.
 * An identity applies to a row only when all its published terms are numbers there and, for an
 * exact one, when it holds in that row (eligible = at_risk + in_custody_whole_quarter holds with
 * `--custody whole-quarter`, not with `min-liberty`). Sums across rows are not considered:
 * tables for publication should still be reviewed, and `--round` used as well.
 * `--round N` rounds the published counts to a multiple of N (rates are computed from the
 * unrounded counts, as official statistics do). Suppressed values become null, and the row's
 * `suppressed` array names them (dot paths for nested fields).
 *
 * To protect a new count: give it a {@link CountRule} in the command's table (what it derives),
 * and add every sum it takes part in to {@link IDENTITIES}.
 */
export interface CountRule {
  /** the count (dot path) */
  count: string;
  /** fields derived from it (dot paths) */
  derived: string[];
  /** optional total the count is part of: suppress the derived fields when total - count < K */
  total?: string;
}

/** `total = parts[0] + parts[1] + ... (+ an unpublished remainder named by `rest`)`. */
export interface Identity {
  total: string;
  parts: string[];
  /** the remainder total - sum(parts), when it is not published (words, for the docs) */
  rest?: string;
}

/**
 * Every additive identity between published counts, for every command (field names as dot
 * paths). An identity applies to the rows that hold all its published fields.
 */
export const IDENTITIES: readonly Identity[] = [
  // quarterly (MEASURES.md: eligible, at risk, custody adjustment)
  { total: 'eligible', parts: ['at_risk', 'in_custody_whole_quarter'] },
  { total: 'eligible', parts: ['charged'], rest: 'eligible people not charged' },
  { total: 'at_risk', parts: ['charged_at_risk'], rest: 'people at risk not charged' },
  // followup
  { total: 'n', parts: ['reoffenders'], rest: 'people who did not reoffend' },
  // compare and ci (two groups; one figure x/n)
  { total: 'treated.n', parts: ['treated.x'], rest: 'treated people without the outcome' },
  { total: 'comparison.n', parts: ['comparison.x'], rest: 'comparison people without the outcome' },
  { total: 'n', parts: ['x'], rest: 'n - x' },
];

/** The identities of a rule table: {@link IDENTITIES}, and each rule's `total` as a remainder identity. */
export function identitiesOf(rules: CountRule[]): Identity[] {
  const out = [...IDENTITIES];
  const key = (i: Identity) => `${i.total}=${i.parts.join('+')}${i.rest === undefined ? '' : '+rest'}`;
  const seen = new Set(out.map(key));
  for (const r of rules) {
    if (!r.total) continue;
    const id: Identity = { total: r.total, parts: [r.count], rest: `${r.total} - ${r.count}` };
    if (!seen.has(key(id))) {
      seen.add(key(id));
      out.push(id);
    }
  }
  return out;
}

/** The published terms of `id` in `row`, or null when the identity does not apply to the row. */
function termsIn(row: Record<string, unknown>, id: Identity): { total: number; parts: number[] } | null {
  const total = get(row, id.total);
  const parts = id.parts.map((p) => get(row, p));
  if (typeof total !== 'number' || !parts.every((v): v is number => typeof v === 'number')) return null;
  const sum = parts.reduce((a, b) => a + b, 0);
  if (id.rest === undefined ? sum !== total : sum > total) return null;
  return { total, parts };
}

/**
 * Complementary suppression in one row (see the module comment): adds to `hide` until no
 * identity lets a suppressed count, or a remainder below K, be recovered. `hideCount` hides a
 * count with everything derived from it.
 */
export function complementary(row: Record<string, unknown>, identities: readonly Identity[], minCell: number, hide: Set<string>, hideCount: (c: string) => void): void {
  const applicable = identities.flatMap((id) => {
    const t = termsIn(row, id);
    return t ? [{ id, ...t }] : [];
  });
  for (let changed = true; changed; ) {
    changed = false;
    for (const { id, total, parts } of applicable) {
      const terms = [id.total, ...id.parts];
      const hidden = terms.filter((t) => hide.has(t)).length;
      const shownParts = id.parts.map((p, i) => ({ p, v: parts[i] })).filter((x) => !hide.has(x.p));
      let next: string | undefined;
      if (id.rest === undefined) {
        if (hidden !== 1) continue;
        next = !hide.has(id.total) ? id.total : shownParts.sort((a, b) => a.v - b.v)[0]?.p;
      } else {
        const rest = total - parts.reduce((a, b) => a + b, 0);
        if (hidden > 0 || rest >= minCell) continue;
        next = shownParts.sort((a, b) => a.v - b.v)[0]?.p ?? id.total;
      }
      if (next !== undefined && !hide.has(next)) {
        hideCount(next);
        changed = true;
      }
    }
  }
}

function get(row: Record<string, unknown>, path: string): unknown {
  let v: unknown = row;
  for (const k of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

function set(row: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = row;
  for (const k of keys.slice(0, -1)) {
    const next = o[k];
    if (next === null || typeof next !== 'object') return;
    o = next as Record<string, unknown>;
  }
  if (keys[keys.length - 1] in o) o[keys[keys.length - 1]] = value;
}

export interface DisclosureOptions {
  minCell: number;
  round: number;
}

/**
 * Apply suppression (primary, then complementary from `identities`) and rounding to every row;
 * returns the number of values suppressed.
 */
export function applyDisclosure(rows: Record<string, unknown>[], rules: CountRule[], o: DisclosureOptions, identities: readonly Identity[] = identitiesOf(rules)): number {
  let total = 0;
  const counts = [...new Set(rules.flatMap((r) => [r.count, ...(r.total ? [r.total] : [])]))];
  for (const row of rows) {
    const hide = new Set<string>();
    const hideCount = (c: string) => {
      hide.add(c);
      for (const r of rules) if (r.count === c) r.derived.forEach((d) => hide.add(d));
    };
    if (o.minCell > 0) {
      for (const r of rules) {
        const c = get(row, r.count);
        if (typeof c === 'number' && c < o.minCell) hideCount(r.count);
      }
      complementary(row, identities, o.minCell, hide, hideCount);
    }
    if (o.round > 1) {
      for (const c of counts) {
        const v = get(row, c);
        if (typeof v === 'number' && !hide.has(c)) set(row, c, Math.round(v / o.round) * o.round);
      }
    }
    const present = [...hide].filter((h) => get(row, h) !== undefined);
    if (present.length > 0) {
      for (const h of present) set(row, h, null);
      hideReasons(row);
      row.suppressed = present;
      total += present.length;
    } else if (o.minCell > 0) row.suppressed = [];
  }
  return total;
}

/** Replace every reason text in a row (at any depth) by "suppressed". */
function hideReasons(o: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'string' && (k === 'reason' || k.endsWith('_reason') || k.startsWith('reason_'))) o[k] = 'suppressed';
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) hideReasons(v as Record<string, unknown>);
  }
}

/** True when a row had any value suppressed. */
export function isSuppressed(row: Record<string, unknown>): boolean {
  return Array.isArray(row.suppressed) && row.suppressed.length > 0;
}

/** "1 person", "2 people": counts in sentences. */
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/** Warn when a publication-style output still has small cells (K not given). */
export function smallCells(rows: Record<string, unknown>[], rules: CountRule[], threshold = 10): number {
  let n = 0;
  for (const row of rows) {
    for (const r of rules) {
      const c = get(row, r.count);
      if (typeof c === 'number' && c > 0 && c < threshold) n++;
    }
  }
  return n;
}
