/** Reading a harm-weights file (`offence_code,weight`), for --weights. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createRequire } from 'node:module';

// csv-parse is loaded only when such a file is read (its CommonJS build: the same code)
const require = createRequire(import.meta.url);
const parse = (text: string, o: import('csv-parse/sync').Options): unknown => (require('csv-parse/sync') as typeof import('csv-parse/sync')).parse(text, o);
import { createHash } from 'node:crypto';
import { dataError, inputError, usageError } from '../core/errors.js';
import { quote, quoteList } from '../core/text.js';
import type { People } from '../model/dataset.js';

export function readWeights(cwd: string, file: string): { weights: Map<string, number>; sha256: string } {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (e) {
    throw inputError(`cannot read the weights file (${(e as NodeJS.ErrnoException).code})`, file);
  }
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (e) {
    throw dataError(`not a readable CSV: ${(e as Error).message}`, file);
  }
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const ci = header.indexOf('offence_code');
  const wi = header.indexOf('weight');
  if (ci < 0 || wi < 0) {
    throw dataError(`expected columns offence_code and weight; columns found: ${quoteList(header)}`, `${file}:1`);
  }
  const out = new Map<string, number>();
  records.slice(1).forEach((r, i) => {
    const line = i + 2;
    const code = (r[ci] ?? '').trim();
    const w = Number((r[wi] ?? '').trim());
    if (code === '') throw dataError('missing offence_code', `${file}:${line}`);
    if ((r[wi] ?? '').trim() === '' || !Number.isFinite(w) || w < 0) {
      throw dataError(`weight: ${quote(r[wi] ?? '')} is not a non-negative number`, `${file}:${line}`);
    }
    if (out.has(code)) throw dataError(`offence_code ${quote(code)} is given a weight twice`, `${file}:${line}`);
    out.set(code, w);
  });
  return { weights: out, sha256: createHash('sha256').update(text).digest('hex') };
}

/**
 * Case weights from a cohort column (--weights-column, e.g. `weight` written by desist match):
 * every value must be a number >= 0. Returns null when every weight is 1 (the plain analysis).
 */
export function cohortWeights(people: People, column: string, file: string): { weights: Float64Array; allOne: boolean } {
  const values = people.covariates.get(column);
  if (!values) {
    throw usageError(`--weights-column: '${column}' is not a column of ${file} (its other columns: ${[...people.covariates.keys()].map((c) => `'${c}'`).join(', ') || 'none'})`);
  }
  const weights = new Float64Array(people.n);
  let allOne = true;
  for (let p = 0; p < people.n; p++) {
    const text = values[p];
    const w = Number(text);
    if (text === '' || !Number.isFinite(w) || w < 0) {
      throw dataError(`${column}: '${text}' is not a weight (a number >= 0), for person_id '${people.id(p)}'`, file);
    }
    weights[p] = w;
    if (w !== 1) allOne = false;
  }
  return { weights, allOne };
}
