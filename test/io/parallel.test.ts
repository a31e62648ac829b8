/**
 * The parallel reader (byte ranges on worker threads) must give exactly what the sequential
 * reader gives: the same model, counts, rejections and line numbers, however a file is split.
 * Runs the built worker (dist/io/parse-worker.js): `npm test` builds before vitest.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { loadDataset, type Loaded } from '../../src/io/load.js';

const ZOO = join(__dirname, '..', 'fixtures', 'zoo');

beforeAll(() => {
  if (!existsSync(join(__dirname, '..', '..', 'dist', 'io', 'parse-worker.js'))) {
    throw new Error('build first (npm run build): the parallel reader runs dist/io/parse-worker.js');
  }
});

async function load(dir: string, threads: number, asOf?: number): Promise<Loaded | string> {
  try {
    return await loadDataset(
      { cohort: 'cohort.csv', charges: existsSync(join(dir, 'charges.csv')) ? 'charges.csv' : 'charges.csv.gz', custody: 'custody.csv' },
      { cwd: dir, stdin: Readable.from([]), maxErrors: 20, asOf, parallel: { threads, minBytes: 0 } },
    );
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

function snapshot(l: Loaded | string) {
  if (typeof l === 'string') return l;
  const d = l.dataset;
  return {
    asOf: d.asOf,
    people: { n: d.people.n, start: Array.from(d.people.cohortStart), group: Array.from(d.people.group), ids: Array.from({ length: d.people.n }, (_, p) => d.people.id(p)) },
    charges: {
      personStart: Array.from(d.charges.personStart),
      chargeDate: Array.from(d.charges.chargeDate),
      offenceDate: Array.from(d.charges.offenceDate),
      code: Array.from(d.charges.offenceCode).map((c) => (c < 0 ? null : d.charges.codes[c])),
    },
    custody: { personStart: Array.from(d.custody.personStart), start: Array.from(d.custody.start), end: Array.from(d.custody.end) },
    inputs: l.inputs.map((c) => ({ ...c })),
    rejections: l.rejections,
    warnings: l.warnings,
  };
}

describe('parallel reader equals the sequential reader', () => {
  for (const name of readdirSync(ZOO).filter((n) => !n.includes('.'))) {
    it(`zoo/${name}`, async () => {
      const dir = join(ZOO, name);
      if (existsSync(join(dir, 'desist.json'))) return; // mapped fixtures are read by the CLI tests
      const seq = snapshot(await load(dir, 1));
      for (const threads of [2, 4]) expect(snapshot(await load(dir, threads))).toEqual(seq);
    });
  }

  it('generated charges files with quotes, CRLF, blank lines and bad rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desist-par-'));
    writeFileSync(join(dir, 'cohort.csv'), 'person_id,cohort_start,cohort_end,group\n' + Array.from({ length: 30 }, (_, i) => `P${String(i).padStart(3, '0')},2022-01-01,,${i % 2 ? 'a' : 'b'}`).join('\n') + '\n');
    writeFileSync(join(dir, 'custody.csv'), 'person_id,custody_start,custody_end\nP001,2022-03-01,2022-03-10\nP001,2022-03-05,\n');
    const row = fc.record({
      id: fc.integer({ min: 0, max: 40 }),
      day: fc.integer({ min: 1, max: 28 }),
      month: fc.integer({ min: 1, max: 12 }),
      kind: fc.constantFrom('plain', 'plain', 'plain', 'quoted', 'newline', 'blank', 'bad-date', 'ragged', 'dup'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 60 }), fc.boolean(), async (rows, crlf) => {
        const lines = ['person_id,charge_date,offence_date,offence_code,note'];
        for (const r of rows) {
          const d = `2023-${String(r.month).padStart(2, '0')}-${String(r.day).padStart(2, '0')}`;
          const id = `P${String(r.id).padStart(3, '0')}`;
          if (r.kind === 'plain') lines.push(`${id},${d},${d},C${r.day % 3},x`);
          if (r.kind === 'quoted') lines.push(`${id},${d},,C1,"a, ""b"""`);
          if (r.kind === 'newline') lines.push(`${id},${d},${d},C2,"two\nlines"`);
          if (r.kind === 'blank') lines.push('');
          if (r.kind === 'bad-date') lines.push(`${id},2023-02-30,,C1,x`);
          if (r.kind === 'ragged') lines.push(`${id},${d}`);
          if (r.kind === 'dup') lines.push(`${id},${d},${d},C1,x`, `${id},${d},${d},C1,x`);
        }
        writeFileSync(join(dir, 'charges.csv'), lines.join(crlf ? '\r\n' : '\n') + '\n');
        const seq = snapshot(await load(dir, 1, 20000));
        expect(snapshot(await load(dir, 2, 20000))).toEqual(seq);
        expect(snapshot(await load(dir, 3))).toEqual(snapshot(await load(dir, 1)));
      }),
      { numRuns: 12 },
    );
  });
});
