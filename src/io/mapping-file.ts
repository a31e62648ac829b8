/**
 * Reading and checking a mapping file (desist.json or --map FILE) with zod: every problem is a
 * configuration error (exit 78) naming the key. Kept apart from mapping.ts so that the worker
 * threads, which only need the column tables, do not load zod.
 */
import { z } from 'zod';
import { DATE_FORMATS } from './dates.js';
import { ENCODINGS } from './utf8.js';
import { COLUMNS, ROLES, type Mapping } from './mapping.js';
import { configError } from '../core/errors.js';

const columnMap = z.record(z.string(), z.string().min(1));
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
    for (const canonical of Object.keys(cols)) {
      if (role !== 'cohort' && !known.includes(canonical)) {
        throw configError(`columns.${role}.${canonical}: not a ${role} column (expected one of ${known.join(', ')})`, file);
      }
    }
  }
  return m;
}

