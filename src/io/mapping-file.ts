/**
 * Reading and checking a mapping file (desist.json or --map FILE) with zod: every problem is a
 * configuration error (exit 78) naming the key. Kept apart from mapping.ts so that the worker
 * threads, which only need the column tables, do not load zod.
 */
import { z } from '../vendor/zod.js';
import { DATE_FORMATS, twoDigitYear, type DateFormat } from './dates.js';
import { ENCODINGS } from './utf8.js';
import { COLUMNS, MISSING_CHARGE_DATE, ROLES, type Mapping } from './mapping.js';
import { configError } from '../core/errors.js';

/** canonical name -> the extract's column name, or null: the extract has no such column. */
const columnMap = z.record(z.string(), z.string().min(1).nullable());
const perRole = <T extends z.ZodTypeAny>(t: T) =>
  z.object({ cohort: t.optional(), charges: t.optional(), custody: t.optional() }).strict();

export const mappingSchema = z
  .object({
    $schema: z.string().optional(),
    description: z.string().optional(),
    columns: perRole(columnMap).optional(),
    dateFormat: z.enum(DATE_FORMATS).optional(),
    dateFormats: perRole(z.enum(DATE_FORMATS)).optional(),
    files: perRole(z.string().min(1)).optional(),
    options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    missingChargeDate: z.enum(MISSING_CHARGE_DATE).optional(),
    twoDigitYearPivot: z.number().int().min(1000).max(9899).optional(),
    where: perRole(z.record(z.string().min(1), z.array(z.string()).min(1))).optional(),
    encoding: z.union([z.enum(ENCODINGS), perRole(z.enum(ENCODINGS))]).optional(),
  })
  .strict();


/**
 * JSON objects as null-prototype objects: a key such as `__proto__` or `constructor` is then an
 * ordinary key, checked (and reported) like any other, never object machinery.
 */
export function parseConfigJson(text: string): unknown {
  return JSON.parse(text.replace(/^\uFEFF/, ''), (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.assign(Object.create(null) as object, value) : value,
  );
}

/** Names that are object machinery in JavaScript: never a column or a setting. */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/** The path of the first key anywhere in `v` that is a reserved name, or null. */
export function reservedKeyPath(v: unknown, path: string[] = []): string | null {
  if (v === null || typeof v !== 'object') return null;
  for (const [k, child] of Object.entries(v)) {
    if (RESERVED.has(k) && !Array.isArray(v)) return [...path, k].join('.');
    const inner = reservedKeyPath(child, [...path, k]);
    if (inner) return inner;
  }
  return null;
}

/**
 * Parse and check a mapping file's text; any problem is a config error (exit 78). A key such as
 * `__proto__` (which zod's copies of records would silently drop) is reported like any unknown key.
 */
export function parseMapping(text: string, file: string): Mapping {
  let json: unknown;
  try {
    json = parseConfigJson(text);
  } catch (e) {
    throw configError(`not valid JSON: ${(e as Error).message}`, file);
  }
  const reserved = reservedKeyPath(json);
  if (reserved) throw configError(`${reserved}: unrecognized key (a reserved name, never a column or setting)`, file);
  const r = mappingSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue.path.join('.') || '(top level)';
    throw configError(`${path}: ${issue.message}`, file);
  }
  const m = r.data;
  for (const role of ROLES) {
    const cols = m.columns?.[role];
    if (!cols) continue;
    const known = [...COLUMNS[role].required, ...COLUMNS[role].optional];
    for (const [canonical, source] of Object.entries(cols)) {
      if (role !== 'cohort' && !known.includes(canonical)) {
        throw configError(`columns.${role}.${canonical}: not a ${role} column (expected one of ${known.join(', ')})`, file);
      }
      if (source === null && COLUMNS[role].required.includes(canonical)) {
        throw configError(`columns.${role}.${canonical}: a required column cannot be declared absent (null)`, file);
      }
    }
  }
  if (m.missingChargeDate === 'use-offence-date' && m.columns?.charges?.offence_date === null) {
    throw configError('missingChargeDate: use-offence-date needs an offence_date column, but columns.charges.offence_date is null', file);
  }
  checkPivot(m, file);
  return m;
}

/** A two-digit-year format needs a declared pivot; a pivot without such a format is a mistake. */
function checkPivot(m: Mapping, file: string): void {
  const formats = [m.dateFormat, ...Object.values(m.dateFormats ?? {})].filter((f): f is DateFormat => f !== undefined);
  const short = formats.filter(twoDigitYear);
  if (short.length > 0 && m.twoDigitYearPivot === undefined) {
    throw configError(
      `dateFormat ${short[0]}: a two-digit year needs "twoDigitYearPivot", the first year two-digit years stand for (e.g. 1940: 40-99 are 1940-1999 and 00-39 are 2000-2039)`,
      file,
    );
  }
  if (short.length === 0 && m.twoDigitYearPivot !== undefined) throw configError('twoDigitYearPivot: no dateFormat with a two-digit year (yy) is declared', file);
}

