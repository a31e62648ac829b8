/**
 * The mapping file (`desist.json` in a dataset folder, or `--map FILE`): how an extract's
 * columns are named, how its dates are written, and default option values.
 *
 * ```json
 * { "columns": { "cohort": { "person_id": "Nominal ID", "cohort_start": "IOM Start Date" } },
 *   "dateFormat": "dd/mm/yyyy",
 *   "options": { "asOf": "2025-03-31", "treated": "treated", "comparison": "comparison" } }
 * ```
 * Column maps go canonical name -> the extract's name. Unmapped columns are matched by their
 * canonical name, ignoring case and surrounding spaces.
 */
import type { DateFormat } from './dates.js';

export const ROLES = ['cohort', 'charges', 'custody'] as const;
export type Role = (typeof ROLES)[number];

export const COLUMNS: Record<Role, { required: string[]; optional: string[]; dates: string[] }> = {
  cohort: { required: ['person_id', 'cohort_start'], optional: ['cohort_end', 'group'], dates: ['cohort_start', 'cohort_end'] },
  charges: {
    required: ['person_id', 'charge_date'],
    optional: ['offence_date', 'offence_code', 'offence_category', 'outcome'],
    dates: ['charge_date', 'offence_date'],
  },
  custody: { required: ['person_id', 'custody_start'], optional: ['custody_end', 'custody_type'], dates: ['custody_start', 'custody_end'] },
};

/** A parsed mapping file (see mapping-file.ts for its schema and checks). */
export interface Mapping {
  $schema?: string;
  description?: string;
  /** canonical name -> the extract's column name; null: the extract has no such column */
  columns?: Partial<Record<Role, Record<string, string | null>>>;
  dateFormat?: DateFormat;
  dateFormats?: Partial<Record<Role, DateFormat>>;
  /** with a two-digit-year format: the first year of the hundred years such years stand for */
  twoDigitYearPivot?: number;
  files?: Partial<Record<Role, string>>;
  options?: Record<string, string | number | boolean>;
  /** a charge with an empty charge_date: rejected (default), or dated by its offence_date */
  missingChargeDate?: MissingChargeDate;
  /** row filters: keep only rows whose column (the extract's name) holds one of the values */
  where?: Partial<Record<Role, Record<string, string[]>>>;
}

export const MISSING_CHARGE_DATE = ['reject', 'use-offence-date'] as const;
export type MissingChargeDate = (typeof MISSING_CHARGE_DATE)[number];

export function dateFormatFor(m: Mapping | undefined, role: Role): DateFormat {
  return m?.dateFormats?.[role] ?? m?.dateFormat ?? 'auto';
}

/** A row filter resolved against a header: keep rows whose field `index` is one of `values`. */
export interface RowFilter {
  column: string;
  index: number;
  values: string[];
}

/**
 * The mapping's `where` for one extract, against its header: each key is a column of the file
 * (by its name in the file, or by its canonical name when mapped), matched as other names are.
 * Returns the filters and the names it could not find.
 */
export function resolveWhere(header: string[], role: Role, m: Mapping | undefined, index: Map<string, number>): { filters: RowFilter[]; unknown: string[] } {
  const filters: RowFilter[] = [];
  const unknown: string[] = [];
  for (const [column, values] of Object.entries(m?.where?.[role] ?? {})) {
    let at = header.findIndex((h) => norm(h) === norm(column));
    if (at < 0) at = index.get(column) ?? -1;
    if (at < 0) unknown.push(`'${column}'`);
    else filters.push({ column, index: at, values: values.map((v) => v.trim()) });
  }
  return { filters, unknown };
}

const norm = (s: string) => s.replace(/^\uFEFF/, '').trim().toLowerCase();

export interface ResolvedColumns {
  /** canonical name -> index in the header, for the columns present. */
  index: Map<string, number>;
  /** header names that no canonical column took (cohort: these become covariates). */
  extra: { name: string; index: number }[];
}

/**
 * Match a header to canonical columns. Missing required columns are reported by the caller,
 * before any row is read.
 */
export function resolveColumns(
  header: string[],
  role: Role,
  m: Mapping | undefined,
): ResolvedColumns & { missing: string[]; missingMapped: string[]; duplicated: string[]; shared: string[] } {
  const byName = new Map<string, number[]>();
  header.forEach((h, i) => byName.set(norm(h), [...(byName.get(norm(h)) ?? []), i]));
  const explicit = m?.columns?.[role] ?? {};
  const index = new Map<string, number>();
  const missing: string[] = [];
  const missingMapped: string[] = [];
  const duplicated: string[] = [];
  const { required, optional } = COLUMNS[role];
  const wanted = [...required, ...optional, ...(role === 'cohort' ? Object.keys(explicit).filter((k) => !required.includes(k) && !optional.includes(k)) : [])];
  for (const canonical of wanted) {
    if (explicit[canonical] === null) continue; // declared absent: not matched by name either
    const source = explicit[canonical] ?? canonical;
    const at = byName.get(norm(source));
    if (at !== undefined) {
      if (at.length > 1) duplicated.push(`'${source}' (columns ${at.map((i) => i + 1).join(' and ')})`);
      index.set(canonical, at[0]);
    } else if (explicit[canonical] !== undefined) missingMapped.push(`'${source}' (for ${canonical})`);
    else if (required.includes(canonical)) missing.push(canonical);
  }
  // two canonical columns read from one column of the file: a mapping mistake
  const byIndex = new Map<number, string[]>();
  for (const [k, i] of index) byIndex.set(i, [...(byIndex.get(i) ?? []), k]);
  // the role matched by name alone is the one to declare absent, if the file has no such column
  const byName2 = (ks: string[]) => ks.filter((k) => explicit[k] === undefined && !required.includes(k));
  const shared = [...byIndex.entries()]
    .filter(([, ks]) => ks.length > 1)
    .map(([i, ks]) => {
      const hint = byName2(ks).map((k) => `if the file has no ${k}, declare "${k}": null in columns.${role}`);
      return `${ks.join(' and ')} would both read column '${header[i].trim()}'${hint.length > 0 ? ` (${hint.join('; ')})` : ''}`;
    });
  const taken = new Set(index.values());
  const extra = header.map((name, i) => ({ name: name.replace(/^\uFEFF/, '').trim(), index: i })).filter((c) => !taken.has(c.index));
  return { index, extra, missing, missingMapped, duplicated, shared };
}
