/**
 * The parallel reader (byte ranges on worker threads) must give exactly what the sequential
 * reader gives: the same model, counts, rejections and line numbers, however a file is split.
 * Runs the built worker (dist/io/parse-worker.js): `npm test` builds before vitest.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readdirSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { loadDataset, type Loaded } from '../../src/io/load.js';
import { eventsSpec, mergeParts, parseRange, readFileHeader, splitIsSafe, type PartResult, type PersonIndex } from '../../src/io/events.js';
import { parseWorkerUrl } from '../../src/io/parse-pool.js';
import { Worker } from 'node:worker_threads';
import { ByteMap } from '../../src/io/byte-map.js';
import { newCounts, PERSON_REJECTED, type ReaderContext } from '../../src/io/rows.js';
import { parseMapping } from '../../src/io/mapping-file.js';
import type { Mapping } from '../../src/io/mapping.js';

const ZOO = join(__dirname, '..', 'fixtures', 'zoo');

beforeAll(() => {
  if (!existsSync(join(__dirname, '..', '..', 'dist', 'io', 'parse-worker.js'))) {
    throw new Error('build first (npm run build): the parallel reader runs dist/io/parse-worker.js');
  }
});

async function load(dir: string, threads: number, asOf?: number, mapping?: Mapping): Promise<Loaded | string> {
  try {
    return await loadDataset(
      { cohort: 'cohort.csv', charges: existsSync(join(dir, 'charges.csv')) ? 'charges.csv' : 'charges.csv.gz', custody: 'custody.csv' },
      { cwd: dir, stdin: Readable.from([]), maxErrors: 20, asOf, parallel: { threads, minBytes: 0 }, mapping },
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

  it('the recid fixture under each of its mappings (where filters, missingChargeDate, a role declared absent)', async () => {
    const dir = join(__dirname, '..', 'fixtures', 'recid');
    for (const name of ['first-try', 'stand-in', 'offence-as-charge']) {
      const m = parseMapping(readFileSync(join(dir, 'maps', `${name}.json`), 'utf8'), name);
      for (const asOf of [undefined, 16892]) {
        const seq = snapshot(await load(dir, 1, asOf, m));
        expect(typeof seq === 'string' ? seq : seq.inputs[1].read).toBe(980);
        for (const threads of [2, 4]) expect(snapshot(await load(dir, threads, asOf, m)), `${name} ${threads}`).toEqual(seq);
      }
    }
  });

  it('generated charges with a where filter and offence-date stand-ins: the same rows, counts and lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desist-par-where-'));
    writeFileSync(join(dir, 'cohort.csv'), 'person_id,cohort_start\n' + Array.from({ length: 20 }, (_, i) => `P${i},2022-01-01`).join('\n') + '\n');
    writeFileSync(join(dir, 'custody.csv'), 'person_id,custody_start,custody_end\nP1,2022-03-01,2022-03-10\n');
    const m = parseMapping(JSON.stringify({ missingChargeDate: 'use-offence-date', where: { charges: { Source: ['keep', 'also'] } } }), 'where.json');
    const row = fc.record({
      id: fc.integer({ min: 0, max: 25 }),
      day: fc.integer({ min: 1, max: 28 }),
      charge: fc.constantFrom('same', 'empty', 'empty', 'later', 'bad'),
      offence: fc.constantFrom('date', 'date', 'empty'),
      source: fc.constantFrom('keep', 'also', ' keep ', 'drop', '', 'KEEP'),
      ragged: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 50 }), async (rows) => {
        const lines = ['person_id,charge_date,offence_date,source'];
        for (const r of rows) {
          const d = `2023-03-${String(r.day).padStart(2, '0')}`;
          const c = { same: d, empty: '', later: `2023-04-${String(r.day).padStart(2, '0')}`, bad: '2023-02-30' }[r.charge];
          lines.push(r.ragged && r.day % 5 === 0 ? `P${r.id},${c}` : `P${r.id},${c},${r.offence === 'date' ? d : ''},${r.source}`);
        }
        writeFileSync(join(dir, 'charges.csv'), lines.join('\n') + '\n');
        const seq = await load(dir, 1, undefined, m);
        const snap = snapshot(seq);
        for (const threads of [2, 3]) expect(snapshot(await load(dir, threads, undefined, m))).toEqual(snap);
        if (typeof seq === 'string') return;
        const c = seq.inputs[1];
        // every row is accounted for, and the filter and stand-ins are counted as the rows say
        expect(c.read).toBe(rows.length);
        expect(c.accepted + c.rejected + c.deduplicated + c.filtered).toBe(c.read);
        const whole = rows.filter((r) => !(r.ragged && r.day % 5 === 0));
        const kept = whole.filter((r) => r.source.trim() === 'keep' || r.source.trim() === 'also');
        expect(c.filtered).toBe(whole.length - kept.length);
        expect(c.chargeDateFromOffence).toBe(kept.filter((r) => r.charge === 'empty' && r.offence === 'date').length);
      }),
      { numRuns: 15 },
    );
  });
});

// issue 9, class 1: a quoted field with line breaks inside must stay one record wherever the
// parallel reader cuts the file, and however long the field is.
// A parsing thread maps its part's ids to cohort indices when the cohort's ids came while it
// parsed (a second message), and otherwise leaves them to mergeParts: both ways the same rows.
describe('the parsing thread and the cohort ids', () => {
  const dir = mkdtempSync(join(tmpdir(), 'desist-persons-'));
  const path = join(dir, 'charges.csv');
  writeFileSync(path, 'person_id,charge_date,offence_date,offence_code\n B ,2023-02-01,,X\nZ,2023-02-02,,X\nA,2023-02-03,,Y\nR,2023-02-04,,Y\nB,2023-02-05,,X\n');
  const ids = new ByteMap(16, { shared: true });
  for (const id of ['A', 'R', 'B']) ids.addString(id);
  // A is person 0, R's cohort row was rejected, B is person 1, Z is not in the cohort
  const index: PersonIndex = { ids: ids.table(), entryPerson: Int32Array.from([0, -1, 1]) };

  function inWorker(sendIndex: boolean): Promise<PartResult> {
    const fh = readFileHeader(path)!;
    const ctx: ReaderContext = { file: 'charges.csv', role: 'charges', mapping: undefined, rejections: [], counts: newCounts('charges', 'charges.csv') };
    const spec = eventsSpec(ctx, fh.header, 20000, 'charges.csv', fh.delimiter);
    const w = new Worker(parseWorkerUrl());
    // both messages are queued before the thread starts: it finds the ids when it has parsed
    w.postMessage({ spec, path, start: fh.bodyStart, end: fh.size, firstLine: 2, personsMayCome: true });
    if (sendIndex) w.postMessage(index);
    return new Promise((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
  }

  it('ids that came in time are mapped by the thread, -1 outside the cohort, PERSON_REJECTED for a rejected row', async () => {
    const part = await inWorker(true);
    expect(Array.from(part.persons!)).toEqual([1, -1, 0, PERSON_REJECTED]);
    const merged = mergeParts({ parts: [part], spec: part.spec, sha256: '', gzip: false, delimiter: 'comma' }, index);
    expect(Array.from(merged.views[0].blocks[0].person.subarray(0, 5))).toEqual([1, -1, 0, PERSON_REJECTED, 1]);
  });

  it('without them the part comes unmapped, and mergeParts maps it the same', async () => {
    const part = await inWorker(false);
    expect(part.persons).toBeUndefined();
    const merged = mergeParts({ parts: [part], spec: part.spec, sha256: '', gzip: false, delimiter: 'comma' }, index);
    expect(Array.from(merged.views[0].blocks[0].person.subarray(0, 5))).toEqual([1, -1, 0, PERSON_REJECTED, 1]);
  });
});

describe('long multi-line quoted fields at every split point', () => {
  const cohortText = 'person_id,cohort_start,cohort_end,group\n' + Array.from({ length: 10 }, (_, i) => `P${i},2022-01-01,,g`).join('\n') + '\n';
  /** CSV-like lines, as a free-text note pasted from a spreadsheet would hold */
  const noteLines = (n: number, seed: number) => Array.from({ length: n }, (_, i) => `P${(i + seed) % 10},2023-0${1 + (i % 9)}-1${i % 9},,X${i}`).join('\n');

  function write(dir: string, rows: string[]) {
    writeFileSync(join(dir, 'cohort.csv'), cohortText);
    writeFileSync(join(dir, 'custody.csv'), 'person_id,custody_start,custody_end\n');
    writeFileSync(join(dir, 'charges.csv'), 'person_id,charge_date,offence_date,offence_code,note\n' + rows.join('\n') + '\n');
  }

  /** The ten cohort ids P0..P9 as persons 0..9. */
  const idMap = new ByteMap(16, { shared: true });
  for (let i = 0; i < 10; i++) idMap.addString(`P${i}`);
  const cohortIds: PersonIndex = { ids: idMap.table(), entryPerson: Int32Array.from({ length: 10 }, (_, i) => i) };

  /** Parse the charges body cut at `cuts` (in this thread), as the parallel reader would, then merged. */
  function readCut(path: string, cuts: number[]) {
    const fh = readFileHeader(path)!;
    const ctx: ReaderContext = { file: 'charges.csv', role: 'charges', mapping: undefined, rejections: [], counts: newCounts('charges', 'charges.csv') };
    const spec = eventsSpec(ctx, fh.header, 20000, 'charges.csv', fh.delimiter);
    const bounds = [fh.bodyStart, ...cuts, fh.size];
    let parts = bounds.slice(1).map((end, i) => parseRange({ spec, path, start: bounds[i], end, firstLine: i === 0 ? 2 : undefined }));
    if (!splitIsSafe(parts)) parts = [parseRange({ spec, path, start: fh.bodyStart, end: fh.size, firstLine: 2 })];
    const m = mergeParts({ parts, spec, sha256: '', gzip: false, delimiter: 'comma' }, cohortIds);
    const rows = m.views.flatMap((v) => v.blocks.flatMap((b, j) => Array.from(b.line.subarray(0, v.rows[j]))));
    return { counts: m.counts, rejections: m.rejections, rows, codes: m.codes };
  }

  it('generated files: the long field across every possible cut (each line end), one and two cuts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'desist-longq-'));
    const path = join(dir, 'charges.csv');
    const field = fc.record({ lines: fc.integer({ min: 1, max: 20 }), at: fc.integer({ min: 0, max: 8 }), crlf: fc.boolean() });
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 3 }), fc.integer({ min: 2, max: 8 }), (fields, plain) => {
        const rows: string[] = [];
        for (let i = 0; i < plain; i++) rows.push(`P${i % 10},2023-02-0${1 + (i % 9)},,C${i},`);
        fields.forEach((f, k) => rows.splice(Math.min(f.at, rows.length), 0, `P${k},2023-03-01,,Q${k},"${noteLines(f.lines, k).replaceAll('\n', f.crlf ? '\r\n' : '\n')}"`));
        write(dir, rows);
        const whole = readCut(path, []);
        // one record per record: plain rows + one per long field, nothing from inside the notes
        expect(whole.counts.read).toBe(plain + fields.length);
        expect(whole.counts.accepted).toBe(plain + fields.length);
        const text = readFileSync(path);
        const bodyStart = text.indexOf(10) + 1;
        const ends: number[] = [];
        for (let i = text.indexOf(10, bodyStart); i >= 0 && i + 1 < text.length; i = text.indexOf(10, i + 1)) ends.push(i + 1);
        for (const cut of ends) expect(readCut(path, [cut]), `cut at byte ${cut}`).toEqual(whole);
        for (let i = 0; i + 1 < ends.length; i += 3) expect(readCut(path, [ends[i], ends[ends.length - 1 - (i % ends.length)]].sort((x, y) => x - y))).toEqual(whole);
      }),
      { numRuns: 10 },
    );
  }, 180_000);

  it('on worker threads too (2 and 3 threads)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desist-longq-'));
    const rows = Array.from({ length: 40 }, (_, i) => (i % 7 === 3 ? `P${i % 10},2023-03-01,,Q,"${noteLines(30 + i, i)}"` : `P${i % 10},2023-02-01,,C${i},`));
    write(dir, rows);
    const seq = snapshot(await load(dir, 1, 20000));
    if (typeof seq === 'string') throw new Error(seq);
    expect(seq.inputs[1].read).toBe(40);
    for (const threads of [2, 3]) expect(snapshot(await load(dir, threads, 20000))).toEqual(seq);
  });

  it('a quoted field longer than the record limit (1 MiB) and the 4 MiB read chunk is one rejected record, in every reader', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desist-longq-'));
    const inner = noteLines(260_000, 0); // about 5 MB of CSV-like lines
    write(dir, ['P1,2023-01-01,,A,', `P2,2023-01-02,,B,"${inner}"`, 'P3,2023-01-03,,C,']);
    const seq = snapshot(await load(dir, 1, 20000));
    if (typeof seq === 'string') throw new Error(seq);
    expect(seq.inputs[1]).toMatchObject({ read: 3, accepted: 2, rejected: 1 });
    expect(seq.rejections).toHaveLength(1);
    expect(seq.rejections[0]).toMatchObject({ line: 3, kind: 'malformed CSV' });
    expect(seq.rejections[0].reason).toMatch(/^record on lines 3-260002 is longer than 1048576 bytes$/);
    expect(snapshot(await load(dir, 2, 20000))).toEqual(seq);
  });
});
