/**
 * One order of groups for every output: the treated value(s) first (in the order given), then
 * the comparison value, then every other group value sorted by name (code-unit order), and
 * people with no group value last, labelled "(blank)" so that an empty value is visible.
 * Without options, the values literally named `treated` and `comparison` lead (the defaults of
 * `desist compare`).
 *
 * @example
 * groupOrder(['b', 'comparison', 'a', 'treated']); // [3, 1, 2, 0] — treated, comparison, a, b
 * groupLabel(-1, ['a']); // '(blank)'
 */
export const BLANK_GROUP = '(blank)';
export const DEFAULT_TREATED = 'treated';
export const DEFAULT_COMPARISON = 'comparison';

export interface GroupRoles {
  treated?: readonly string[];
  comparison?: string;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Group indices (into `names`) in output order. */
export function groupOrder(names: readonly string[], roles: GroupRoles = {}): number[] {
  const treated = roles.treated ?? [DEFAULT_TREATED];
  const comparison = roles.comparison ?? DEFAULT_COMPARISON;
  const lead = [...treated.filter((t) => t !== comparison), comparison];
  const first: number[] = [];
  for (const v of lead) {
    const g = names.indexOf(v);
    if (g >= 0 && !first.includes(g)) first.push(g);
  }
  const rest = names
    .map((_, g) => g)
    .filter((g) => !first.includes(g))
    .sort((a, b) => byName(names[a], names[b]));
  return [...first, ...rest];
}

/** The rank of each group in {@link groupOrder}: rank[g] = position of group g. */
export function groupRanks(names: readonly string[], roles: GroupRoles = {}): Int32Array {
  const rank = new Int32Array(names.length);
  groupOrder(names, roles).forEach((g, r) => (rank[g] = r));
  return rank;
}

/** The label of group index g (-1 = no group value). */
export function groupLabel(g: number, names: readonly string[]): string {
  return g < 0 ? BLANK_GROUP : names[g];
}
