/**
 * A batch manifest (YAML or JSON): a dataset, defaults and a list of comparisons.
 *
 * ```yaml
 * dataset: extracts/                 # or cohort/charges/custody files
 * p_adjust: holm                     # holm (default), hochberg, bh, bonferroni, none
 * defaults: { measure: followup, follow-up: 12m }
 * comparisons:
 *   - name: Checkpoint, 18-24
 *     treated: Checkpoint
 *     comparison: Control
 *     where: { age: { between: [18, 24] } }
 *   - name: Scheme B vs national pool
 *     treated_cohort: schemeB.csv
 *     comparison_cohort: pool.csv
 * ```
 *
 * Rules, each checked here with the key and the line in the message (exit 78):
 * - Option keys are compare's flags without the dashes (`follow-up`, `ci-method`; `_` may stand
 *   for `-`). The allowed keys are derived from compare's option table, so the manifest and the
 *   command line cannot drift apart. Options that shape the output, not a comparison
 *   (format, output, quiet, no-color, verbose, reproducible), belong on the command line.
 * - Values are checked by the same parsers as the command line.
 * - File paths (dataset, cohort, charges, custody, map, treated-cohort, comparison-cohort) are
 *   relative to the manifest's folder; a missing file is exit 66.
 * - Every comparison has a unique `name`; `where` is checked by filters.ts.
 *
 * Pure apart from `existsSync` on the named files: the caller reads the manifest text.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from '../vendor/zod.js';
import { configError, inputError } from '../core/errors.js';
import type { OptSpec } from '../cli/options.js';
import { parseWhere, WhereError, type Where } from './filters.js';

/** p-value adjustment across the manifest, as R's p.adjust methods. */
export const BATCH_P_ADJUST = ['holm', 'hochberg', 'bh', 'bonferroni', 'none'] as const;
export type BatchPAdjust = (typeof BATCH_P_ADJUST)[number];

/** compare options that shape the output, not the comparison: command line only. */
export const OUTPUT_ONLY = ['format', 'output', 'quiet', 'color', 'verbose', 'reproducible'];

/** Option keys whose values are file paths (relative to the manifest's folder). */
const PATH_KEYS = ['cohort', 'charges', 'custody', 'map', 'treatedCohort', 'comparisonCohort'];

export interface ManifestComparison {
  name: string;
  /** position in the manifest (0-based) */
  index: number;
  /** option key (camelCase, as in compare's table) -> parsed value, defaults < comparison */
  options: Record<string, unknown>;
  /** where each option came from, `FILE:LINE: path` for messages */
  origin: Record<string, string>;
  /** the dataset folder, if any (relative to the working directory) */
  dataset?: string;
  where: Where;
  /** `FILE:LINE` of the comparison */
  at: string;
  /** `FILE:LINE` of each column of its where clause */
  whereAt: Record<string, string>;
}

export interface Manifest {
  file: string;
  pAdjust: BatchPAdjust;
  /** `FILE:LINE` of the p_adjust setting, or the file */
  pAdjustAt: string;
  comparisons: ManifestComparison[];
}

type RawOptions = Record<string, unknown> & { dataset?: string; p_adjust?: BatchPAdjust; 'p-adjust'?: BatchPAdjust };
type RawManifest = RawOptions & { defaults?: RawOptions; comparisons: (RawOptions & { name: string; where?: Record<string, unknown> })[] };

/** Manifest key of an option: its flag without the dashes (`--follow-up` -> `follow-up`). */
export function manifestKey(s: OptSpec): string {
  const m = /--(?:no-)?([a-z0-9-]+)/.exec(s.flags);
  return m ? m[1] : s.key;
}

const norm = (k: string) => k.replace(/_/g, '-');

/** Where a path in the YAML document starts: the line of its key (or item). */
function lineOf(doc: Document, lc: LineCounter, path: (string | number)[]): number {
  let node: unknown = doc.contents;
  let offset = (node as { range?: number[] } | null)?.range?.[0] ?? 0;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String((p.key as { value?: unknown })?.value ?? p.key) === String(seg));
      if (!pair) break;
      offset = (pair.key as { range?: number[] })?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)];
      if (!item) break;
      offset = (item as { range?: number[] }).range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return lc.linePos(offset).line;
}

/** A value naming a p-value adjustment method (holm, hochberg, bh, bonferroni, none). */
const isPMethod = (v: unknown): boolean => typeof v === 'string' && (BATCH_P_ADJUST as readonly string[]).includes(v.toLowerCase());

const valueAt = (raw: unknown, path: readonly PropertyKey[]) =>
  path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), raw);

const pathText = (path: readonly PropertyKey[]) =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '(top level)';

/** The zod schema of a manifest, with option keys from compare's table. */
function schema(optionKeys: string[]) {
  const value = z.union([z.string(), z.number(), z.boolean()]);
  const options = Object.fromEntries(optionKeys.flatMap((k) => [[k, value.optional()], ...(k.includes('-') ? [[k.replace(/-/g, '_'), value.optional()]] : [])]));
  const comparison = z.strictObject({ name: z.string().min(1), where: z.record(z.string(), z.unknown()).optional(), dataset: z.string().optional(), ...options });
  return z.strictObject({
    description: z.string().optional(),
    dataset: z.string().optional(),
    p_adjust: z.enum(BATCH_P_ADJUST).optional(),
    'p-adjust': z.enum(BATCH_P_ADJUST).optional(),
    defaults: z.strictObject({ dataset: z.string().optional(), p_adjust: z.enum(BATCH_P_ADJUST).optional(), 'p-adjust': z.enum(BATCH_P_ADJUST).optional(), ...options }).optional(),
    comparisons: z.array(comparison).min(1),
    ...Object.fromEntries(['cohort', 'charges', 'custody', 'map'].map((k) => [k, z.string().optional()])),
  });
}

function zodMessage(issue: z.core.$ZodIssue, allowed: string[], input: unknown): string {
  const where = pathText(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const k = issue.keys[0];
      const hint = k === 'adjust' ? " ('adjust' names compare's covariate adjustment; the p-value adjustment is p_adjust: holm | hochberg | bh | bonferroni | none)" : '';
      return `${where === '(top level)' ? '' : `${where}.`}${k}: not a manifest key or compare option${hint} (expected one of ${allowed.join(', ')})`;
    }
    case 'invalid_type':
      return `${where}: expected ${issue.expected === 'array' ? 'a list' : issue.expected === 'record' || issue.expected === 'object' ? 'a mapping of keys to values' : `a ${issue.expected}`}${issue.input === undefined ? ' (missing)' : ''}`;
    case 'invalid_value':
      return `${where}: expected one of ${issue.values.map(String).join(', ')}, got '${String(input)}'`;
    case 'too_small':
      return `${where}: ${issue.origin === 'array' ? 'give at least one comparison' : 'must not be empty'}`;
    case 'invalid_union':
      return `${where}: expected a text, number or true/false value`;
    default:
      return `${where}: ${issue.message}`;
  }
}

/**
 * Parse and check a manifest. `specs` is compare's option table; `parseValue` checks one
 * option value as the command line does (throws RangeError with the expected form).
 */
export function parseManifest(text: string, file: string, cwd: string, specs: OptSpec[], parseValue: (s: OptSpec, v: unknown) => unknown): Manifest {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = lc.linePos(e.pos[0]).line;
    throw configError(`not valid YAML or JSON: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, `${file}:${line}`);
  }
  const at = (path: (string | number)[]) => `${file}:${lineOf(doc, lc, path)}`;
  const raw: unknown = doc.toJS();
  const usable = specs.filter((s) => !OUTPUT_ONLY.includes(s.key));
  const byKey = new Map(usable.map((s) => [manifestKey(s), s]));
  const allowedOptions = [...byKey.keys()];
  const parsed = schema(allowedOptions).safeParse(raw);
  if (!parsed.success) {
    // the first issue in document order
    const issues = parsed.error.issues.map((i) => {
      const p = i.code === 'unrecognized_keys' ? [...i.path, i.keys[0]] : i.path;
      return { i, line: lineOf(doc, lc, p as (string | number)[]) };
    });
    issues.sort((a, b) => a.line - b.line);
    const { i, line } = issues[0];
    const level = i.path.length === 0 ? ['description', 'dataset', 'p_adjust', 'defaults', 'comparisons', 'cohort', 'charges', 'custody', 'map'] : i.path[0] === 'comparisons' ? ['name', 'where', 'dataset', ...allowedOptions] : ['dataset', 'p_adjust', ...allowedOptions];
    throw configError(zodMessage(i, level, valueAt(raw, i.path)), `${file}:${line}`);
  }
  const m = parsed.data as unknown as RawManifest;
  const base = dirname(resolve(cwd, file));
  const filePath = (v: string, path: (string | number)[], folder = false) => {
    const abs = isAbsolute(v) ? v : resolve(base, v);
    if (!existsSync(abs)) throw inputError(`${pathText(path)}: no such ${folder ? 'dataset folder' : 'file'} '${v}' (paths are relative to the manifest's folder)`, at(path));
    const rel = relative(cwd, abs);
    return rel === '' ? '.' : rel;
  };

  /** Options of one mapping (top level, defaults or a comparison), parsed, with origins. */
  const optionsOf = (obj: Record<string, unknown>, path: (string | number)[]) => {
    const options: Record<string, unknown> = {};
    const origin: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj)) {
      const s = byKey.get(norm(k));
      if (!s || v === undefined) continue;
      const here = [...path, k];
      if (s.key === 'adjust' && isPMethod(v)) {
        throw configError(`${pathText(here)}: '${String(v)}' is a p-value adjustment, which applies to the whole manifest: write p_adjust: ${String(v).toLowerCase()} at the top level or in defaults ('adjust' in a comparison names cohort columns for compare's adjusted hazard ratio)`, at(here));
      }
      let value: unknown;
      try {
        value = parseValue(s, v);
      } catch (e) {
        throw configError(`${pathText(here)}: ${(e as Error).message.replace(/^--[a-z-]+: /, '')}`, at(here));
      }
      if (PATH_KEYS.includes(s.key)) value = filePath(String(v), here);
      if (s.key in options) throw configError(`${pathText(here)}: given twice (as ${k} and another spelling)`, at(here));
      options[s.key] = value;
      origin[s.key] = `${at(here)}: ${pathText(here)}`;
    }
    return { options, origin };
  };

  // `adjust: holm` at the top level or in defaults (the spelling of the batch issue's example) is
  // the p-value adjustment; `adjust: age,sex` stays compare's covariate adjustment.
  let alias: { method: BatchPAdjust; path: string[] } | null = null;
  for (const [obj, path] of [[m, ['adjust']], [m.defaults, ['defaults', 'adjust']]] as const) {
    if (obj && isPMethod((obj as RawOptions).adjust)) {
      const method = String((obj as RawOptions).adjust).toLowerCase() as BatchPAdjust;
      if (alias && alias.method !== method) throw configError(`${pathText([...path])}: '${method}' contradicts ${pathText(alias.path)}: '${alias.method}'`, at([...path]));
      alias = { method, path: [...path] };
      delete (obj as RawOptions).adjust;
    }
  }
  const top = optionsOf(m, []);
  const defaults = optionsOf(m.defaults ?? {}, ['defaults']);
  const topDataset = m.dataset !== undefined ? filePath(m.dataset, ['dataset'], true) : undefined;
  const defDataset = m.defaults?.dataset !== undefined ? filePath(m.defaults.dataset, ['defaults', 'dataset'], true) : undefined;
  const pKey = m.p_adjust !== undefined ? ['p_adjust'] : m['p-adjust'] !== undefined ? ['p-adjust'] : m.defaults?.p_adjust !== undefined ? ['defaults', 'p_adjust'] : m.defaults?.['p-adjust'] !== undefined ? ['defaults', 'p-adjust'] : null;
  const given = (m.p_adjust ?? m['p-adjust'] ?? m.defaults?.p_adjust ?? m.defaults?.['p-adjust']) as BatchPAdjust | undefined;
  if (alias && pKey && given !== alias.method) throw configError(`${pathText(alias.path)}: '${alias.method}' contradicts ${pathText(pKey)}: '${String(given)}'`, at(alias.path));
  const pAdjust = (given ?? alias?.method ?? 'holm') as BatchPAdjust;

  const names = new Map<string, number>();
  const comparisons = m.comparisons.map((c, index): ManifestComparison => {
    const path = ['comparisons', index];
    const prev = names.get(c.name);
    if (prev !== undefined) throw configError(`comparisons[${index}].name: '${c.name}' is already the name of comparisons[${prev}]; names must be unique`, at([...path, 'name']));
    names.set(c.name, index);
    const own = optionsOf(c, path);
    const dataset = c.dataset !== undefined ? filePath(c.dataset, [...path, 'dataset'], true) : (defDataset ?? topDataset);
    const whereAt = Object.fromEntries(Object.keys(c.where ?? {}).map((k) => [k, at([...path, 'where', k])]));
    let where: Where;
    try {
      where = parseWhere(c.where ?? {});
    } catch (e) {
      if (!(e instanceof WhereError)) throw e;
      throw configError(`${pathText([...path, 'where', ...e.path])}: ${e.message}`, at([...path, 'where', ...e.path]));
    }
    return {
      name: c.name,
      index,
      options: { ...top.options, ...defaults.options, ...own.options },
      origin: { ...top.origin, ...defaults.origin, ...own.origin },
      dataset,
      where,
      at: at(path),
      whereAt,
    };
  });
  return { file, pAdjust, pAdjustAt: pKey ? at(pKey) : alias ? at(alias.path) : file, comparisons };
}
