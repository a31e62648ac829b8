/**
 * The mapping file's plain check (src/io/mapping-file.ts quickMapping) against its zod schema:
 * whatever the plain check accepts, zod accepts and returns as the same object (same keys in
 * the same order, the same values); what it does not accept is left to zod.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mappingSchema, parseConfigJson, quickMapping } from '../../src/io/mapping-file.js';

const ROOT = resolve(__dirname, '../..');

/** Every desist.json and mapping JSON under test/ and sample-data/. */
function mappingFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules') mappingFiles(path, out);
    } else if (name === 'desist.json' || (name.endsWith('.json') && /maps?$/.test(dir))) out.push(path);
  }
  return out;
}

function same(json: unknown): void {
  const quick = quickMapping(json);
  const r = mappingSchema().safeParse(json);
  if (quick === null) return;
  expect(r.success).toBe(true);
  expect(JSON.stringify(quick)).toBe(JSON.stringify(r.data));
  expect(quick).toStrictEqual(r.data);
}

describe('quickMapping', () => {
  const files = [...mappingFiles(join(ROOT, 'test')), ...mappingFiles(join(ROOT, 'sample-data'))];

  it('returns what zod returns for every mapping file of the repository', () => {
    expect(files.length).toBeGreaterThan(5);
    let accepted = 0;
    for (const f of files) {
      let json: unknown;
      try {
        json = parseConfigJson(readFileSync(f, 'utf8'));
      } catch {
        continue;
      }
      same(json);
      if (quickMapping(json) !== null) accepted++;
    }
    expect(accepted).toBeGreaterThan(5);
  });

  it('returns what zod returns for every field, keys in the schema order whatever the file order', () => {
    const full = {
      encoding: { custody: 'latin1', cohort: 'utf-8' },
      where: { charges: { Source: ['a', 'b'], '2': ['x'] } },
      twoDigitYearPivot: 1940,
      missingChargeDate: 'use-offence-date',
      options: { asOf: '2024-01-01', minCell: 5, strict: true },
      files: { charges: 'c.csv', cohort: 'p.csv' },
      dateFormats: { charges: 'dd/mm/yy' },
      dateFormat: 'yyyy-mm-dd',
      columns: { custody: { custody_start: 'Start', custody_end: null }, cohort: { person_id: 'ID', extra: 'X' } },
      description: 'd',
      $schema: 's',
    };
    const json = parseConfigJson(JSON.stringify(full));
    expect(quickMapping(json)).not.toBeNull();
    same(json);
    same(parseConfigJson(JSON.stringify({ encoding: 'latin1' })));
    same(parseConfigJson('{}'));
  });

  it('leaves every invalid file to zod', () => {
    const bad = [
      [],
      'x',
      null,
      { unknown: 1 },
      { description: 3 },
      { columns: { people: {} } },
      { columns: { cohort: { person_id: '' } } },
      { columns: { cohort: { person_id: 5 } } },
      { dateFormat: 'someday' },
      { dateFormats: { cohort: 'nope' } },
      { files: { cohort: '' } },
      { options: { a: null } },
      { options: { a: [1] } },
      { missingChargeDate: 'guess' },
      { twoDigitYearPivot: 1940.5 },
      { twoDigitYearPivot: 999 },
      { twoDigitYearPivot: 9900 },
      { twoDigitYearPivot: '1940' },
      { where: { charges: { Source: [] } } },
      { where: { charges: { '': ['a'] } } },
      { where: { charges: { Source: [1] } } },
      { where: { charges: { Source: 'a' } } },
      { encoding: 'klingon' },
      { encoding: { cohort: 'klingon' } },
      { encoding: { other: 'latin1' } },
    ];
    for (const b of bad) {
      const json = parseConfigJson(JSON.stringify(b));
      expect(quickMapping(json), JSON.stringify(b)).toBeNull();
      expect(mappingSchema().safeParse(json).success, JSON.stringify(b)).toBe(false);
    }
  });
});
