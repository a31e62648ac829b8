/**
 * Disclosure control (MEASURES.md §7). `--min-cell K` suppresses every count of people below K
 * and every rate or interval derived from it. When a count's complement (total - count) is
 * below K, the count and everything derived from it are suppressed too, since the complement
 * could be recovered by subtraction. In a row with anything suppressed, every `reason` text is
 * replaced by "suppressed", since a reason ("no reoffenders") can give a value away.
 *
 * This is primary and complementary suppression per row. It does not search for every
 * difference between published counts (e.g. eligible - at_risk); tables for publication should
 * still be reviewed, and `--round` used as well.
 * `--round N` rounds the published counts to a multiple of N (rates are computed from the
 * unrounded counts, as official statistics do). Suppressed values become null, and the row's
 * `suppressed` array names them (dot paths for nested fields).
 */
export interface CountRule {
  /** the count (dot path) */
  count: string;
  /** fields derived from it (dot paths) */
  derived: string[];
  /** optional total the count is part of: suppress the derived fields when total - count < K */
  total?: string;
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

/** Apply suppression then rounding to every row; returns the number of values suppressed. */
export function applyDisclosure(rows: Record<string, unknown>[], rules: CountRule[], o: DisclosureOptions): number {
  let total = 0;
  const counts = [...new Set(rules.flatMap((r) => [r.count, ...(r.total ? [r.total] : [])]))];
  for (const row of rows) {
    const hide = new Set<string>();
    if (o.minCell > 0) {
      for (const r of rules) {
        const c = get(row, r.count);
        if (typeof c !== 'number') continue;
        if (c < o.minCell) {
          hide.add(r.count);
          r.derived.forEach((d) => hide.add(d));
        }
        const t = r.total ? get(row, r.total) : undefined;
        if (typeof t === 'number' && t - c < o.minCell) {
          hide.add(r.count);
          r.derived.forEach((d) => hide.add(d));
        }
      }
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
